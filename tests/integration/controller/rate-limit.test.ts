import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  assertData,
  assertError,
  assertRateLimitHeaders,
  startTestApp,
  type Account,
  type ApiResponse,
  type TestApp,
  PASSWORD,
} from '../../support/controller.ts';

/** The seed's limits: general 60, auth 10, admin 30 per minute. */
const SEED = { general: 60, auth: 10, admin: 30, windowMs: 60_000 };

function assertRateLimited(res: ApiResponse, limit: number): void {
  assertError(res, 429, 'RATE_LIMITED');
  assert.equal(res.headers.get('x-ratelimit-limit'), String(limit));
  assert.equal(res.headers.get('x-ratelimit-remaining'), '0');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${res.headers.get('retry-after')}`);
  assert.deepEqual(res.body.error.details, { limit, retryAfter });
  // Retry-After and Reset describe the same moment.
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  assert.ok(Math.abs(reset - (Date.now() / 1000 + retryAfter)) <= 2, `Reset ${reset} vs Retry-After ${retryAfter}`);
}

/** Signs the admin up, spending one request of the address's auth bucket. */
async function signUp(base: string): Promise<Account> {
  const res = await api(base, '/auth/signup', { body: { email: 'limits@example.com', password: PASSWORD, name: 'L' } });
  assert.equal(res.status, 201, res.text);
  return { id: res.body.data.user.id, email: 'limits@example.com', password: PASSWORD, token: res.body.data.token, cookie: '' };
}

describe('rate limits with the seed defaults', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp({ rateLimits: SEED });
    admin = await signUp(app.url);
  });
  after(() => app.close());

  test('headers on every response: success, 404, 400, 401, 422', async () => {
    const start = Date.now() / 1000;
    const responses = [
      await api(app.url, '/users/me', { token: admin.token }),
      await api(app.url, '/no/such/route'),
      await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: '{', headers: { 'content-type': 'application/json' } }),
      await api(app.url, '/users/me'),
      await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: { name: '' } }),
      await api(app.url, '/api/v1/openapi.json'),
    ];
    for (const res of responses) {
      assertRateLimitHeaders(res);
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      // Unix seconds at the end of a one-minute window that began with these requests.
      assert.ok(reset >= start + 58 && reset <= start + 62, `Reset ${reset} ≈ now + 60 (now ${start})`);
    }
  });

  test('general: Remaining counts down from 60 per user; request 61 is 429 with Retry-After', async () => {
    const user = await api(app.url, '/admin/users', { token: admin.token, body: { email: 'counter@example.com', name: 'C', password: PASSWORD } });
    assert.equal(user.status, 201);
    const signin = await api(app.url, '/auth/signin', { body: { email: 'counter@example.com', password: PASSWORD } });
    const token: string = signin.body.data.token;
    const remaining: number[] = [];
    let reset: string | null = null;
    for (let i = 0; i < 60; i++) {
      const res = await api(app.url, '/users/me', { token });
      assertData(res);
      assert.equal(res.headers.get('x-ratelimit-limit'), '60');
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')));
      reset ??= res.headers.get('x-ratelimit-reset');
      assert.equal(res.headers.get('x-ratelimit-reset'), reset, 'one fixed window');
    }
    assert.deepEqual(remaining, Array.from({ length: 60 }, (_, i) => 59 - i));
    const limited = await api(app.url, '/users/me', { token });
    assertRateLimited(limited, 60);
    // Any route in the bucket, 404s included, is refused until the window resets.
    assertRateLimited(await api(app.url, '/users/me/api-keys', { token, body: { name: 'k' } }), 60);
    assertRateLimited(await api(app.url, '/nope', { token }), 60);
    // Another user has a bucket of their own.
    assertData(await api(app.url, '/users/me', { token: admin.token }));
  });

  test('admin: 30 per admin; request 31 is 429 while the general bucket still answers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await api(app.url, '/admin/stats', { token: admin.token });
      statuses.push(res.status);
      assert.equal(res.headers.get('x-ratelimit-limit'), '30');
    }
    // The test before used one admin request (creating the user).
    assert.deepEqual(statuses, [...Array(29).fill(200), 429]);
    assertRateLimited(await api(app.url, '/admin/users', { token: admin.token }), 30);
    assertRateLimited(await api(app.url, '/admin/settings', { token: admin.token, method: 'PATCH', body: { signupOpen: true } }), 30);
    const general = await api(app.url, '/users/me', { token: admin.token });
    assertData(general);
    assert.equal(general.headers.get('x-ratelimit-limit'), '60');
    // The refused PATCH changed nothing.
    assert.equal(app.controller.store.data.settings.signupOpen, false);
  });
});

describe('the admin bucket follows the route, not the spelling of the URL', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ rateLimits: SEED });
  });
  after(() => app.close());

  test('a percent-encoded path to an admin route is still counted against the admin limit', async () => {
    const admin = await signUp(app.url);
    const plain = await api(app.url, '/api/v1/admin/stats', { token: admin.token });
    assertData(plain);
    const encoded = await api(app.url, '/api/v1/%61dmin/stats', { token: admin.token });
    assertData(encoded);
    assert.equal(encoded.headers.get('x-ratelimit-limit'), '30');
    assert.equal(encoded.headers.get('x-ratelimit-remaining'), '28', 'the same bucket as the plain spelling');
  });
});

describe('the auth bucket', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ rateLimits: SEED });
  });
  after(() => app.close());

  test('10 sign-in/sign-up attempts per address, separate from the general bucket', async () => {
    const admin = await signUp(app.url);
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      // Failed validation still counts: the limit guards against guessing, whatever the body.
      const res = await api(app.url, '/auth/signin', { body: { email: 'x@example.com' } });
      assert.equal(res.headers.get('x-ratelimit-limit'), '10');
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, Array(9).fill(422));
    const eleventh = await api(app.url, '/auth/signin', { body: { email: admin.email, password: PASSWORD } });
    assertRateLimited(eleventh, 10);
    assertRateLimited(await api(app.url, '/auth/signup', { body: { email: 'n@example.com', password: PASSWORD, name: 'N' } }), 10);
    // The right password does not get through either.
    assertRateLimited(await api(app.url, '/auth/signin', { body: { email: admin.email, password: PASSWORD } }), 10);
    // General routes are another bucket: the signed-in admin and anonymous callers still get answers.
    const me = await api(app.url, '/users/me', { token: admin.token });
    assertData(me);
    assert.equal(me.headers.get('x-ratelimit-limit'), '60');
    const anonymous = await api(app.url, '/users/me');
    assertError(anonymous, 401, 'UNAUTHORIZED');
    assert.equal(anonymous.headers.get('x-ratelimit-limit'), '60');
  });
});

describe('configurable limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ rateLimits: { general: 3, auth: 2, admin: 2, windowMs: 1_000 } });
  });
  after(() => app.close());

  test('lowered limits apply, and a new window starts after the reset', async () => {
    assert.equal((await api(app.url, '/nope')).headers.get('x-ratelimit-limit'), '3');
    await api(app.url, '/nope');
    await api(app.url, '/nope');
    const limited = await api(app.url, '/nope');
    assertRateLimited(limited, 3);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    await new Promise((r) => setTimeout(r, Math.max(0, reset * 1000 - Date.now()) + 50));
    const fresh = await api(app.url, '/nope');
    assertError(fresh, 404, 'NOT_FOUND');
    assert.equal(fresh.headers.get('x-ratelimit-remaining'), '2');
  });

  test('a lowered auth limit applies to sign-in', async () => {
    await api(app.url, '/auth/signin', { body: {} });
    await api(app.url, '/auth/signin', { body: {} });
    assertRateLimited(await api(app.url, '/auth/signin', { body: {} }), 2);
  });
});
