import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { signUpAdmin, startTestApp, type Account, type TestApp } from '../../support/controller.ts';

const run = promisify(execFile);

/** Runs a shell snippet the way a user pastes it, with $TOKEN and $BASE in the environment. */
async function sh(script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run('sh', ['-c', script], { env: { ...process.env, ...env } });
  return stdout;
}

async function hasPythonRequests(): Promise<boolean> {
  try {
    await run('python3', ['-c', 'import requests']);
    return true;
  } catch {
    return false;
  }
}

describe("the seed's request styles work as written", () => {
  let app: TestApp;
  let admin: Account;
  let env: Record<string, string>;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    env = { TOKEN: admin.token, BASE: app.url };
  });
  after(() => app.close());

  test('cURL: GET with -H "Authorization: Bearer $TOKEN"', async () => {
    const out = await sh(`curl $BASE/api/v1/users/me \\
-H "Authorization: Bearer $TOKEN"`, env);
    const { data } = JSON.parse(out);
    assert.equal(data.email, admin.email);
  });

  test('cURL: POST with a JSON body', async () => {
    const out = await sh(`curl -X POST $BASE/api/v1/users/me/api-keys \\
-H "Authorization: Bearer $TOKEN" \\
-H "Content-Type: application/json" \\
-d '{
"name": "My Key",
"expiresInDays": 30
}'`, env);
    const { data } = JSON.parse(out);
    assert.equal(data.name, 'My Key');
    assert.match(data.secret, /^strk_key_/);
  });

  test('cURL: pagination with ?page=&limit=', async () => {
    const out = await sh(`curl "$BASE/api/v1/admin/users?page=1&limit=20" \\
-H "Authorization: Bearer $TOKEN"`, env);
    assert.deepEqual(JSON.parse(out).meta, { total: 1, page: 1, limit: 20 });
  });

  test('cURL: an API key works the same way as the session token', async () => {
    const created = JSON.parse(await sh(`curl -X POST $BASE/api/v1/users/me/api-keys -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"name":"curl"}'`, env));
    const out = await sh(`curl $BASE/api/v1/auth/session \\
-H "Authorization: Bearer $TOKEN"`, { ...env, TOKEN: created.data.secret });
    assert.equal(JSON.parse(out).data.session.method, 'api_key');
  });

  test("JavaScript: the seed's fetch snippet parses { data }", async () => {
    const token = admin.token;
    const response = await fetch(`${app.url}/api/v1/users/me`, {
      headers: {
        'Authorization': `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });
    // Node's fetch types json() as unknown (the DOM lib said any): the snippet is plain JavaScript.
    const { data } = (await response.json()) as { data: { email: string } };
    assert.equal(response.status, 200);
    assert.equal(data.email, admin.email);
  });

  test("JavaScript: the seed's headers work on POST with a body, and on bodiless DELETE and POST", async () => {
    const headers = {
      'Authorization': `Bearer ${admin.token}`,
      'Content-Type': 'application/json',
    };
    const created = await fetch(`${app.url}/api/v1/users/me/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'js' }) });
    assert.equal(created.status, 201);
    const { data } = (await created.json()) as { data: { id: string } };
    const removed = await fetch(`${app.url}/api/v1/users/me/api-keys/${data.id}`, { method: 'DELETE', headers });
    assert.equal(removed.status, 204, await removed.clone().text());
    // A script that signs in, works, and signs out with the same headers object.
    const signin = await fetch(`${app.url}/api/v1/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const session = ((await signin.json()) as { data: { token: string } }).data;
    const signout = await fetch(`${app.url}/api/v1/auth/signout`, {
      method: 'POST',
      headers: { 'Authorization': `Bearer ${session.token}`, 'Content-Type': 'application/json' },
    });
    assert.equal(signout.status, 204, await signout.clone().text());
    const after = await fetch(`${app.url}/api/v1/users/me`, { headers: { 'Authorization': `Bearer ${session.token}` } });
    assert.equal(after.status, 401);
  });

  test("cURL: a bodiless DELETE that still sends the JSON Content-Type", async () => {
    const created = JSON.parse(await sh(`curl -s -X POST $BASE/api/v1/users/me/api-keys -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d '{"name":"gone"}'`, env));
    const status = await sh(`curl -s -o /dev/null -w '%{http_code}' -X DELETE $BASE/api/v1/users/me/api-keys/${created.data.id} \\
-H "Authorization: Bearer $TOKEN" \\
-H "Content-Type: application/json"`, env);
    assert.equal(status, '204');
  });

  test("Python: the seed's requests snippet", async (t) => {
    if (!(await hasPythonRequests())) {
      t.skip('python3 with requests is not installed');
      return;
    }
    const { stdout } = await run('python3', ['-c', `
import os, requests
token = os.environ['TOKEN']
headers = {
    'Authorization': f'Bearer {token}',
    'Content-Type': 'application/json',
}
response = requests.get(
    os.environ['BASE'] + '/api/v1/users/me',
    headers=headers
)
data = response.json()
print(data['data']['email'])
`], { env: { ...process.env, ...env } });
    assert.equal(stdout.trim(), admin.email);
  });
});
