import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  assertError,
  createUser,
  signUpAdmin,
  startTestApp,
  type Account,
  type TestApp,
} from '../../support/controller.ts';

interface Route {
  method: string;
  path: string;
  body?: unknown;
}

const USER_ROUTES: Route[] = [
  { method: 'GET', path: '/auth/session' },
  { method: 'POST', path: '/auth/signout' },
  { method: 'GET', path: '/users/me' },
  { method: 'PATCH', path: '/users/me', body: { name: 'x' } },
  { method: 'GET', path: '/users/me/api-keys' },
  { method: 'POST', path: '/users/me/api-keys', body: { name: 'x' } },
  { method: 'DELETE', path: '/users/me/api-keys/key_abcdefgh12345678' },
];

const ADMIN_ROUTES: Route[] = [
  { method: 'GET', path: '/admin/users' },
  { method: 'POST', path: '/admin/users', body: { email: 'new@example.com', name: 'New', password: 'long enough pw' } },
  { method: 'GET', path: '/admin/users/usr_abcdefgh12345678' },
  { method: 'PATCH', path: '/admin/users/usr_abcdefgh12345678', body: { role: 'admin' } },
  { method: 'DELETE', path: '/admin/users/usr_abcdefgh12345678' },
  { method: 'GET', path: '/admin/stats' },
  { method: 'GET', path: '/admin/settings' },
  { method: 'PATCH', path: '/admin/settings', body: { signupOpen: true } },
];

const label = (r: Route) => `${r.method} ${r.path}`;

describe('who may call what', () => {
  let app: TestApp;
  let admin: Account;
  let user: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    user = await createUser(app.url, admin.token);
  });
  after(() => app.close());

  test('no credentials: 401 UNAUTHORIZED on every protected route', async () => {
    for (const route of [...USER_ROUTES, ...ADMIN_ROUTES]) {
      const res = await api(app.url, route.path, { method: route.method, body: route.body });
      assert.equal(res.status, 401, label(route));
      assertError(res, 401, 'UNAUTHORIZED', {});
    }
  });

  test('a garbage or malformed credential: 401 on every protected route', async () => {
    const bad: Record<string, string>[] = [
      { authorization: 'Bearer strk_sess_notarealtoken' },
      { authorization: 'Bearer strk_key_notarealkey' },
      { authorization: 'Bearer ' + 'x'.repeat(500) },
      { authorization: 'Bearer' },
      { authorization: 'Basic YWRtaW46cGFzc3dvcmQ=' },
      { authorization: `Bearer ${admin.token} extra` },
      { cookie: 'stellar_session=strk_sess_forged' },
    ];
    for (const headers of bad) {
      for (const route of [...USER_ROUTES, ...ADMIN_ROUTES]) {
        const res = await api(app.url, route.path, { method: route.method, body: route.body, headers });
        assert.equal(res.status, 401, `${label(route)} with ${JSON.stringify(headers)}`);
        assertError(res, 401, 'UNAUTHORIZED', {});
      }
    }
  });

  test('a plain user: 403 FORBIDDEN on every admin route, and nothing changes', async () => {
    for (const route of ADMIN_ROUTES) {
      const res = await api(app.url, route.path, { method: route.method, body: route.body, token: user.token });
      assert.equal(res.status, 403, label(route));
      assertError(res, 403, 'FORBIDDEN', {});
    }
    const settings = await api(app.url, '/admin/settings', { token: admin.token });
    assert.deepEqual(settings.body.data, { signupOpen: false });
    const users = await api(app.url, '/admin/users', { token: admin.token });
    assert.equal(users.body.meta.total, 2);
  });

  test("a plain user's API key is no more than the user: 403 on admin routes", async () => {
    const key = await api(app.url, '/users/me/api-keys', { token: user.token, body: { name: 'k' } });
    for (const route of ADMIN_ROUTES) {
      const res = await api(app.url, route.path, { method: route.method, body: route.body, token: key.body.data.secret });
      assertError(res, 403, 'FORBIDDEN', {});
    }
  });
});
