import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { BlueprintSchema } from '../../../../contracts/index.ts';
import { BUILTIN_BLUEPRINTS } from '../../../../controller/blueprints/catalog/index.ts';
import type { StoredServer } from '../../../../controller/store/document-schema.ts';
import {
  RAISED_LIMITS,
  api,
  assertData,
  assertError,
  assertNoContent,
  assertRateLimitHeaders,
  assertValidation,
  createUser,
  signUpAdmin,
  startTestApp,
  tempDir,
  type Account,
  type TestApp,
} from '../../../support/controller.ts';

/** Distinct from the general limit, so a response shows which bucket counted it. */
const ADMIN_LIMIT = RAISED_LIMITS.general - 1;

async function startBlueprintsApp(dataDir: string): Promise<TestApp> {
  return startTestApp({ dataDir, rateLimits: { admin: ADMIN_LIMIT } });
}

const CUSTOM = {
  id: 'echo-test',
  name: 'Echo test',
  description: 'Says hello',
  category: 'Testing',
  images: { Busybox: 'busybox:1.36' },
  startup: 'echo {{GREETING}} on {{SERVER_PORT}}',
  stop: { type: 'signal', value: 'SIGTERM' },
  defaults: { memory: 64, cpu: 50, disk: 16 },
  ports: [{ name: 'Game', port: 7000, protocol: 'udp' }],
  variables: [{ env: 'GREETING', name: 'Greeting', default: 'hello', rules: { type: 'string', max: 20 } }],
};

function withoutId<T extends { id: string }>(blueprint: T): Omit<T, 'id'> {
  const { id: _id, ...body } = blueprint;
  return body;
}

function serverUsing(blueprintId: string, ownerId: string): StoredServer {
  const now = new Date().toISOString();
  return {
    id: 'srv_blueprinttest1', name: 'Uses it', description: '', nodeId: 'node_none0001', blueprintId, ownerId,
    image: 'busybox:1.36', memory: 64, cpu: 50, disk: 16, swap: 0, ports: [{ port: 7000, protocol: 'udp' }],
    variables: {}, restartPolicy: { enabled: false, maxRetries: 3 }, status: 'stopped', statusReason: null, createdAt: now, updatedAt: now,
  };
}

describe('blueprints API', () => {
  let dataDir: string;
  let app: TestApp;
  let admin: Account;
  let user: Account;

  before(async () => {
    dataDir = await tempDir('blueprints');
    app = await startBlueprintsApp(dataDir);
    admin = await signUpAdmin(app.url);
    user = await createUser(app.url, admin.token);
  });
  after(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('without credentials every route is 401', async () => {
    for (const [method, path] of [['GET', '/blueprints'], ['GET', '/blueprints/minecraft-java'], ['POST', '/blueprints'], ['PUT', '/blueprints/minecraft-java'], ['DELETE', '/blueprints/minecraft-java']] as const) {
      assertError(await api(app.url, path, { method, body: method === 'POST' || method === 'PUT' ? CUSTOM : undefined }), 401, 'UNAUTHORIZED');
    }
  });

  test('any signed-in user lists the catalog, sorted by name, 20 per page by default', async () => {
    const res = await api(app.url, '/blueprints', { token: user.token });
    assertData(res, 200, true);
    assert.deepEqual(res.body.meta, { total: BUILTIN_BLUEPRINTS.length, page: 1, limit: 20 });
    const names = res.body.data.map((b: { name: string }) => b.name);
    assert.deepEqual(names, [...names].sort((a: string, b: string) => a.localeCompare(b)));
    for (const blueprint of res.body.data) assert.ok(BlueprintSchema.safeParse(blueprint).success, blueprint.id);
    assert.ok(res.body.data.some((b: { id: string }) => b.id === 'minecraft-java'));
  });

  test('pages slice the list; out-of-range paging is a 422 naming the field', async () => {
    const all = (await api(app.url, '/blueprints?limit=100', { token: user.token })).body.data;
    const second = await api(app.url, '/blueprints?page=2&limit=3', { token: user.token });
    assertData(second, 200, true);
    assert.deepEqual(second.body.meta, { total: all.length, page: 2, limit: 3 });
    assert.deepEqual(second.body.data.map((b: { id: string }) => b.id), all.slice(3, 6).map((b: { id: string }) => b.id));
    assertValidation(await api(app.url, '/blueprints?limit=101', { token: user.token }), ['limit']);
    assertValidation(await api(app.url, '/blueprints?page=0', { token: user.token }), ['page']);
  });

  test('filters by category (case-insensitive) and by search over id, name and description', async () => {
    const minecraft = await api(app.url, '/blueprints?category=MINECRAFT', { token: user.token });
    assertData(minecraft, 200, true);
    assert.deepEqual(minecraft.body.data.map((b: { id: string }) => b.id).sort(), ['minecraft-bedrock', 'minecraft-java']);
    const strike = await api(app.url, '/blueprints?search=strike', { token: user.token });
    assert.deepEqual(strike.body.data.map((b: { id: string }) => b.id), ['counter-strike-2']);
    const byDescription = await api(app.url, '/blueprints?search=transport%20tycoon', { token: user.token });
    assert.deepEqual(byDescription.body.data.map((b: { id: string }) => b.id), ['openttd']);
    const none = await api(app.url, '/blueprints?category=minecraft&search=valheim', { token: user.token });
    assert.deepEqual(none.body, { data: [], meta: { total: 0, page: 1, limit: 20 } });
  });

  test('GET one returns the blueprint; an unknown id is a 404', async () => {
    const res = await api(app.url, '/blueprints/minecraft-java', { token: user.token });
    assertData(res);
    assert.deepEqual(res.body.data, JSON.parse(JSON.stringify(BUILTIN_BLUEPRINTS.find((b) => b.id === 'minecraft-java'))));
    assertError(await api(app.url, '/blueprints/no-such-game', { token: user.token }), 404, 'NOT_FOUND');
  });

  test('a user who is not an admin cannot add, replace or delete: 403', async () => {
    assertError(await api(app.url, '/blueprints', { token: user.token, body: CUSTOM }), 403, 'FORBIDDEN');
    assertError(await api(app.url, '/blueprints/minecraft-java', { token: user.token, method: 'PUT', body: withoutId(CUSTOM) }), 403, 'FORBIDDEN');
    assertError(await api(app.url, '/blueprints/minecraft-java', { token: user.token, method: 'DELETE' }), 403, 'FORBIDDEN');
    assertError(await api(app.url, '/blueprints/echo-test', { token: user.token }), 404, 'NOT_FOUND');
  });

  test('a body that fails validation is a 422 naming each field', async () => {
    const res = await api(app.url, '/blueprints', { token: admin.token, body: { ...CUSTOM, id: 'Not A Slug', name: '', ports: [{ name: 'x', port: 70000, protocol: 'sctp' }] } });
    assertValidation(res, ['id', 'name', 'ports.0.port', 'ports.0.protocol']);
    const unknownField = await api(app.url, '/blueprints', { token: admin.token, body: { ...CUSTOM, surprise: true } });
    assertError(unknownField, 422, 'VALIDATION_ERROR');
  });

  test('an inconsistent blueprint is a 422 too: bad pattern, undeclared placeholder', async () => {
    const res = await api(app.url, '/blueprints', {
      token: admin.token,
      body: { ...CUSTOM, startup: 'echo {{GREETING}} {{TYPO}}', variables: [{ ...CUSTOM.variables[0], rules: { pattern: '([a-z' } }] },
    });
    assertValidation(res, ['startup', 'variables.0.rules']);
    assertError(await api(app.url, '/blueprints/echo-test', { token: admin.token }), 404, 'NOT_FOUND');
  });

  test('an admin adds a blueprint (201, admin rate limit) that everyone then sees; the same id again is a 409', async () => {
    const res = await api(app.url, '/blueprints', { token: admin.token, body: CUSTOM });
    assertData(res, 201);
    assert.equal(res.body.data.id, 'echo-test');
    assert.equal(res.body.data.builtin, false);
    assert.equal(res.body.data.dataPath, '/home/container', 'schema defaults are filled in');
    assert.deepEqual((await api(app.url, '/blueprints/echo-test', { token: user.token })).body.data, res.body.data);
    const list = await api(app.url, '/blueprints?category=testing', { token: user.token });
    assert.deepEqual(list.body.data.map((b: { id: string }) => b.id), ['echo-test']);

    assertRateLimitHeaders(res, ADMIN_LIMIT);
    assertRateLimitHeaders(list, RAISED_LIMITS.general);

    assertError(await api(app.url, '/blueprints', { token: admin.token, body: CUSTOM }), 409, 'CONFLICT', { id: 'is already taken' });
    assertError(await api(app.url, '/blueprints', { token: admin.token, body: { ...CUSTOM, id: 'valheim' } }), 409, 'CONFLICT', { id: 'is already taken' });
  });

  test('PUT replaces a blueprint as a whole; an unknown id is a 404', async () => {
    const replaced = await api(app.url, '/blueprints/echo-test', { token: admin.token, method: 'PUT', body: { ...withoutId(CUSTOM), name: 'Echo v2', description: undefined } });
    assertData(replaced);
    assert.equal(replaced.body.data.name, 'Echo v2');
    assert.equal(replaced.body.data.description, '', 'a field left out returns to its default');
    assertError(await api(app.url, '/blueprints/nothing-here', { token: admin.token, method: 'PUT', body: withoutId(CUSTOM) }), 404, 'NOT_FOUND');
  });

  test('replacing a built-in stores an override; deleting the override restores the built-in', async () => {
    const original = (await api(app.url, '/blueprints/openttd', { token: user.token })).body.data;
    const local = { ...withoutId(original), builtin: undefined, images: { Local: 'stellar-test/openttd:latest' }, install: null };
    const put = await api(app.url, '/blueprints/openttd', { token: admin.token, method: 'PUT', body: local });
    assertData(put);
    assert.deepEqual(put.body.data.images, { Local: 'stellar-test/openttd:latest' });
    assert.equal(put.body.data.builtin, true, 'the id still belongs to the catalog');
    const total = (await api(app.url, '/blueprints', { token: user.token })).body.meta.total;
    assert.equal(total, BUILTIN_BLUEPRINTS.length + 1, 'an override replaces, it does not add');
    assert.deepEqual((await api(app.url, '/blueprints/openttd', { token: user.token })).body.data.images, { Local: 'stellar-test/openttd:latest' });

    assertNoContent(await api(app.url, '/blueprints/openttd', { token: admin.token, method: 'DELETE' }));
    assert.deepEqual((await api(app.url, '/blueprints/openttd', { token: user.token })).body.data, original);
  });

  test('a built-in that is not overridden cannot be deleted: 409', async () => {
    assertError(await api(app.url, '/blueprints/minecraft-java', { token: admin.token, method: 'DELETE' }), 409, 'CONFLICT', { id: 'is a built-in blueprint' });
    assertData(await api(app.url, '/blueprints/minecraft-java', { token: user.token }));
  });

  test('a blueprint a server uses cannot be deleted (409 BLUEPRINT_IN_USE); once unused it can (204)', async () => {
    await app.controller.store.mutate((doc) => {
      doc.servers.push(serverUsing('echo-test', admin.id));
    });
    assertError(await api(app.url, '/blueprints/echo-test', { token: admin.token, method: 'DELETE' }), 409, 'BLUEPRINT_IN_USE', { servers: 1 });
    assertData(await api(app.url, '/blueprints/echo-test', { token: user.token }));

    await app.controller.store.mutate((doc) => {
      doc.servers = doc.servers.filter((s) => s.blueprintId !== 'echo-test');
    });
    assertNoContent(await api(app.url, '/blueprints/echo-test', { token: admin.token, method: 'DELETE' }));
    assertError(await api(app.url, '/blueprints/echo-test', { token: user.token }), 404, 'NOT_FOUND');
    assertError(await api(app.url, '/blueprints/echo-test', { token: admin.token, method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  test('an override in use cannot be deleted either: restoring the built-in would change that server', async () => {
    const original = (await api(app.url, '/blueprints/terraria', { token: user.token })).body.data;
    assertData(await api(app.url, '/blueprints/terraria', { token: admin.token, method: 'PUT', body: { ...withoutId(original), builtin: undefined, name: 'Terraria (pinned)' } }));
    await app.controller.store.mutate((doc) => {
      doc.servers.push(serverUsing('terraria', admin.id));
    });
    assertError(await api(app.url, '/blueprints/terraria', { token: admin.token, method: 'DELETE' }), 409, 'BLUEPRINT_IN_USE', { servers: 1 });
    await app.controller.store.mutate((doc) => {
      doc.servers = [];
    });
    assertNoContent(await api(app.url, '/blueprints/terraria', { token: admin.token, method: 'DELETE' }));
  });

  test('added blueprints and overrides survive a restart', async () => {
    assertData(await api(app.url, '/blueprints', { token: admin.token, body: { ...CUSTOM, id: 'kept-one' } }), 201);
    const factorio = (await api(app.url, '/blueprints/factorio', { token: user.token })).body.data;
    assertData(await api(app.url, '/blueprints/factorio', { token: admin.token, method: 'PUT', body: { ...withoutId(factorio), builtin: undefined, name: 'Factorio (ours)' } }));
    await app.close();
    app = await startBlueprintsApp(dataDir);
    assertData(await api(app.url, '/blueprints/kept-one', { token: user.token }));
    assert.equal((await api(app.url, '/blueprints/factorio', { token: user.token })).body.data.name, 'Factorio (ours)');
  });
});
