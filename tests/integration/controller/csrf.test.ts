import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  assertData,
  assertError,
  assertNoContent,
  signIn,
  signUpAdmin,
  startTestApp,
  type Account,
  type TestApp,
} from '../../support/controller.ts';

describe('CSRF: cookie sessions need a trusted Origin to change anything', () => {
  let app: TestApp;
  let admin: Account;
  const trusted = 'http://stellar.lan:8080';
  before(async () => {
    app = await startTestApp({ allowedOrigins: [trusted] });
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('a cookie PATCH without Origin is 403 CSRF_REJECTED and changes nothing', async () => {
    const res = await api(app.url, '/users/me', { method: 'PATCH', body: { name: 'Hacked' }, headers: { cookie: admin.cookie } });
    assertError(res, 403, 'CSRF_REJECTED', {});
    const me = await api(app.url, '/users/me', { token: admin.token });
    assert.equal(me.body.data.name, 'Admin');
  });

  test('a cookie PATCH from a foreign Origin is 403 CSRF_REJECTED', async () => {
    const origins = [
      'http://evil.example',
      'null',
      app.url.replace('127.0.0.1', 'localhost'),
      app.url.replace('http:', 'https:'),
      `${app.url}.evil.example`,
      app.url.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`),
    ];
    for (const origin of origins) {
      const res = await api(app.url, '/users/me', { method: 'PATCH', body: { name: 'Hacked' }, headers: { cookie: admin.cookie, origin } });
      assert.equal(res.status, 403, origin);
      assertError(res, 403, 'CSRF_REJECTED', {});
    }
  });

  test("a cookie PATCH from the controller's own Origin is 200", async () => {
    const res = await api(app.url, '/users/me', { method: 'PATCH', body: { name: 'Renamed' }, headers: { cookie: admin.cookie, origin: app.url } });
    assertData(res);
    assert.equal(res.body.data.name, 'Renamed');
  });

  test('a configured extra origin is trusted too', async () => {
    const res = await api(app.url, '/users/me', { method: 'PATCH', body: { name: 'From LAN' }, headers: { cookie: admin.cookie, origin: trusted } });
    assertData(res);
  });

  test('every mutating cookie route checks Origin: POST, DELETE, admin routes, sign-out', async () => {
    const key = await api(app.url, '/users/me/api-keys', { token: admin.token, body: { name: 'k' } });
    const routes = [
      { method: 'POST', path: '/users/me/api-keys', body: { name: 'csrf' } },
      { method: 'DELETE', path: `/users/me/api-keys/${key.body.data.id}` },
      { method: 'POST', path: '/admin/users', body: { email: 'csrf@example.com', name: 'C', password: 'long enough pw' } },
      { method: 'PATCH', path: '/admin/settings', body: { signupOpen: true } },
      { method: 'DELETE', path: `/admin/users/${admin.id}` },
      { method: 'POST', path: '/auth/signout' },
    ];
    for (const route of routes) {
      const res = await api(app.url, route.path, { method: route.method, body: route.body, headers: { cookie: admin.cookie, origin: 'http://evil.example' } });
      assert.equal(res.status, 403, `${route.method} ${route.path}`);
      assertError(res, 403, 'CSRF_REJECTED', {});
    }
    // Nothing happened: the key still works, the settings and the session are unchanged.
    assertData(await api(app.url, '/users/me', { token: key.body.data.secret }));
    assert.deepEqual((await api(app.url, '/admin/settings', { token: admin.token })).body.data, { signupOpen: false });
    assertData(await api(app.url, '/users/me', { headers: { cookie: admin.cookie } }));
  });

  test('reads by cookie need no Origin', async () => {
    assertData(await api(app.url, '/users/me', { headers: { cookie: admin.cookie } }));
    assertData(await api(app.url, '/admin/users', { headers: { cookie: admin.cookie } }), 200, true);
  });

  test('Bearer requests need no Origin, even from a foreign one', async () => {
    assertData(await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: { name: 'Script' } }));
    assertData(await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: { name: 'Script' }, headers: { origin: 'http://evil.example' } }));
  });

  test('sign-out by cookie from the own Origin works', async () => {
    const session = await signIn(app.url, admin.email);
    assertNoContent(await api(app.url, '/auth/signout', { method: 'POST', headers: { cookie: session.cookie, origin: app.url } }));
    assertError(await api(app.url, '/users/me', { headers: { cookie: session.cookie } }), 401, 'UNAUTHORIZED');
  });
});
