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

describe('admin: users', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('POST /admin/users creates a user (role defaults to user) who can sign in', async () => {
    const res = await api(app.url, '/admin/users', { token: admin.token, body: { email: 'Carol@Example.com', name: 'Carol', password: PASSWORD } });
    assertData(res, 201);
    assert.deepEqual(Object.keys(res.body.data).sort(), ['createdAt', 'email', 'id', 'name', 'role', 'suspended', 'updatedAt']);
    assert.equal(res.body.data.email, 'carol@example.com');
    assert.equal(res.body.data.role, 'user');
    assert.equal(res.body.data.suspended, false);
    await signIn(app.url, 'carol@example.com');
    const asAdmin = await api(app.url, '/admin/users', { token: admin.token, body: { email: 'dave@example.com', name: 'Dave', password: PASSWORD, role: 'admin' } });
    assertData(asAdmin, 201);
    assert.equal(asAdmin.body.data.role, 'admin');
  });

  test('POST /admin/users: taken email is 409, invalid fields are 422 with details', async () => {
    assertError(
      await api(app.url, '/admin/users', { token: admin.token, body: { email: 'CAROL@example.com', name: 'C', password: PASSWORD } }),
      409,
      'EMAIL_TAKEN',
      { email: 'is already in use' },
    );
    assertValidation(
      await api(app.url, '/admin/users', { token: admin.token, body: { email: 'x', name: '', password: 'short', role: 'root' } }),
      ['email', 'name', 'password', 'role'],
    );
    assertError(
      await api(app.url, '/admin/users', { token: admin.token, body: { email: 'e@example.com', name: 'E', password: PASSWORD, suspended: true } }),
      422,
      'VALIDATION_ERROR',
    );
  });

  test('GET /admin/users paginates with meta; defaults page 1, limit 20', async () => {
    const res = await api(app.url, '/admin/users', { token: admin.token });
    assertData(res, 200, true);
    assert.deepEqual(res.body.meta, { total: 3, page: 1, limit: 20 });
    assert.equal(res.body.data.length, 3);
    for (const user of res.body.data) {
      assert.deepEqual(Object.keys(user).sort(), ['createdAt', 'email', 'id', 'name', 'role', 'suspended', 'updatedAt']);
    }
    assert.doesNotMatch(res.text, /argon2|passwordHash/);
    const page2 = await api(app.url, '/admin/users?page=2&limit=2', { token: admin.token });
    assertData(page2, 200, true);
    assert.deepEqual(page2.body.meta, { total: 3, page: 2, limit: 2 });
    assert.equal(page2.body.data.length, 1);
    const past = await api(app.url, '/admin/users?page=9&limit=100', { token: admin.token });
    assert.deepEqual(past.body, { data: [], meta: { total: 3, page: 9, limit: 100 } });
  });

  test('GET /admin/users filters by search and role', async () => {
    const found = await api(app.url, '/admin/users?search=CAROL', { token: admin.token });
    assertData(found, 200, true);
    assert.deepEqual(found.body.data.map((u: { email: string }) => u.email), ['carol@example.com']);
    const admins = await api(app.url, '/admin/users?role=admin', { token: admin.token });
    assert.equal(admins.body.meta.total, 2);
  });

  test('out-of-range or malformed pagination is a 422 naming the parameter, never clamped', async () => {
    assertValidation(await api(app.url, '/admin/users?limit=101', { token: admin.token }), ['limit']);
    assertValidation(await api(app.url, '/admin/users?limit=0', { token: admin.token }), ['limit']);
    assertValidation(await api(app.url, '/admin/users?page=0', { token: admin.token }), ['page']);
    assertValidation(await api(app.url, '/admin/users?page=-1', { token: admin.token }), ['page']);
    assertValidation(await api(app.url, '/admin/users?page=1.5', { token: admin.token }), ['page']);
    assertValidation(await api(app.url, '/admin/users?limit=abc', { token: admin.token }), ['limit']);
    assertValidation(await api(app.url, '/admin/users?page=0&limit=500', { token: admin.token }), ['page', 'limit']);
    assertValidation(await api(app.url, '/admin/users?role=owner', { token: admin.token }), ['role']);
  });

  test('GET /admin/users/:id returns the user; an unknown id is 404', async () => {
    const list = await api(app.url, '/admin/users?search=carol', { token: admin.token });
    const id = list.body.data[0].id;
    const res = await api(app.url, `/admin/users/${id}`, { token: admin.token });
    assertData(res);
    assert.deepEqual(res.body.data, list.body.data[0]);
    assertError(await api(app.url, '/admin/users/usr_unknown000000', { token: admin.token }), 404, 'NOT_FOUND');
    assertError(await api(app.url, '/admin/users/usr_unknown000000', { token: admin.token, method: 'PATCH', body: { name: 'x' } }), 404, 'NOT_FOUND');
    assertError(await api(app.url, '/admin/users/usr_unknown000000', { token: admin.token, method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  test('PATCH /admin/users/:id changes name, email and role; bad values are 422', async () => {
    const user = await createUser(app.url, admin.token, { email: 'erin@example.com' });
    const res = await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { name: 'Erin', role: 'admin' } });
    assertData(res);
    assert.equal(res.body.data.name, 'Erin');
    assert.equal(res.body.data.role, 'admin');
    // Promotion takes effect on the user's existing session.
    assertData(await api(app.url, '/admin/stats', { token: user.token }));
    const back = await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { role: 'user' } });
    assert.equal(back.body.data.role, 'user');
    assertError(await api(app.url, '/admin/stats', { token: user.token }), 403, 'FORBIDDEN');
    assertValidation(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { role: 'god' } }), ['role']);
    assertValidation(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { suspended: 'yes' } }), ['suspended']);
    assertError(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { id: 'usr_x' } }), 422, 'VALIDATION_ERROR');
    assertError(
      await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { email: 'carol@example.com' } }),
      409,
      'EMAIL_TAKEN',
    );
  });

  test('PATCH password resets it and ends that user\'s sessions', async () => {
    const user = await createUser(app.url, admin.token, { email: 'frank@example.com' });
    assertData(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { password: 'reset by admin' } }));
    assertError(await api(app.url, '/users/me', { token: user.token }), 401, 'UNAUTHORIZED');
    await signIn(app.url, 'frank@example.com', 'reset by admin');
  });

  test('suspending a user stops their session and API key at once; unsuspending brings the key back', async () => {
    const user = await createUser(app.url, admin.token, { email: 'grace@example.com' });
    const key = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'bot' } });
    const secret: string = key.body.data.secret;
    assertData(await api(app.url, '/users/me', { token: secret }));

    const res = await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { suspended: true } });
    assertData(res);
    assert.equal(res.body.data.suspended, true);
    assertError(await api(app.url, '/users/me', { token: secret }), 403, 'ACCOUNT_SUSPENDED', {});
    assertError(await api(app.url, '/users/me/api-keys', { token: secret, body: { name: 'more' } }), 403, 'ACCOUNT_SUSPENDED', {});
    // Suspension ends the sessions outright (a later unsuspend must not revive them).
    assertError(await api(app.url, '/users/me', { token: user.token }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/users/me', { headers: { cookie: user.cookie } }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/auth/signin', { body: { email: 'grace@example.com', password: PASSWORD } }), 403, 'ACCOUNT_SUSPENDED', {});

    const stats = await api(app.url, '/admin/stats', { token: admin.token });
    assert.equal(stats.body.data.users.suspended, 1);
    const suspended = await api(app.url, '/admin/users?suspended=true', { token: admin.token });
    assert.deepEqual(suspended.body.data.map((u: { id: string }) => u.id), [user.id]);

    const back = await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { suspended: false } });
    assert.equal(back.body.data.suspended, false);
    assertData(await api(app.url, '/users/me', { token: secret }));
    assertError(await api(app.url, '/users/me', { token: user.token }), 401, 'UNAUTHORIZED');
    await signIn(app.url, 'grace@example.com');
  });

  test('DELETE /admin/users/:id: 204, their credentials stop working, the id is then 404', async () => {
    const user = await createUser(app.url, admin.token, { email: 'heidi@example.com' });
    const key = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'bot' } });
    assertNoContent(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'DELETE' }));
    assertError(await api(app.url, '/users/me', { token: user.token }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, '/users/me', { token: key.body.data.secret }), 401, 'UNAUTHORIZED');
    assertError(await api(app.url, `/admin/users/${user.id}`, { token: admin.token }), 404, 'NOT_FOUND');
    assertError(await api(app.url, `/admin/users/${user.id}`, { token: admin.token, method: 'DELETE' }), 404, 'NOT_FOUND');
    assertError(await api(app.url, '/auth/signin', { body: { email: 'heidi@example.com', password: PASSWORD } }), 401, 'INVALID_CREDENTIALS');
  });
});

describe('admin: the last admin', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('the only admin cannot be demoted, suspended or deleted: 409 LAST_ADMIN, nothing changes', async () => {
    for (const [method, body] of [['PATCH', { role: 'user' }], ['PATCH', { suspended: true }], ['DELETE', undefined]] as const) {
      const res = await api(app.url, `/admin/users/${admin.id}`, { token: admin.token, method, body });
      assertError(res, 409, 'LAST_ADMIN', {});
    }
    const me = await api(app.url, '/users/me', { token: admin.token });
    assert.equal(me.body.data.role, 'admin');
    assert.equal(me.body.data.suspended, false);
  });

  test('a suspended admin does not count as the other admin', async () => {
    const other = await createUser(app.url, admin.token, { role: 'admin', email: 'other-admin@example.com' });
    assertData(await api(app.url, `/admin/users/${other.id}`, { token: admin.token, method: 'PATCH', body: { suspended: true } }));
    assertError(await api(app.url, `/admin/users/${admin.id}`, { token: admin.token, method: 'PATCH', body: { role: 'user' } }), 409, 'LAST_ADMIN');
    assertData(await api(app.url, `/admin/users/${other.id}`, { token: admin.token, method: 'PATCH', body: { suspended: false } }));
  });

  test('with a second active admin, the first can step down', async () => {
    const other = await signIn(app.url, 'other-admin@example.com');
    const res = await api(app.url, `/admin/users/${admin.id}`, { token: admin.token, method: 'PATCH', body: { role: 'user' } });
    assertData(res);
    assert.equal(res.body.data.role, 'user');
    assertError(await api(app.url, '/admin/users', { token: admin.token }), 403, 'FORBIDDEN');
    // And now the other is the last one.
    assertError(await api(app.url, `/admin/users/${other.id}`, { token: other.token, method: 'DELETE' }), 409, 'LAST_ADMIN');
  });
});

describe('admin: stats and settings', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('GET /admin/stats: users, servers by status, nodes, resources (zeros without servers and nodes)', async () => {
    await createUser(app.url, admin.token);
    const res = await api(app.url, '/admin/stats', { token: admin.token });
    assertData(res);
    assert.deepEqual(res.body.data, {
      users: { total: 2, admins: 1, suspended: 0 },
      servers: { total: 0, byStatus: {} },
      nodes: { total: 0, online: 0, offline: 0, pending: 0 },
      resources: {
        memory: { allocated: 0, total: 0 },
        disk: { allocated: 0, total: 0 },
        cpu: { allocated: 0, total: 0 },
      },
    });
  });

  test('GET/PATCH /admin/settings: sign-up closed by default, can be opened and closed', async () => {
    const res = await api(app.url, '/admin/settings', { token: admin.token });
    assertData(res);
    assert.deepEqual(res.body.data, { signupOpen: false });
    const opened = await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: { signupOpen: true } });
    assertData(opened);
    assert.deepEqual(opened.body.data, { signupOpen: true });
    assert.deepEqual((await api(app.url, '/admin/settings', { token: admin.token })).body.data, { signupOpen: true });
    const same = await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: {} });
    assert.deepEqual(same.body.data, { signupOpen: true });
    const closed = await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: { signupOpen: false } });
    assert.deepEqual(closed.body.data, { signupOpen: false });
    assertError(await api(app.url, '/auth/signup', { body: { email: 'late@example.com', password: PASSWORD, name: 'Late' } }), 403, 'SIGNUP_CLOSED');
  });

  test('PATCH /admin/settings validation: wrong type and unknown setting are 422', async () => {
    assertValidation(await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: { signupOpen: 'yes' } }), ['signupOpen']);
    assertError(await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: { maintenance: true } }), 422, 'VALIDATION_ERROR');
    assert.deepEqual((await api(app.url, '/admin/settings', { token: admin.token })).body.data, { signupOpen: false });
  });
});
