import assert from 'node:assert/strict';
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
  type Account,
  type TestApp,
} from '../../support/controller.ts';

describe('GET/PATCH /users/me', () => {
  let app: TestApp;
  let admin: Account;
  let user: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    user = await createUser(app.url, admin.token, { email: 'me@example.com', name: 'Me' });
  });
  after(() => app.close());

  test('GET returns the caller without any secret', async () => {
    const res = await api(app.url, '/users/me', { token: user.token });
    assertData(res);
    assert.deepEqual(Object.keys(res.body.data).sort(), ['createdAt', 'email', 'id', 'name', 'role', 'suspended', 'updatedAt']);
    assert.equal(res.body.data.id, user.id);
    assert.equal(res.body.data.email, 'me@example.com');
    assert.equal(res.body.data.role, 'user');
  });

  test('PATCH changes name and email (trimmed, lower-cased) and bumps updatedAt', async () => {
    const before = await api(app.url, '/users/me', { token: user.token });
    const res = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { name: '  Renamed ', email: 'New.Me@Example.com', currentPassword: PASSWORD } });
    assertData(res);
    assert.equal(res.body.data.name, 'Renamed');
    assert.equal(res.body.data.email, 'new.me@example.com');
    assert.equal(res.body.data.createdAt, before.body.data.createdAt);
    assert.ok(Date.parse(res.body.data.updatedAt) >= Date.parse(before.body.data.updatedAt));
    const me = await api(app.url, '/users/me', { token: user.token });
    assert.equal(me.body.data.email, 'new.me@example.com');
    // The new email signs in; the old one no longer does.
    await signIn(app.url, 'new.me@example.com');
    assertError(await api(app.url, '/auth/signin', { body: { email: 'me@example.com', password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
  });

  test('PATCH to an email someone else has is 409 EMAIL_TAKEN', async () => {
    const res = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { email: admin.email.toUpperCase(), currentPassword: PASSWORD } });
    assertError(res, 409, 'EMAIL_TAKEN', { email: 'is already in use' });
  });

  test('PATCH validation: bad email, empty name, unknown fields, role escalation are 422', async () => {
    assertValidation(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { email: 'nope' } }), ['email']);
    assertValidation(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { name: '   ' } }), ['name']);
    assertError(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { role: 'admin' } }), 422, 'VALIDATION_ERROR');
    assertError(await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { suspended: false } }), 422, 'VALIDATION_ERROR');
    const me = await api(app.url, '/users/me', { token: user.token });
    assert.equal(me.body.data.role, 'user');
  });

  test('a password change without currentPassword is 422 naming currentPassword', async () => {
    const res = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { password: 'a brand new password' } });
    assertValidation(res, ['currentPassword']);
  });

  test('a password change with the wrong currentPassword is 422 naming currentPassword and changes nothing', async () => {
    const res = await api(app.url, '/users/me', {
      token: user.token,
      method: 'PATCH',
      body: { password: 'a brand new password', currentPassword: 'wrong password' },
    });
    assertValidation(res, ['currentPassword']);
    assertData(await api(app.url, '/users/me', { token: user.token }));
    await signIn(app.url, 'new.me@example.com', PASSWORD);
  });

  test('a new password that is too short is 422 naming password', async () => {
    const res = await api(app.url, '/users/me', { token: user.token, method: 'PATCH', body: { password: 'short', currentPassword: PASSWORD } });
    assertValidation(res, ['password']);
  });

  test('a password change ends every other session but keeps the current one, and revokes every API key', async () => {
    const current = await signIn(app.url, 'new.me@example.com');
    const other = await signIn(app.url, 'new.me@example.com');
    const key = await api(app.url, '/users/me/api-keys', { token: current.token, body: { name: 'ci' } });
    assert.equal(key.status, 201);
    const res = await api(app.url, '/users/me', {
      token: current.token,
      method: 'PATCH',
      body: { password: 'a brand new password', currentPassword: PASSWORD },
    });
    assertData(res);
    assertData(await api(app.url, '/users/me', { token: current.token }));
    assertError(await api(app.url, '/users/me', { token: other.token }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/users/me', { token: user.token }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/users/me', { token: key.body.data.secret }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/auth/signin', { body: { email: 'new.me@example.com', password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
    await signIn(app.url, 'new.me@example.com', 'a brand new password');
  });
});

describe('API keys', () => {
  let app: TestApp;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    alice = await createUser(app.url, admin.token, { email: 'alice@example.com' });
    bob = await createUser(app.url, admin.token, { email: 'bob@example.com' });
  });
  after(() => app.close());

  test('POST creates a key: 201, secret shown once with the key metadata', async () => {
    const res = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'deploy script' } });
    assertData(res, 201);
    const key = res.body.data;
    assert.deepEqual(Object.keys(key).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scope', 'secret']);
    assert.match(key.id, /^key_[A-Za-z0-9]+$/);
    assert.equal(key.name, 'deploy script');
    assert.match(key.secret, /^strk_key_[A-Za-z0-9]{43}$/);
    assert.ok(key.secret.startsWith(key.prefix), 'the prefix is the start of the secret');
    assert.ok(key.prefix.length < key.secret.length / 2, 'the prefix does not give the secret away');
    assert.equal(key.expiresAt, null);
    assert.equal(key.lastUsedAt, null);
  });

  test('expiresInDays sets expiresAt; bad values are 422', async () => {
    const res = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'temp', expiresInDays: 2 } });
    assertData(res, 201);
    const expected = Date.now() + 2 * 86_400_000;
    assert.ok(Math.abs(Date.parse(res.body.data.expiresAt) - expected) < 60_000);
    assertValidation(await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'x', expiresInDays: 0 } }), ['expiresInDays']);
    assertValidation(await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: '' } }), ['name']);
    assertValidation(await api(app.url, '/users/me/api-keys', { token: alice.token, body: {} }), ['name']);
    assertError(await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'x', scope: 'all' } }), 422, 'VALIDATION_ERROR');
  });

  test('GET lists my keys with pagination meta and never a secret', async () => {
    const res = await api(app.url, '/users/me/api-keys', { token: alice.token });
    assertData(res, 200, true);
    assert.deepEqual(res.body.meta, { total: 2, page: 1, limit: 20 });
    for (const key of res.body.data) {
      assert.deepEqual(Object.keys(key).sort(), ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'scope']);
    }
    assert.doesNotMatch(res.text, /strk_key_[A-Za-z0-9]{20}/);
    const paged = await api(app.url, '/users/me/api-keys?page=2&limit=1', { token: alice.token });
    assertData(paged, 200, true);
    assert.deepEqual(paged.body.meta, { total: 2, page: 2, limit: 1 });
    assert.equal(paged.body.data.length, 1);
    assertValidation(await api(app.url, '/users/me/api-keys?limit=101', { token: alice.token }), ['limit']);
    const bobs = await api(app.url, '/users/me/api-keys', { token: bob.token });
    assert.deepEqual(bobs.body, { data: [], meta: { total: 0, page: 1, limit: 20 } });
  });

  test('a key works as Bearer, and /auth/session says so', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'bearer' } });
    const secret: string = created.body.data.secret;
    const me = await api(app.url, '/users/me', { token: secret });
    assertData(me);
    assert.equal(me.body.data.id, alice.id);
    const session = await api(app.url, '/auth/session', { token: secret });
    assertData(session);
    assert.deepEqual(session.body.data.session, { method: 'api_key', id: created.body.data.id, expiresAt: null });
    // A key is for Authorization only: as a cookie it is not a session.
    assertError(await api(app.url, '/users/me', { headers: { cookie: `stellar_session=${secret}` } }), 401, 'UNAUTHORIZED');
  });

  test('revocation is immediate: 204, then the key is a 401 and gone from the list', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'to revoke' } });
    const { id, secret } = created.body.data;
    assertData(await api(app.url, '/users/me', { token: secret }));
    assertNoContent(await api(app.url, `/users/me/api-keys/${id}`, { token: alice.token, method: 'DELETE' }));
    assertError(await api(app.url, '/users/me', { token: secret }), 401, 'UNAUTHORIZED', {});
    const list = await api(app.url, '/users/me/api-keys?limit=100', { token: alice.token });
    assert.ok(!list.body.data.some((k: { id: string }) => k.id === id));
    assertError(await api(app.url, `/users/me/api-keys/${id}`, { token: alice.token, method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  test("another user's key id is a 404 and the key keeps working", async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'mine' } });
    const { id, secret } = created.body.data;
    const res = await api(app.url, `/users/me/api-keys/${id}`, { token: bob.token, method: 'DELETE' });
    assertError(res, 404, 'NOT_FOUND');
    assertData(await api(app.url, '/users/me', { token: secret }));
    assertError(await api(app.url, '/users/me/api-keys/key_doesnotexist123', { token: alice.token, method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  test('a key can revoke itself', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: alice.token, body: { name: 'self' } });
    const { id, secret } = created.body.data;
    assertNoContent(await api(app.url, `/users/me/api-keys/${id}`, { token: secret, method: 'DELETE' }));
    assertError(await api(app.url, '/users/me', { token: secret }), 401, 'UNAUTHORIZED');
  });

  test('lastUsedAt is recorded once the key is used', async () => {
    const created = await api(app.url, '/users/me/api-keys', { token: bob.token, body: { name: 'used' } });
    await api(app.url, '/users/me', { token: created.body.data.secret });
    let lastUsedAt: string | null = null;
    for (let i = 0; i < 50 && lastUsedAt === null; i++) {
      const list = await api(app.url, '/users/me/api-keys', { token: bob.token });
      lastUsedAt = list.body.data.find((k: { id: string }) => k.id === created.body.data.id)?.lastUsedAt ?? null;
      if (lastUsedAt === null) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(lastUsedAt && Math.abs(Date.parse(lastUsedAt) - Date.now()) < 60_000, `lastUsedAt ${lastUsedAt}`);
  });
});
