import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  api,
  assertData,
  assertError,
  assertValidation,
  createUser,
  signUpAdmin,
  startTestApp,
  type Account,
  type TestApp,
} from '../../../support/controller.ts';
import { EGGS_BY_VERSION, NODE_BOT_PLCN_V1, PAPER_LIKE_PTDL_V2, STEAMCMD_LIKE_PTDL_V1 } from '../../../support/eggs.ts';

/**
 * Egg import and export through the real HTTP API: every format version, dry runs, the same
 * egg again (409, or a replacement when asked), malformed eggs as 422s naming the field,
 * eggs larger than other bodies may be, authorisation, and export → import round trips.
 */
describe('egg import and export over HTTP', () => {
  let app: TestApp;
  let admin: Account;
  let user: Account;

  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    user = await createUser(app.url, admin.token);
  });
  after(() => app.close());

  const importEgg = (egg: unknown, query = '', token = admin.token) => api(app.url, `/blueprints/import${query}`, { token, body: egg });

  test('only admins import: 401 without a token, 403 for a user', async () => {
    assertError(await importEgg(PAPER_LIKE_PTDL_V2, '', ''), 401, 'UNAUTHORIZED');
    assertError(await importEgg(PAPER_LIKE_PTDL_V2, '', user.token), 403, 'FORBIDDEN');
  });

  test('a dry run answers the blueprint and warnings and saves nothing', async () => {
    const res = await importEgg(STEAMCMD_LIKE_PTDL_V1, '?dryRun=true');
    assertData(res, 200);
    assert.equal(res.body.data.saved, false);
    assert.equal(res.body.data.blueprint.id, 'steamlike-dedicated-server');
    assert.ok(res.body.data.warnings.some((w: { field: string }) => w.field === 'variables.EXTRA_FLAGS.rules'));
    assertError(await api(app.url, '/blueprints/steamlike-dedicated-server', { token: admin.token }), 404, 'NOT_FOUND');
  });

  test('every format version imports with 201, and the blueprint is there for everyone to read', async () => {
    for (const [version, egg] of Object.entries(EGGS_BY_VERSION)) {
      const res = await importEgg(egg);
      assertData(res, 201);
      const { blueprint, warnings, saved, replaced } = res.body.data;
      assert.equal(saved, true, version);
      assert.equal(replaced, false);
      assert.ok(Array.isArray(warnings));
      assert.equal(blueprint.source.format, version);
      const read = await api(app.url, `/blueprints/${blueprint.id}`, { token: user.token });
      assertData(read);
      assert.deepEqual(read.body.data, blueprint);
    }
  });

  test('the same egg again: 409 naming the blueprint, or a replacement with replace=true (same id, 200)', async () => {
    const again = await importEgg(NODE_BOT_PLCN_V1);
    assertError(again, 409, 'CONFLICT');
    assert.match(again.body.error.message, /node-js-chat-bot/);
    const changed = { ...structuredClone(NODE_BOT_PLCN_V1), description: 'Changed upstream' };
    const replaced = await importEgg(changed, '?replace=true');
    assertData(replaced, 200);
    assert.equal(replaced.body.data.replaced, true);
    assert.equal(replaced.body.data.blueprint.id, 'node-js-chat-bot');
    const read = await api(app.url, '/blueprints/node-js-chat-bot', { token: admin.token });
    assert.equal(read.body.data.description, 'Changed upstream');
  });

  test('an egg without a uuid imported twice gets a second id; an id asked for that is taken is a 409', async () => {
    const second = await importEgg(PAPER_LIKE_PTDL_V2);
    assertData(second, 201);
    assert.equal(second.body.data.blueprint.id, 'paperlike-java-2');
    assertError(await importEgg(PAPER_LIKE_PTDL_V2, '?id=paperlike-java'), 409, 'CONFLICT');
    const named = await importEgg(PAPER_LIKE_PTDL_V2, '?id=my-paper');
    assertData(named, 201);
    assert.equal(named.body.data.blueprint.id, 'my-paper');
  });

  test('malformed eggs are 422s naming the field; broken JSON is a 400; never a 500', async () => {
    const { meta: _meta, ...noMeta } = PAPER_LIKE_PTDL_V2;
    assertValidation(await importEgg(noMeta), ['meta']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, meta: { version: 'PTDL_v9' } }), ['meta.version']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, variables: [{ name: 'x' }] }), ['variables.0.env_variable']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, config: { files: '{"a": ' } }), ['config.files']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, docker_images: {} }), ['docker_images']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, startup: null }), ['startup']);
    assertValidation(await importEgg([1, 2]), ['body']);
    assertValidation(await importEgg({ ...PAPER_LIKE_PTDL_V2, id: undefined }, '?dryRun=maybe'), ['dryRun']);
    assertError(await api(app.url, '/blueprints/import', { token: admin.token, body: '{"meta":', headers: { 'content-type': 'application/json' } }), 400, 'INVALID_JSON');
  });

  test('eggs may be large (up to 1 MiB): a 300 KiB egg imports, a 2 MiB one is a 413', async () => {
    const big = structuredClone(PAPER_LIKE_PTDL_V2);
    big.description = 'x'.repeat(90_000);
    for (const variable of big.variables) variable.description = 'd'.repeat(15_000);
    big.scripts.installation.script = `#!/bin/ash\n${'# padding\n'.repeat(6000)}`;
    const body = JSON.stringify(big);
    assert.ok(body.length > 200_000 && body.length < 1024 * 1024, `${body.length} bytes`);
    const res = await importEgg(big, '?dryRun=true&id=big-egg');
    assertData(res, 200);
    assert.ok(res.body.data.warnings.some((w: { field: string }) => w.field === 'description'), 'the long description is shortened with a warning');
    const huge = { ...big, description: 'x'.repeat(2 * 1024 * 1024) };
    assertError(await importEgg(huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('export gives a PLCN_v3 egg that imports back to the same blueprint', async () => {
    const original = (await api(app.url, '/blueprints/steamlike-dedicated-server', { token: admin.token })).body.data;
    const exported = await api(app.url, '/blueprints/steamlike-dedicated-server/export?format=egg', { token: user.token });
    assertData(exported);
    const egg = exported.body.data;
    assert.equal(egg.meta.version, 'PLCN_v3');
    assert.deepEqual(egg.docker_images, original.images);
    const back = await importEgg(egg, '?replace=true');
    assertData(back, 200);
    assert.deepEqual({ ...back.body.data.blueprint, source: null }, { ...original, source: null });
    assert.equal(back.body.data.blueprint.source.uuid, egg.uuid, 'an egg without a uuid gets a stable one on export');
  });

  test('a built-in exports too, and imports as a new blueprint; export of an unknown id is 404, of an unknown format 422', async () => {
    const exported = await api(app.url, '/blueprints/minecraft-java/export', { token: user.token });
    assertData(exported);
    const imported = await importEgg(exported.body.data, '?id=minecraft-java-copy');
    assertData(imported, 201);
    const builtin = (await api(app.url, '/blueprints/minecraft-java', { token: user.token })).body.data;
    const { id: _a, builtin: _b, source: _c, ...same } = builtin;
    const { id: _d, builtin: _e, source: _f, ...copy } = imported.body.data.blueprint;
    assert.deepEqual(copy, same);
    assertError(await api(app.url, '/blueprints/nope-nope/export', { token: user.token }), 404, 'NOT_FOUND');
    assertValidation(await api(app.url, '/blueprints/minecraft-java/export?format=yaml', { token: user.token }), ['format']);
  });

  test('the OpenAPI document describes both routes', async () => {
    const doc = (await api(app.url, '/api/v1/openapi.json')).body;
    assert.ok(doc.paths['/api/v1/blueprints/import']?.post, 'import');
    assert.ok(doc.paths['/api/v1/blueprints/{id}/export']?.get, 'export');
  });
});
