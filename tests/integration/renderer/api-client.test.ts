import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Node, User } from '../../../contracts/index.ts';
import { ApiError, createApiClient, messageOf, type ApiClient } from '../../../renderer/api/client.ts';
import { freePort, signUpAdmin, startTestApp, type TestApp } from '../../support/controller.ts';

/** The browser sends the session cookie; a test speaks for the admin with the Bearer token instead. */
function bearerFetch(token: string): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

describe('API client against a real controller', () => {
  let app: TestApp;
  let client: ApiClient;
  let adminId: string;

  before(async () => {
    app = await startTestApp();
    const admin = await signUpAdmin(app.url);
    adminId = admin.id;
    client = createApiClient(`${app.url}/api/v1`, bearerFetch(admin.token));
  });
  after(() => app.close());

  test('get, post, patch and delete unwrap {data}; a 204 resolves to nothing', async () => {
    const me = await client.get<User>('/users/me');
    assert.equal(me.id, adminId);
    assert.equal(me.email, 'admin@example.com');
    assert.equal('data' in me, false, 'the envelope is gone');

    const node = await client.post<Node>('/nodes', { name: 'edge-01', host: '10.0.0.5', memory: 1024, disk: 2048, cpu: 100 });
    assert.equal(node.name, 'edge-01');
    assert.equal(node.consolePort, 5000, 'the API default');
    assert.equal(node.status, 'pending');

    const renamed = await client.patch<Node>(`/nodes/${node.id}`, { name: 'edge-one' });
    assert.equal(renamed.name, 'edge-one');
    assert.equal(await client.delete(`/nodes/${node.id}`), undefined);
  });

  test('page() keeps the meta; all() walks every page of 100', async () => {
    // 105 more users than the admin: two pages of the client's 100 rows.
    for (let start = 0; start < 105; start += 15) {
      await Promise.all(Array.from({ length: Math.min(15, 105 - start) }, (_, i) =>
        client.post('/admin/users', { email: `user${start + i}@example.com`, name: `User ${start + i}`, password: 'long enough password' })));
    }
    const first = await client.page<User>('/admin/users', { limit: 10 });
    assert.equal(first.data.length, 10);
    assert.deepEqual(first.meta, { total: 106, page: 1, limit: 10 });

    const everyone = await client.all<User>('/admin/users');
    assert.equal(everyone.length, 106);
    assert.equal(new Set(everyone.map((u) => u.id)).size, 106, 'no row twice');
    assert.ok(everyone.some((u) => u.id === adminId));

    const found = await client.all<User>('/admin/users', { search: 'user10' });
    const expected = ['user10', 'user100', 'user101', 'user102', 'user103', 'user104'].map((name) => `${name}@example.com`);
    assert.deepEqual(found.map((u) => u.email).sort(), expected.sort(), 'query parameters go along with every page');
  });

  test('a 422 is an ApiError with the code, the status, the details and fieldErrors by field', async () => {
    const error = await client.post('/nodes', { name: '', host: 'bad host!', memory: 1, disk: 1, cpu: 1 }).then(
      () => assert.fail('the API accepted a bad node'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.deepEqual(Object.keys(error.details).sort(), ['host', 'name']);
    assert.deepEqual(Object.keys(error.fieldErrors).sort(), ['host', 'name']);
    assert.equal(error.fieldErrors.host, 'must be a hostname or an IP address');
    assert.equal(messageOf(error), error.message);
  });

  test('fieldErrors is empty for errors that are not a 422, even when details name a field', async () => {
    const error = await client.post('/admin/users', { email: 'admin@example.com', name: 'Again', password: 'long enough password' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 409);
    assert.equal(error.code, 'EMAIL_TAKEN');
    assert.deepEqual(error.details, { email: 'is already in use' });
    assert.deepEqual(error.fieldErrors, {});
  });

  test('a missing record is a 404 NOT_FOUND', async () => {
    const error = await client.get('/nodes/node_doesnotexist').catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.message, 'Node not found');
  });

  test('a controller that does not answer is NETWORK_ERROR, status 0', async () => {
    const closed = createApiClient(`http://127.0.0.1:${await freePort()}/api/v1`);
    const error = await closed.get('/users/me').catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.status, 0);
    assert.match(error.message, /Cannot reach the StellarStack controller/);
  });

  test('an abort is passed through as the abort, not as a network error', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client.request('/users/me', { signal: controller.signal }).catch((e: unknown) => e);
    assert.equal(error instanceof ApiError, false);
    assert.equal((error as Error).name, 'AbortError');
  });
});

describe('API client behind something that is not the controller', () => {
  let proxy: Server;
  let base: string;
  before(async () => {
    // What a reverse proxy in front of a stopped controller answers: HTML, not the JSON envelope.
    proxy = createServer((_request, response) => {
      response.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
      response.end('<html><body>502 Bad Gateway</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}/api/v1`;
  });
  after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  test('a non-JSON error body is HTTP_ERROR with the status', async () => {
    const error = await createApiClient(base).get('/users/me').catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'HTTP_ERROR');
    assert.equal(error.status, 502);
    assert.equal(error.message, 'The controller answered 502 Bad Gateway');
    assert.deepEqual(error.details, {});
  });
});
