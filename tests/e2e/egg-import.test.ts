import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConsoleClient } from '../support/console-client.ts';
import { api, assertData, assertValidation, freePort, type Json } from '../support/controller.ts';
import { docker, Stack } from '../support/game-stack.ts';
import { BUSYBOX_IMAGE, STARTUP_IMAGE, ensureBusyboxImage, ensureStartupImage } from '../support/images.ts';
import { dockerSkipReason } from '../support/requirements.ts';

/**
 * An egg from import to a running server and back, with a real controller process, a real
 * agent process and the real Docker engine. The egg (PTDL_v2, written for this test) installs
 * a tiny "game" with its install script — a config file and a start script — and its startup
 * reads that config file, which config.files patches before every start with the allocated
 * port and a variable.
 */

const INSTALL_SCRIPT = [
  '#!/bin/sh',
  'cd /mnt/server',
  "printf 'port=0\\nmotd=unset\\n# written by the install\\n' > game.properties",
  "cat > start.sh <<'EOS'",
  'echo "config: $(tr \'\\n\' \' \' < game.properties)"',
  'echo "Game ready on port $(grep \'^port=\' game.properties | cut -d= -f2)"',
  'while read -r line; do',
  '  if [ "$line" = "quit" ]; then echo "bye from the game"; exit 0; fi',
  '  echo "got: $line"',
  'done',
  'EOS',
  'echo "installed with motd ${MOTD} for ${P_SERVER_UUID}"',
  '',
].join('\r\n');

const TINY_GAME_EGG = {
  _comment: 'Written for the StellarStack end-to-end tests',
  meta: { version: 'PTDL_v2', update_url: null },
  exported_at: '2026-02-02T02:02:02+00:00',
  name: 'Tiny Game',
  author: 'tests@stellarstack.invalid',
  uuid: '5e1f0000-0000-4000-8000-00000000e2e0',
  description: 'A shell "game" that reads its config file.',
  features: ['eula'],
  docker_images: { 'Busybox (reads STARTUP)': STARTUP_IMAGE },
  file_denylist: [],
  startup: 'sh ./start.sh',
  config: {
    files: JSON.stringify({
      'game.properties': { parser: 'properties', find: { port: '{{server.build.default.port}}', motd: '{{server.build.env.MOTD}}' } },
    }),
    startup: JSON.stringify({ done: 'Game ready on port' }),
    logs: '{}',
    stop: 'quit',
  },
  scripts: { installation: { script: INSTALL_SCRIPT, container: BUSYBOX_IMAGE, entrypoint: 'sh' } },
  variables: [
    { name: 'Message of the day', description: '', env_variable: 'MOTD', default_value: 'Hello', user_viewable: true, user_editable: true, rules: 'required|string|max:40|regex:/^[A-Za-z0-9 ]+$/', field_type: 'text' },
    { name: 'Level', description: '', env_variable: 'LEVEL', default_value: '3', user_viewable: true, user_editable: true, rules: 'required|integer|between:1,10', field_type: 'text' },
  ],
};

const skip = await dockerSkipReason();

describe('an imported egg on real Docker: install, config patched, done, stop command, export', { skip }, () => {
  let stack: Stack;
  let blueprint: Json;
  let server: Json;
  let gamePort: number;
  let viewer: ConsoleClient;

  before(async () => {
    await ensureBusyboxImage(docker);
    await ensureStartupImage(docker);
    stack = await Stack.start({ label: 'e2e-egg' });
    gamePort = await freePort();
  });
  after(async () => {
    viewer?.close();
    await stack?.close();
  });

  test('import: 201 with the blueprint and warnings for what is not supported', async () => {
    const res = await api(stack.url, '/blueprints/import', { token: stack.admin.token, body: TINY_GAME_EGG });
    assertData(res, 201);
    blueprint = res.body.data.blueprint;
    assert.equal(blueprint.id, 'tiny-game');
    assert.equal(blueprint.startupMode, 'entrypoint');
    assert.ok(res.body.data.warnings.some((w: Json) => w.field === 'features'));
  });

  test('create: a variable breaking its egg rule is a 422 naming it; a good one installs to stopped', async () => {
    const base = { name: 'Tiny', blueprintId: blueprint.id, memory: 128, cpu: 50, disk: 64, ports: [{ port: gamePort, protocol: 'tcp' }] };
    const refused = await api(stack.url, '/servers', { token: stack.admin.token, body: { nodeId: stack.node.id, ...base, variables: { LEVEL: '11', MOTD: 'semi;colon' } } });
    assertValidation(refused, ['variables.LEVEL', 'variables.MOTD']);
    assert.equal(refused.body.error.details['variables.LEVEL'], 'must be at most 10 (max)');
    assert.match(refused.body.error.details['variables.MOTD'], /must match the pattern/);

    server = await stack.createServer({ ...base, variables: { MOTD: 'Hello eggs' } });
    await stack.waitForStatus(server.id, 'stopped', 60_000);
    const { filesDir } = stack.serverPaths(server.id);
    assert.equal(await readFile(join(filesDir, 'game.properties'), 'utf8'), 'port=0\nmotd=unset\n# written by the install\n');
  });

  test('start: the config holds the allocated port and the variable, the game reads it, and its done line means running', async () => {
    const token = await stack.consoleToken(server.id);
    viewer = await ConsoleClient.open(stack.nodeConsoleUrl(), token.consoleToken);
    const from = viewer.lines.length;
    const res = await stack.power(server.id, 'start');
    assert.equal(res.status, 200, res.text);
    await stack.waitForStatus(server.id, 'running', 30_000);
    const { filesDir } = stack.serverPaths(server.id);
    assert.equal(await readFile(join(filesDir, 'game.properties'), 'utf8'), `port=${gamePort}\nmotd=Hello eggs\n# written by the install\n`);
    await viewer.waitForLine(`config: port=${gamePort} motd=Hello eggs`, { from, timeoutMs: 10_000 });
    await viewer.waitForLine(`Game ready on port ${gamePort}`, { from, timeoutMs: 10_000 });
  });

  test('the container gets the environment eggs expect', async () => {
    const env = new Map((await stack.inspect(server.id))?.Config.Env?.map((entry) => entry.split(/=(.*)/s, 2) as [string, string]));
    assert.equal(env.get('P_SERVER_UUID'), server.id);
    assert.equal(env.get('SERVER_PORT'), String(gamePort));
    assert.equal(env.get('SERVER_MEMORY'), '128');
    assert.equal(env.get('MOTD'), 'Hello eggs');
    assert.equal(env.get('STARTUP'), 'sh ./start.sh');
    assert.ok(env.get('TZ'), 'TZ is set');
  });

  test("stop: the egg's stop command ends it, well before the grace period", async () => {
    const from = viewer.lines.length;
    const started = Date.now();
    const res = await stack.power(server.id, 'stop');
    assert.equal(res.status, 200, res.text);
    await stack.waitForStatus(server.id, 'stopped', 25_000);
    await viewer.waitForLine('bye from the game', { from, timeoutMs: 5_000 });
    assert.ok(Date.now() - started < 20_000, `stopped in ${Date.now() - started} ms, not by the 30 s kill`);
  });

  test('export and re-import give the same blueprint', async () => {
    const exported = await api(stack.url, `/blueprints/${blueprint.id}/export?format=egg`, { token: stack.admin.token });
    assertData(exported);
    const again = await api(stack.url, '/blueprints/import?replace=true', { token: stack.admin.token, body: exported.body.data });
    assertData(again, 200);
    assert.deepEqual({ ...again.body.data.blueprint, source: null }, { ...blueprint, source: null });
    assert.equal(again.body.data.blueprint.source.uuid, TINY_GAME_EGG.uuid);
  });
});
