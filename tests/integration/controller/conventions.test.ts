import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  LEAK,
  api,
  assertData,
  assertError,
  assertRateLimitHeaders,
  signUpAdmin,
  startTestApp,
  type Account,
  type TestApp,
} from '../../support/controller.ts';

describe('API conventions', () => {
  let app: TestApp;
  let admin: Account;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
  });
  after(() => app.close());

  test('an unknown route is a 404 in the error envelope, with or without credentials', async () => {
    for (const [path, method] of [['/api/v1/nope', 'GET'], ['/api/v1/servers/x/teleport', 'POST'], ['/api/v2/users/me', 'GET'], ['/', 'GET'], ['/api/v1/admin/nope', 'GET']]) {
      assertError(await api(app.url, path!, { method }), 404, 'NOT_FOUND', {});
      assertError(await api(app.url, path!, { method, token: admin.token }), 404, 'NOT_FOUND', {});
    }
    // A known path with a method it does not have is also a 404 envelope.
    assertError(await api(app.url, '/users/me', { method: 'PUT', token: admin.token, body: { name: 'x' } }), 404, 'NOT_FOUND', {});
  });

  test(
    'a malformed URL or an over-long path parameter is a 400 in the envelope',
    // Fastify answers these before any hook; buildApp's `frameworkErrors` puts them in our envelope.
    {},
    async () => {
      assertError(await api(app.url, '/api/v1/users/%E0%A4%A', { token: admin.token }), 400, 'BAD_REQUEST');
      assertError(await api(app.url, `/api/v1/admin/users/${'a'.repeat(200)}`, { token: admin.token }), 400, 'BAD_REQUEST');
    },
  );

  test('malformed JSON is 400 INVALID_JSON', async () => {
    for (const body of ['{bad', '{"name": "x",}', "{'name':'x'}", '[1, 2']) {
      const res = await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body, headers: { 'content-type': 'application/json' } });
      assertError(res, 400, 'INVALID_JSON', {});
    }
    const signin = await api(app.url, '/auth/signin', { body: '{"email":', headers: { 'content-type': 'application/json' } });
    assertError(signin, 400, 'INVALID_JSON', {});
  });

  test('a body that is not JSON (text/plain, form, xml) is a 400, not a validation error', async () => {
    for (const [type, body] of [
      ['text/plain', '{"name":"x"}'],
      ['text/plain; charset=utf-8', 'hello'],
      ['application/x-www-form-urlencoded', 'name=x'],
      ['application/xml', '<name>x</name>'],
    ]) {
      const res = await api(app.url, '/users/me/api-keys', { token: admin.token, body, headers: { 'content-type': type! } });
      assert.equal(res.status, 400, `${type}: ${res.text}`);
      assertError(res, 400, 'UNSUPPORTED_MEDIA_TYPE', {});
    }
    const keys = await api(app.url, '/users/me/api-keys', { token: admin.token });
    assert.equal(keys.body.meta.total, 0, 'nothing was created');
  });

  test('JSON that is not an object where an object is expected is a 422', async () => {
    for (const body of ['[]', '"name"', '42', 'null']) {
      const res = await api(app.url, '/users/me/api-keys', { token: admin.token, body, headers: { 'content-type': 'application/json' } });
      assertError(res, 422, 'VALIDATION_ERROR');
    }
  });

  test('application/json with a charset parameter is JSON', async () => {
    const res = await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: '{"name":"Admin"}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    assertData(res);
  });

  test('a bodiless request with Content-Type: application/json is a request without a body', async () => {
    // Where a body is required, its absence is a validation error, not malformed JSON.
    const res = await api(app.url, '/users/me/api-keys', { token: admin.token, method: 'POST', headers: { 'content-type': 'application/json' } });
    assertError(res, 422, 'VALIDATION_ERROR');
    // Whitespace is not an empty body: it is JSON that does not parse.
    const blank = await api(app.url, '/users/me/api-keys', { token: admin.token, body: '  ', headers: { 'content-type': 'application/json' } });
    assertError(blank, 400, 'INVALID_JSON');
  });

  test('unknown fields in a body are a 422', async () => {
    const res = await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: { name: 'x', isAdmin: true } });
    assertError(res, 422, 'VALIDATION_ERROR');
  });

  test('prototype-poisoning JSON is refused', async () => {
    const res = await api(app.url, '/users/me', {
      token: admin.token,
      method: 'PATCH',
      body: '{"name":"x","__proto__":{"role":"admin"}}',
      headers: { 'content-type': 'application/json' },
    });
    assertError(res, 400, 'INVALID_JSON', {});
    const me = await api(app.url, '/users/me', { token: admin.token });
    assert.equal(me.body.data.role, 'admin');
    assert.notEqual(me.body.data.name, 'x');
  });

  test('a body over the limit is 413 PAYLOAD_TOO_LARGE, and the server keeps answering', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: big, headers: { 'content-type': 'application/json' } });
    assertError(res, 413, 'PAYLOAD_TOO_LARGE', {});
    assertData(await api(app.url, '/users/me', { token: admin.token }));
    const signin = await api(app.url, '/auth/signin', { body: JSON.stringify({ email: 'a@b.c', password: 'p'.repeat(3_000_000) }), headers: { 'content-type': 'application/json' } });
    assertError(signin, 413, 'PAYLOAD_TOO_LARGE', {});
    assertData(await api(app.url, '/users/me', { token: admin.token }));
  });

  test('a body larger than its declared Content-Length or streamed without one still gets a clear answer', async () => {
    const url = new URL('/api/v1/users/me/api-keys', app.url);
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write('{"name":"');
      for (let i = 0; i < 40; i++) req.write('y'.repeat(64 * 1024));
      req.end('"}');
    });
    assert.equal(res.status, 413, res.text);
    assert.equal(JSON.parse(res.text).error.code, 'PAYLOAD_TOO_LARGE');
    assertData(await api(app.url, '/users/me', { token: admin.token }));
  });

  test('every error body is the envelope and nothing internal leaks', async () => {
    const responses = await Promise.all([
      api(app.url, '/nope'),
      api(app.url, '/users/me'),
      api(app.url, '/users/me', { token: 'strk_sess_x' }),
      api(app.url, '/auth/signin', { body: { email: 'a@b.c', password: 'wrong password' } }),
      api(app.url, '/auth/signin', { body: '{', headers: { 'content-type': 'application/json' } }),
      api(app.url, '/users/me', { token: admin.token, method: 'PATCH', body: { email: 42 } }),
      api(app.url, '/admin/users?page=abc', { token: admin.token }),
    ]);
    for (const res of responses) {
      assert.ok(res.status >= 400, res.text);
      assert.deepEqual(Object.keys(res.body), ['error']);
      assert.doesNotMatch(res.text, LEAK, res.text);
    }
  });

  test('an unexpected failure is a 500 INTERNAL_ERROR whose body says nothing about the cause', async () => {
    const store = app.controller.store as unknown as { mutate: unknown };
    const original = store.mutate;
    store.mutate = () => Promise.reject(new Error('EIO: disk on fire at /var/lib/secret/stellarstack.json'));
    try {
      const res = await api(app.url, '/users/me/api-keys', { token: admin.token, body: { name: 'k' } });
      assertError(res, 500, 'INTERNAL_ERROR', {});
      assert.doesNotMatch(res.text, /disk on fire|secret|EIO/);
    } finally {
      store.mutate = original;
    }
    assert.equal((await api(app.url, '/users/me/api-keys', { token: admin.token, body: { name: 'k' } })).status, 201);
  });

  test('success bodies are {data} or {data, meta} and nothing else', async () => {
    assertData(await api(app.url, '/users/me', { token: admin.token }));
    assertData(await api(app.url, '/auth/session', { token: admin.token }));
    assertData(await api(app.url, '/admin/stats', { token: admin.token }));
    assertData(await api(app.url, '/admin/settings', { token: admin.token }));
    assertData(await api(app.url, '/admin/users', { token: admin.token }), 200, true);
    assertData(await api(app.url, '/users/me/api-keys', { token: admin.token }), 200, true);
  });

  test('ids are prefixed and times are ISO-8601 UTC', async () => {
    const me = await api(app.url, '/users/me', { token: admin.token });
    assert.match(me.body.data.id, /^usr_[A-Za-z0-9]{8,}$/);
    assert.equal(new Date(me.body.data.createdAt).toISOString(), me.body.data.createdAt);
  });
});

describe('OpenAPI and docs', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('GET /api/v1/openapi.json is an OpenAPI 3 document with every route of this issue', async () => {
    const res = await api(app.url, '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assertRateLimitHeaders(res);
    const doc = res.body;
    assert.match(doc.openapi, /^3\./);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    const expected: Record<string, string[]> = {
      '/api/v1/auth/signup': ['post'],
      '/api/v1/auth/signin': ['post'],
      '/api/v1/auth/signout': ['post'],
      '/api/v1/auth/session': ['get'],
      '/api/v1/users/me': ['get', 'patch'],
      '/api/v1/users/me/api-keys': ['get', 'post'],
      '/api/v1/users/me/api-keys/{id}': ['delete'],
      '/api/v1/admin/users': ['get', 'post'],
      '/api/v1/admin/users/{id}': ['get', 'patch', 'delete'],
      '/api/v1/admin/stats': ['get'],
      '/api/v1/admin/settings': ['get', 'patch'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      assert.ok(doc.paths[path], `${path} documented`);
      for (const method of methods) assert.ok(doc.paths[path][method], `${method.toUpperCase()} ${path} documented`);
    }
    // Generated from the zod schemas: the sign-in body names its fields, the list its query.
    const signin = doc.paths['/api/v1/auth/signin'].post;
    const schema = signin.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties).sort(), ['email', 'password']);
    const params = doc.paths['/api/v1/admin/users'].get.parameters.map((p: { name: string }) => p.name);
    assert.ok(params.includes('page') && params.includes('limit'), JSON.stringify(params));
    assert.ok(doc.components.securitySchemes.bearer, 'Bearer auth documented');
  });

  test('GET /api/v1/docs serves browsable HTML docs', async () => {
    const res = await fetch(`${app.url}/api/v1/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /<html/i);
    assert.match(html, /swagger/i);
  });
});
