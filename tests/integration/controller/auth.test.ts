import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  PASSWORD,
  api,
  assertData,
  assertError,
  assertNoContent,
  assertValidation,
  signIn,
  startTestApp,
  type TestApp,
} from '../../support/controller.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function assertPublicUser(user: Record<string, unknown>, expected: { email: string; name: string; role: string }): void {
  assert.deepEqual(Object.keys(user).sort(), ['createdAt', 'email', 'id', 'name', 'role', 'suspended', 'updatedAt']);
  assert.match(String(user.id), /^usr_[A-Za-z0-9]+$/);
  assert.equal(user.email, expected.email);
  assert.equal(user.name, expected.name);
  assert.equal(user.role, expected.role);
  assert.equal(user.suspended, false);
  assert.match(String(user.createdAt), ISO);
  assert.match(String(user.updatedAt), ISO);
}

describe('sign-up', () => {
  let app: TestApp;
  let adminToken: string;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('a body that fails validation is a 422 naming each field, and creates nobody', async () => {
    const res = await api(app.url, '/auth/signup', { body: { email: 'not-an-email', password: 'short', name: '' } });
    assertValidation(res, ['email', 'password', 'name']);
    const missing = await api(app.url, '/auth/signup', { body: { email: 'a@example.com' } });
    assertValidation(missing, ['password', 'name']);
  });

  test('the first account becomes admin, gets a session token and an HttpOnly cookie', async () => {
    const res = await api(app.url, '/auth/signup', { body: { email: '  First@Example.COM ', password: PASSWORD, name: ' First ' } });
    assertData(res, 201);
    assert.deepEqual(Object.keys(res.body.data).sort(), ['expiresAt', 'token', 'user']);
    assertPublicUser(res.body.data.user, { email: 'first@example.com', name: 'First', role: 'admin' });
    assert.match(res.body.data.token, /^strk_sess_[A-Za-z0-9]{43}$/);
    assert.match(res.body.data.expiresAt, ISO);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^stellar_session=${res.body.data.token};`));
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    adminToken = res.body.data.token;
    const me = await api(app.url, '/users/me', { token: adminToken });
    assertData(me);
    assert.equal(me.body.data.role, 'admin');
  });

  test('after the first account sign-up is closed by default: 403 SIGNUP_CLOSED', async () => {
    const res = await api(app.url, '/auth/signup', { body: { email: 'second@example.com', password: PASSWORD, name: 'Second' } });
    assertError(res, 403, 'SIGNUP_CLOSED', {});
    const users = await api(app.url, '/admin/users', { token: adminToken });
    assert.equal(users.body.meta.total, 1);
  });

  test('once an admin opens sign-up, a second account can sign up and is a plain user', async () => {
    const open = await api(app.url, '/admin/settings', { token: adminToken, method: 'PATCH', body: { signupOpen: true } });
    assertData(open);
    assert.deepEqual(open.body.data, { signupOpen: true });
    const res = await api(app.url, '/auth/signup', { body: { email: 'second@example.com', password: PASSWORD, name: 'Second' } });
    assertData(res, 201);
    assertPublicUser(res.body.data.user, { email: 'second@example.com', name: 'Second', role: 'user' });
  });

  test('a taken email is 409 EMAIL_TAKEN, whatever its case', async () => {
    for (const email of ['second@example.com', 'SECOND@example.com', 'First@example.com']) {
      const res = await api(app.url, '/auth/signup', { body: { email, password: PASSWORD, name: 'Dup' } });
      assertError(res, 409, 'EMAIL_TAKEN', { email: 'is already in use' });
    }
  });

  test('unknown fields are refused with 422', async () => {
    const res = await api(app.url, '/auth/signup', { body: { email: 'third@example.com', password: PASSWORD, name: 'T', role: 'admin' } });
    assertError(res, 422, 'VALIDATION_ERROR');
  });
});

describe('sign-in, session, sign-out', () => {
  let app: TestApp;
  const email = 'owner@example.com';
  before(async () => {
    app = await startTestApp();
    const res = await api(app.url, '/auth/signup', { body: { email, password: PASSWORD, name: 'Owner' } });
    assert.equal(res.status, 201);
  });
  after(() => app.close());

  test('sign-in returns a token and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const res = await api(app.url, '/auth/signin', { body: { email, password: PASSWORD } });
    assertData(res);
    assert.deepEqual(Object.keys(res.body.data).sort(), ['expiresAt', 'token', 'user']);
    assertPublicUser(res.body.data.user, { email, name: 'Owner', role: 'admin' });
    const token: string = res.body.data.token;
    assert.match(token, /^strk_sess_/);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, new RegExp(`^stellar_session=${token}; `));
    assert.match(cookie, /; Path=\//);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Strict/);
    assert.doesNotMatch(cookie, /; Secure/, 'not Secure over plain http');
    const expires = /Expires=([^;]+)/.exec(cookie)?.[1];
    assert.ok(expires && Math.abs(Date.parse(expires) - Date.parse(res.body.data.expiresAt)) < 1000, 'cookie expires with the session');
  });

  test('the email is case-insensitive at sign-in', async () => {
    const res = await api(app.url, '/auth/signin', { body: { email: ' OWNER@Example.com', password: PASSWORD } });
    assertData(res);
  });

  test('the token works as Bearer and the cookie works on its own', async () => {
    const account = await signIn(app.url, email);
    const bearer = await api(app.url, '/auth/session', { token: account.token });
    assertData(bearer);
    assert.deepEqual(Object.keys(bearer.body.data).sort(), ['session', 'user']);
    assert.equal(bearer.body.data.user.email, email);
    assert.equal(bearer.body.data.session.method, 'session');
    assert.match(bearer.body.data.session.id, /^ses_/);
    assert.match(bearer.body.data.session.expiresAt, ISO);
    const viaCookie = await api(app.url, '/auth/session', { headers: { cookie: account.cookie } });
    assertData(viaCookie);
    assert.deepEqual(viaCookie.body.data, bearer.body.data);
    const me = await api(app.url, '/users/me', { headers: { cookie: account.cookie } });
    assertData(me);
    assert.equal(me.body.data.email, email);
  });

  test('wrong password and unknown email get the same 401 INVALID_CREDENTIALS body', async () => {
    const wrong = await api(app.url, '/auth/signin', { body: { email, password: 'not the password' } });
    const unknown = await api(app.url, '/auth/signin', { body: { email: 'nobody@example.com', password: PASSWORD } });
    assertError(wrong, 401, 'INVALID_CREDENTIALS', {});
    assertError(unknown, 401, 'INVALID_CREDENTIALS', {});
    assert.equal(wrong.text, unknown.text);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.equal(unknown.headers.get('set-cookie'), null);
  });

  test('unknown email costs about as long as a wrong password (a hash is verified either way)', async () => {
    const time = async (body: object) => {
      const start = performance.now();
      await api(app.url, '/auth/signin', { body });
      return performance.now() - start;
    };
    await time({ email: 'warmup@example.com', password: 'x' });
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push(await time({ email, password: 'not the password' }));
      unknown.push(await time({ email: `nobody${i}@example.com`, password: 'not the password' }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    // An unknown email that skipped hashing would answer in a fraction of the time.
    assert.ok(median(unknown) > median(wrong) * 0.4, `unknown ${median(unknown).toFixed(1)} ms vs wrong ${median(wrong).toFixed(1)} ms`);
  });

  test('a sign-in body that fails validation is a 422', async () => {
    assertValidation(await api(app.url, '/auth/signin', { body: { email } }), ['password']);
    assertError(await api(app.url, '/auth/signin', { body: { email, password: PASSWORD, remember: true } }), 422, 'VALIDATION_ERROR');
  });

  test('GET /auth/session without credentials is 401 UNAUTHORIZED', async () => {
    assertError(await api(app.url, '/auth/session'), 401, 'UNAUTHORIZED', {});
  });

  test('sign-out revokes the session: 204, cookie cleared, the token and cookie then get 401', async () => {
    const account = await signIn(app.url, email);
    const other = await signIn(app.url, email);
    const res = await api(app.url, '/auth/signout', { token: account.token, method: 'POST' });
    assertNoContent(res);
    const cleared = res.headers.get('set-cookie') ?? '';
    assert.match(cleared, /^stellar_session=;/);
    assert.match(cleared, /Expires=Thu, 01 Jan 1970/);
    assertError(await api(app.url, '/users/me', { token: account.token }), 401, 'UNAUTHORIZED', {});
    assertError(await api(app.url, '/auth/session', { headers: { cookie: account.cookie } }), 401, 'UNAUTHORIZED', {});
    assertError(await api(app.url, '/auth/signout', { token: account.token, method: 'POST' }), 401, 'UNAUTHORIZED', {});
    // Only that session ends.
    assertData(await api(app.url, '/users/me', { token: other.token }));
  });

  test('sign-out by cookie from the app itself works', async () => {
    const account = await signIn(app.url, email);
    const res = await api(app.url, '/auth/signout', { method: 'POST', headers: { cookie: account.cookie, origin: app.url } });
    assertNoContent(res);
    assertError(await api(app.url, '/users/me', { token: account.token }), 401, 'UNAUTHORIZED', {});
  });

  test('sign-out with an API key answers 204 and leaves the key alone (keys are revoked by DELETE)', async () => {
    const account = await signIn(app.url, email);
    const key = await api(app.url, '/users/me/api-keys', { token: account.token, body: { name: 'script' } });
    const secret: string = key.body.data.secret;
    assertNoContent(await api(app.url, '/auth/signout', { token: secret, method: 'POST' }));
    assertData(await api(app.url, '/users/me', { token: secret }));
  });
});

describe('races and expiry', () => {
  test('concurrent first sign-ups: exactly one becomes admin, the rest are refused', async () => {
    const app = await startTestApp();
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => api(app.url, '/auth/signup', { body: { email: `racer${i}@example.com`, password: PASSWORD, name: `R${i}` } })),
      );
      const created = results.filter((r) => r.status === 201);
      assert.equal(created.length, 1, results.map((r) => r.status).join(','));
      assert.equal(created[0]!.body.data.user.role, 'admin');
      for (const res of results.filter((r) => r.status !== 201)) assertError(res, 403, 'SIGNUP_CLOSED', {});
    } finally {
      await app.close();
    }
  });

  test('concurrent sign-ups with one email: one account, the rest 409 EMAIL_TAKEN', async () => {
    const app = await startTestApp();
    try {
      const results = await Promise.all(
        ['same@example.com', 'SAME@example.com', 'Same@Example.com'].map((email) => api(app.url, '/auth/signup', { body: { email, password: PASSWORD, name: 'S' } })),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409]);
      for (const res of results.filter((r) => r.status === 409)) assertError(res, 409, 'EMAIL_TAKEN');
    } finally {
      await app.close();
    }
  });

  test('an expired session is a 401 for its token and its cookie', async () => {
    const app = await startTestApp({ sessionLifetimeMs: 800 });
    try {
      const res = await api(app.url, '/auth/signup', { body: { email: 'brief@example.com', password: PASSWORD, name: 'B' } });
      const token: string = res.body.data.token;
      assert.ok(Date.parse(res.body.data.expiresAt) - Date.now() <= 800);
      assertData(await api(app.url, '/users/me', { token }));
      await new Promise((r) => setTimeout(r, 900));
      assertError(await api(app.url, '/users/me', { token }), 401, 'UNAUTHORIZED', {});
      assertError(await api(app.url, '/users/me', { headers: { cookie: `stellar_session=${token}` } }), 401, 'UNAUTHORIZED', {});
    } finally {
      await app.close();
    }
  });
});

describe('auth status (what a signed-out client shows first)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('needs no credentials and follows set-up, then the sign-up setting', async () => {
    const fresh = await api(app.url, '/auth/status');
    assertData(fresh);
    assert.deepEqual(fresh.body.data, { setupRequired: true, signupOpen: true });

    const admin = await api(app.url, '/auth/signup', { body: { email: 'status@example.com', password: PASSWORD, name: 'Admin' } });
    assertData(admin, 201);
    const closed = await api(app.url, '/auth/status');
    assert.deepEqual(closed.body.data, { setupRequired: false, signupOpen: false });

    await api(app.url, '/admin/settings', { token: admin.body.data.token, method: 'PATCH', body: { signupOpen: true } });
    const open = await api(app.url, '/auth/status');
    assert.deepEqual(open.body.data, { setupRequired: false, signupOpen: true });
  });
});
