import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PASSWORD, api, signIn, signUpAdmin, spawnController, startTestApp, tempDir } from '../../support/controller.ts';

describe('secrets at rest', () => {
  test('the data file holds no password, session token or API key secret; passwords are argon2id', async () => {
    const app = await startTestApp();
    try {
      const admin = await signUpAdmin(app.url);
      const second = await signIn(app.url, admin.email);
      const key = await api(app.url, '/users/me/api-keys', { token: admin.token, body: { name: 'ci' } });
      const userPassword = 'another secret password';
      const created = await api(app.url, '/admin/users', { token: admin.token, body: { email: 'u@example.com', name: 'U', password: userPassword } });
      assert.equal(created.status, 201);
      const user = await signIn(app.url, 'u@example.com', userPassword);
      const changed = 'a changed secret password';
      await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { password: changed, currentPassword: userPassword } });
      await app.controller.store.close();

      const path = join(app.dataDir, 'stellarstack.json');
      const text = await readFile(path, 'utf8');
      const secrets = [PASSWORD, userPassword, changed, admin.token, second.token, user.token, key.body.data.secret];
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `the data file must not contain ${secret.slice(0, 12)}…`);
        // Not even the random part of a token without its prefix.
        const random = secret.replace(/^strk_(sess|key)_/, '');
        assert.ok(!text.includes(random));
      }
      const doc = JSON.parse(text);
      assert.equal(doc.users.length, 2);
      for (const u of doc.users) assert.match(u.passwordHash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      assert.ok(doc.sessions.length >= 3);
      for (const s of doc.sessions) assert.match(s.tokenHash, /^[0-9a-f]{64}$/);
      assert.equal(doc.apiKeys.length, 1);
      assert.match(doc.apiKeys[0].secretHash, /^[0-9a-f]{64}$/);
      // Owner-only: the file holds every account's hashes.
      assert.equal((await stat(path)).mode & 0o077, 0, 'data file is not readable by others');
      assert.equal((await stat(app.dataDir)).mode & 0o077, 0, 'data dir is not readable by others');
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('at --log-level info, no Authorization value, cookie, password or key secret reaches stdout or stderr', async () => {
    const data = await tempDir('logs');
    dirs.push(data);
    const controller = await spawnController(['--port', '0', '--data', data, '--no-local-agent', '--log-level', 'info']);
    const secrets: string[] = [];
    try {
      const admin = await signUpAdmin(controller.url);
      const session = await signIn(controller.url, admin.email);
      const key = await api(controller.url, '/users/me/api-keys', { token: admin.token, body: { name: 'logged?' } });
      const keySecret: string = key.body.data.secret;
      const garbage = 'strk_sess_GarbageTokenThatMustNotBeLogged123';
      // Successful, refused and failing requests, by Bearer and by cookie.
      await api(controller.url, '/users/me', { token: admin.token });
      await api(controller.url, '/users/me', { token: keySecret });
      await api(controller.url, '/users/me', { headers: { cookie: session.cookie } });
      await api(controller.url, '/users/me', { method: 'PATCH', body: { name: 'x' }, headers: { cookie: session.cookie } });
      await api(controller.url, '/users/me', { token: garbage });
      await api(controller.url, '/nope', { token: admin.token, headers: { cookie: session.cookie } });
      await api(controller.url, '/users/me', { token: admin.token, method: 'PATCH', body: '{broken', headers: { 'content-type': 'application/json' } });
      await api(controller.url, '/auth/signin', { body: { email: admin.email, password: 'wrong password guess' } });
      await api(controller.url, '/auth/signout', { token: session.token, method: 'POST' });
      secrets.push(admin.token, session.token, session.cookie, keySecret, garbage, admin.password, 'wrong password guess');
    } finally {
      assert.equal((await controller.stop('SIGTERM')).code, 0);
    }
    const output = controller.stdout() + controller.stderr();
    assert.match(output, /"msg":"incoming request"/, 'request logging is on at info, so this test means something');
    for (const secret of secrets) {
      assert.ok(!output.includes(secret), `logs contain ${secret.slice(0, 14)}…`);
      assert.ok(!output.includes(secret.replace(/^(stellar_session=)?strk_(sess|key)_/, '')), `logs contain part of ${secret.slice(0, 14)}…`);
    }
  });
});
