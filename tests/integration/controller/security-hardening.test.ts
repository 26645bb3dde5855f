import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  PASSWORD,
  api,
  assertData,
  assertError,
  assertNoContent,
  assertValidation,
  createUser,
  signIn,
  signUpAdmin,
  startTestApp,
  tempDir,
  type Account,
  type TestApp,
} from '../../support/controller.ts';

/**
 * The security review's findings (issue 14), each against a real controller over real HTTP:
 * sign-in limits per address and email, what API keys may not do, the Host allow-list,
 * request timeouts, body limits and JSON nesting.
 */

/** A documentation address (TEST-NET-3) as the client a trusted proxy reports; no traffic goes there. */
const forwardedFor = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });

describe('sign-in limits hold per address and per email, whatever credentials ride along', () => {
  let app: TestApp;
  let dataDir: string;
  let admin: Account;
  let victim: Account;
  before(async () => {
    // The accounts are made under raised limits; the tests then run against a restart with a small one.
    // trustProxy lets the test play several client addresses through X-Forwarded-For.
    dataDir = await tempDir('limits');
    app = await startTestApp({ dataDir, trustProxy: true });
    admin = await signUpAdmin(app.url);
    victim = await createUser(app.url, admin.token, { email: 'victim@example.com' });
    await app.close();
    app = await startTestApp({ dataDir, trustProxy: true, rateLimits: { auth: 3 } });
  });
  after(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a valid session attached to sign-in attempts buys no extra attempts', async () => {
    const headers = forwardedFor(1);
    for (let i = 0; i < 3; i++) {
      assertError(await api(app.url, '/auth/signin', { headers, body: { email: 'nobody@example.com', password: 'wrong password' } }), 401, 'INVALID_CREDENTIALS');
    }
    assertError(await api(app.url, '/auth/signin', { headers, body: { email: 'nobody@example.com', password: 'wrong password' } }), 429, 'RATE_LIMITED');
    // The same address with a valid session (the bypass) and with an API key: still limited.
    assertError(await api(app.url, '/auth/signin', { headers, token: victim.token, body: { email: 'nobody@example.com', password: 'x' } }), 429, 'RATE_LIMITED');
    assertError(await api(app.url, '/auth/signup', { headers, token: admin.token, body: { email: 'n@example.com', password: PASSWORD, name: 'N' } }), 429, 'RATE_LIMITED');
  });

  test('guesses at one email from many addresses are limited too, and the owner is told when to retry', async () => {
    for (let i = 0; i < 3; i++) {
      assertError(await api(app.url, '/auth/signin', { headers: forwardedFor(10 + i), body: { email: victim.email, password: 'wrong password' } }), 401, 'INVALID_CREDENTIALS');
    }
    const refused = await api(app.url, '/auth/signin', { headers: forwardedFor(20), body: { email: victim.email, password: PASSWORD } });
    assertError(refused, 429, 'RATE_LIMITED');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    // Another account from a fresh address is unaffected.
    assertData(await api(app.url, '/auth/signin', { headers: forwardedFor(21), body: { email: admin.email, password: PASSWORD } }));
  });

  test('wrong currentPassword guesses count against the same address budget', async () => {
    const headers = forwardedFor(30);
    const session = await api(app.url, '/auth/signin', { headers: forwardedFor(31), body: { email: admin.email, password: PASSWORD } });
    const token: string = session.body.data.token;
    for (let i = 0; i < 3; i++) {
      assertValidation(await api(app.url, '/users/me', { token, headers, method: 'PATCH', body: { password: 'another password', currentPassword: `guess ${i}` } }), ['currentPassword']);
    }
    assertError(await api(app.url, '/users/me', { token, headers, method: 'PATCH', body: { password: 'another password', currentPassword: PASSWORD } }), 429, 'RATE_LIMITED');
    assertError(await api(app.url, '/auth/signin', { headers, body: { email: 'someone@example.com', password: 'x' } }), 429, 'RATE_LIMITED');
  });
});

describe('API keys cannot escalate', () => {
  let app: TestApp;
  let admin: Account;
  let user: Account;
  let key: string;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    user = await createUser(app.url, admin.token, { email: 'keyholder@example.com' });
    const created = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'one day', expiresInDays: 1 } });
    assertData(created, 201);
    assert.equal(created.body.data.scope, 'full');
    key = created.body.data.secret;
  });
  after(() => app.close());

  test('a key cannot create a key, or revoke another key', async () => {
    assertError(await api(app.url, '/users/me/api-keys', { token: key, body: { name: 'forever' } }), 403, 'FORBIDDEN');
    const other = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'other' } });
    assertError(await api(app.url, `/users/me/api-keys/${other.body.data.id}`, { token: key, method: 'DELETE' }), 403, 'FORBIDDEN');
    const list = await api(app.url, '/users/me/api-keys', { token: user.token });
    assert.deepEqual(list.body.data.map((k: { name: string }) => k.name).sort(), ['one day', 'other']);
  });

  test('a key cannot change the email or the password, even with the current password', async () => {
    assertError(await api(app.url, '/users/me', { token: key, method: 'PATCH', body: { email: 'attacker@example.com' } }), 403, 'FORBIDDEN');
    assertError(await api(app.url, '/users/me', { token: key, method: 'PATCH', body: { email: 'attacker@example.com', currentPassword: PASSWORD } }), 403, 'FORBIDDEN');
    assertError(await api(app.url, '/users/me', { token: key, method: 'PATCH', body: { password: 'attacker password', currentPassword: PASSWORD } }), 403, 'FORBIDDEN');
    // The name is not a credential: a key may still change it.
    assertData(await api(app.url, '/users/me', { token: key, method: 'PATCH', body: { name: 'Scripted' } }));
    const me = await api(app.url, '/users/me', { token: user.token });
    assert.equal(me.body.data.email, 'keyholder@example.com');
  });

  test('a session changing the email needs the current password', async () => {
    assertValidation(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { email: 'new-keyholder@example.com' } }), ['currentPassword']);
    assertValidation(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { email: 'new-keyholder@example.com', currentPassword: 'wrong one' } }), ['currentPassword']);
    const changed = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { email: 'new-keyholder@example.com', currentPassword: PASSWORD } });
    assertData(changed);
    assert.equal(changed.body.data.email, 'new-keyholder@example.com');
  });

  test('a read-only key may read but not change anything, and its console tokens cannot type', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'viewer', scope: 'read-only' } });
    assertData(created, 201);
    assert.equal(created.body.data.scope, 'read-only');
    const viewer: string = created.body.data.secret;
    assertData(await api(app.url, '/users/me', { token: viewer }));
    assertData(await api(app.url, '/servers', { token: viewer }), 200, true);
    assertError(await api(app.url, '/users/me', { token: viewer, method: 'PATCH', body: { name: 'nope' } }), 403, 'FORBIDDEN');
    assertValidation(await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'x', scope: 'root' } }), ['scope']);
  });

  test('a password change revokes every key and every other session', async () => {
    const other = await signIn(app.url, 'new-keyholder@example.com');
    assertData(await api(app.url, '/users/me', { token: key }));
    const res = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { password: 'a fresh password', currentPassword: PASSWORD } });
    assertData(res);
    assertError(await api(app.url, '/users/me', { token: key }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/users/me', { token: other.token }), 401, 'UNAUTHORIZED');
    assertData(await api(app.url, '/users/me', { token: user.token }));
    const list = await api(app.url, '/users/me/api-keys', { token: user.token });
    assert.deepEqual(list.body.data, []);
  });

  test('a key may still revoke itself', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'self' } });
    assertNoContent(await api(app.url, `/users/me/api-keys/${created.body.data.id}`, { token: created.body.data.secret, method: 'DELETE' }));
  });
});

interface RawResponse {
  status: number;
  body: string;
}

/** fetch will not send a Host header of our choosing; node:http will. */
function withHost(base: string, path: string, host: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const url = new URL(`/api/v1${path}`, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: { host, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('Host header allow-list (DNS rebinding)', () => {
  let app: TestApp;
  let port: string;
  before(async () => {
    app = await startTestApp({ allowedHosts: ['stellar.example.test'] });
    port = new URL(app.url).port;
  });
  after(() => app.close());

  test('a foreign Host cannot claim a fresh instance: 421 in the envelope, and no admin is created', async () => {
    const res = await withHost(app.url, '/auth/signup', `evil.example:${port}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://evil.example:${port}` },
      body: JSON.stringify({ email: 'intruder@example.com', password: PASSWORD, name: 'Intruder' }),
    });
    assert.equal(res.status, 421, res.body);
    const body = JSON.parse(res.body);
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'HOST_NOT_ALLOWED');
    const status = await api(app.url, '/auth/status');
    assert.equal(status.body.data.setupRequired, true, 'still unclaimed');
  });

  test('the bind address, localhost, [::1] and an --allowed-host value all work', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST.:${port}`, `[::1]:${port}`, `stellar.example.test:${port}`, 'stellar.example.test']) {
      const res = await withHost(app.url, '/auth/status', host);
      assert.equal(res.status, 200, `${host}: ${res.body}`);
    }
  });

  test('a Host that only starts like an allowed one, or the UI under a foreign name, is refused', async () => {
    for (const host of [`localhost.evil.example:${port}`, `stellar.example.test.evil:${port}`, `10.1.2.3:${port}`]) {
      assert.equal((await withHost(app.url, '/auth/status', host)).status, 421, host);
    }
    const page = await new Promise<number>((resolve, reject) => {
      httpRequest(new URL('/', app.url), { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    assert.equal(page, 421);
  });
});

describe('slow and heavy requests', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp({ requestTimeoutMs: 1500 });
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('a client sending its body a byte at a time is cut off after the request timeout', async () => {
    const { port } = new URL(app.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write(`POST /api/v1/auth/signin HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`);
    const drip = setInterval(() => socket.write(' '), 200);
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const endedAfter = await new Promise<number>((resolve) => {
      socket.once('close', () => resolve(Date.now() - started));
      socket.on('error', () => {});
      setTimeout(() => resolve(-1), 15_000).unref();
    });
    clearInterval(drip);
    socket.destroy();
    assert.ok(endedAfter > 0, 'the server closed the connection');
    // The 1.5 s deadline plus Node's deadline check interval (1 s here), with room for a busy machine.
    assert.ok(endedAfter >= 1000 && endedAfter < 8000, `closed after ${endedAfter} ms`);
    assert.ok(answer === '' || answer.startsWith('HTTP/1.1 408'), `answer: ${answer.slice(0, 80)}`);
  });

  test('an ordinary body is limited to 64 KB; a blueprint may be larger', async () => {
    const big = { name: 'x'.repeat(70 * 1024) };
    assertError(await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: big }), 413, 'PAYLOAD_TOO_LARGE');
    const blueprint = await api(app.url, '/blueprints', { token: admin.token, body: { id: 'big-one', description: 'y'.repeat(200 * 1024) } });
    assert.notEqual(blueprint.status, 413, 'the blueprint routes take up to 1 MB');
    assertError(blueprint, 422, 'VALIDATION_ERROR');
  });

  test('deeply nested JSON is refused before it is parsed, quickly, without signing in', async () => {
    const depth = 20_000;
    const body = '['.repeat(depth) + ']'.repeat(depth);
    const started = performance.now();
    const res = await api(app.url, '/auth/signin', { body, headers: { 'content-type': 'application/json' } });
    const elapsed = performance.now() - started;
    assertError(res, 400, 'BAD_REQUEST', { maxDepth: 32 });
    assert.ok(elapsed < 1000, `answered in ${elapsed.toFixed(0)} ms`);
    // Nesting within the cap is ordinary JSON: here a 422 for the wrong shape.
    const shallow = '{"email":' + '['.repeat(10) + ']'.repeat(10) + '}';
    assertError(await api(app.url, '/auth/signin', { body: shallow, headers: { 'content-type': 'application/json' } }), 422, 'VALIDATION_ERROR');
  });
});
