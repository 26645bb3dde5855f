import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { api, assertError, freePort, type Json } from '../support/controller.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage, ensureNoShellImage, ensureOpenttdImage, NO_SHELL_IMAGE } from '../support/images.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { openEventStream, type SseClient } from '../support/sse-client.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Issue 11's runtime on a real installation (controller and agent processes, the real Docker
 * engine): an image without a shell fails in words and runs in entrypoint mode, a missing
 * startup command is named, a filling disk is warned about and then stops the server, a
 * restart survives the agent dying halfway, an install can be cancelled with its progress on
 * the live events, and a real OpenTTD server reports its players.
 */

const skip = await dockerSkipReason();

const TINY = { memory: 64, cpu: 50, disk: 64 };

function blueprint(id: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    name: id,
    category: 'test',
    images: { local: BUSYBOX_IMAGE },
    stop: { type: 'signal', value: 'SIGTERM' },
    done: [],
    startTimeoutSeconds: 20,
    stopGraceSeconds: 10,
    ports: [],
    defaults: TINY,
    ...fields,
  };
}

const NO_SHELL = blueprint('no-shell', { images: { local: NO_SHELL_IMAGE }, startup: 'echo never printed' });
const NO_SHELL_ENTRYPOINT = blueprint('no-shell-entrypoint', {
  images: { local: NO_SHELL_IMAGE },
  startupMode: 'entrypoint',
  startup: 'echo started-by-entrypoint; exec /app/busybox sleep 3600',
  done: ['started-by-entrypoint'],
});
const MISSING_COMMAND = blueprint('missing-command', { startup: './no-such-server --port 1' });
// Fills ~94 % of a 1 MiB limit, waits long enough for a disk sample, then goes past the limit.
const DISK_FILLER = blueprint('disk-filler', {
  startup: 'echo ready; dd if=/dev/zero of=fill bs=1024 count=960 2>/dev/null; echo at-ninety; sleep 15; dd if=/dev/zero of=fill bs=1024 count=1100 2>/dev/null; echo full; while true; do sleep 1; done',
  defaults: { ...TINY, disk: 1 },
});
// Takes four seconds to stop, so the agent can die while a restart is stopping it.
const SLOW_STOP = blueprint('slow-stop', {
  startup: "trap 'echo stopping-slowly; sleep 4; exit 0' TERM; echo up; while true; do sleep 1; done",
  stopGraceSeconds: 30,
});
const SLOW_INSTALL = blueprint('slow-install', {
  startup: 'echo up; while true; do sleep 1; done',
  install: { image: BUSYBOX_IMAGE, entrypoint: 'sh', script: 'echo fetching-game-files; sleep 120', timeoutSeconds: 60 },
});
const OPENTTD_PLAYERS = { ...OPENTTD_BLUEPRINT, id: 'openttd-players', name: 'OpenTTD (players)', query: { type: 'openttd', port: 'game' } };

describe('game server runtime: failures in words, disk, restarts, installs, players', { skip }, () => {
  let stack: Stack;
  let events: SseClient;

  const create = (id: string, extra: Record<string, unknown> = {}) =>
    stack.createServer({ name: id, blueprintId: id, ...TINY, ...(extra.disk === undefined ? {} : { disk: extra.disk }), ...extra });
  const startAndWait = async (server: Json, status: 'running' | 'crashed' | 'starting' = 'running') => {
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    return stack.waitForStatus(server.id, status, 30_000);
  };

  before(async () => {
    await Promise.all([ensureBusyboxImage(docker), ensureNoShellImage(docker), ensureOpenttdImage(docker)]);
    stack = await Stack.start({
      label: 'e2e-runtime',
      blueprints: [NO_SHELL, NO_SHELL_ENTRYPOINT, MISSING_COMMAND, DISK_FILLER, SLOW_STOP, SLOW_INSTALL, OPENTTD_PLAYERS],
    });
    events = await openEventStream(stack.url, stack.admin.token);
  });

  after(async () => {
    events?.close();
    await stack?.close();
  });

  test('an image without /bin/sh in shell mode: crashed, and the reason names the missing shell', async () => {
    const server = await create('no-shell');
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    const crashed = await startAndWait(server, 'crashed');
    assert.match(crashed.statusReason, /the image has no \/bin\/sh/);
    assert.match(crashed.statusReason, /"entrypoint"/);
  });

  test("the same image in entrypoint mode: its own entrypoint runs and reads STARTUP", async () => {
    const server = await create('no-shell-entrypoint');
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    await startAndWait(server);
    const info = await stack.inspect(server.id);
    assert.deepEqual(info?.Config.Entrypoint?.slice(0, 2), ['/app/busybox', 'sh'], 'the image entrypoint, not ours');
    assert.ok(info?.Config.Env.some((e) => e.startsWith('STARTUP=echo started-by-entrypoint')));
    assert.equal((await stack.power(server.id, 'kill')).status, 200);
  });

  test('a startup command that does not exist: the reason names it', async () => {
    const server = await create('missing-command');
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    const crashed = await startAndWait(server, 'crashed');
    assert.match(crashed.statusReason, /startup command \.\/no-such-server was not found/);
  });

  test('a server whose disk fills: a warning at 90 % on the live events, then stopped with the reason', async () => {
    const server = await create('disk-filler', { disk: 1 });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    await startAndWait(server);
    const warning = await events.nextMatching((f) => f.type === 'server_notice' && f.data.serverId === server.id && f.data.kind === 'disk', 30_000);
    assert.equal(warning.data.level, 'warning');
    assert.match(warning.data.message, /9\d %/);
    assert.equal((await stack.getServer(server.id)).status, 'running', 'warned, not stopped');
    const stopped = await stack.waitForStatus(server.id, 'stopped', 45_000);
    assert.match(stopped.statusReason, /reached its disk limit/);
    assertError(await stack.power(server.id, 'start'), 409, 'DISK_LIMIT_EXCEEDED');
  });

  test('a restart under way when the agent is killed completes once the agent is back', async () => {
    const server = await create('slow-stop');
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    await startAndWait(server);
    const before = (await stack.inspect(server.id))!.State.StartedAt;
    assert.equal((await stack.power(server.id, 'restart')).status, 200);
    await stack.waitForStatus(server.id, 'stopping', 10_000);
    const stateFile = stack.serverPaths(server.id).stateFile;
    await waitFor(async () => JSON.parse(await readFile(stateFile, 'utf8')).restartPending === true, { timeoutMs: 5000, message: 'the pending restart saved' });
    await stack.agent.kill('SIGKILL');
    // The game finishes stopping while no agent runs.
    await waitFor(async () => (await stack.inspect(server.id))?.State.Running === false, { timeoutMs: 20_000, message: 'the game stopped' });
    await stack.startAgent();
    const running = await stack.waitForStatus(server.id, 'running', 30_000, (s) => s.nodeOnline === true);
    assert.equal(running.status, 'running');
    const after = (await stack.inspect(server.id))!.State;
    assert.equal(after.Running, true);
    assert.notEqual(after.StartedAt, before, 'started again, not the old process');
    assert.equal((await stack.power(server.id, 'kill')).status, 200);
  });

  test('an install reports progress on the live events and can be cancelled', async () => {
    const server = await create('slow-install');
    assert.equal(server.status, 'installing');
    const begun = await events.nextMatching((f) => f.type === 'server_notice' && f.data.serverId === server.id && f.data.kind === 'install', 30_000);
    assert.equal(begun.data.done, false);
    await waitFor(async () => (await docker.listContainers({ filters: { name: [`stellar-${server.id}-install`] } })).length === 1, {
      timeoutMs: 20_000,
      message: 'the install container runs',
    });
    const res = await api(stack.url, `/servers/${server.id}/install/cancel`, { token: stack.admin.token, method: 'POST' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.data.status, 'install_failed');
    const failed = await stack.waitForStatus(server.id, 'install_failed', 10_000);
    assert.match(failed.statusReason, /cancelled/);
    await waitFor(async () => (await docker.listContainers({ all: true, filters: { name: [`stellar-${server.id}-install`] } })).length === 0, {
      timeoutMs: 20_000,
      message: 'the install container is gone',
    });
    assertError(await api(stack.url, `/servers/${server.id}/install/cancel`, { token: stack.admin.token, method: 'POST' }), 409, 'INVALID_STATE');
  });

  test('a real OpenTTD server reports its players through GameDig', async () => {
    const server = await stack.createServer({
      name: 'OpenTTD players',
      blueprintId: OPENTTD_PLAYERS.id,
      memory: 512,
      cpu: 100,
      disk: 1024,
      ports: [{ port: await freePort(), protocol: 'tcp' }],
    });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    await startAndWait(server);
    const counted = await waitFor(async () => {
      const current = await stack.getServer(server.id);
      return current.resources?.players ? current : false;
    }, { timeoutMs: 30_000, message: 'players in the resources' });
    assert.equal(counted.resources.players.online, 0);
    assert.ok(counted.resources.players.max > 0, JSON.stringify(counted.resources.players));
    assert.equal((await stack.power(server.id, 'stop')).status, 200);
    await stack.waitForStatus(server.id, 'stopped', 30_000);
  });
});
