import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConsoleClient } from '../support/console-client.ts';
import { api, assertData, assertError, type Json } from '../support/controller.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/images.ts';
import { docker, ECHO_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { waitForNodeStatus } from '../support/nodes.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The lifecycle's harder paths through the API, with small busybox servers on real Docker:
 * restart, a stop command the game ignores (killed after the grace period), a done line that
 * never comes (start timeout), a crash loop that stops restarting, the disk limit, a change
 * made while running that applies at the next start, the install script, and what the agent
 * finds after its own restart when the container died or vanished meanwhile.
 */

const skip = await dockerSkipReason();
const MiB = 1024 * 1024;

const blueprint = (id: string, fields: Record<string, unknown>) => ({ ...ECHO_BLUEPRINT, id, name: id, ...fields });

const BLUEPRINTS = [
  ECHO_BLUEPRINT,
  // A game that ignores its stop command: `quit` is just another line to it.
  blueprint('stubborn-test', { stop: { type: 'command', value: 'quit' }, stopGraceSeconds: 1 }),
  blueprint('silent-test', { startup: 'echo booting; sleep 3600', done: ['never printed'], startTimeoutSeconds: 1 }),
  blueprint('crasher-test', { startup: 'echo crashing; exit 3' }),
  blueprint('installed-test', {
    startup: 'cat installed.txt; while read -r line; do echo "got: $line"; done',
    install: { image: BUSYBOX_IMAGE, entrypoint: 'sh', script: 'echo installing into /mnt/server\necho "installed by the script" > /mnt/server/installed.txt\n' },
  }),
  blueprint('broken-install-test', { install: { image: BUSYBOX_IMAGE, entrypoint: 'sh', script: 'echo oh no >&2\nexit 4\n' } }),
];

const SMALL = { memory: 64, cpu: 50, disk: 64 };

describe('power edge cases through the API', { skip }, () => {
  let stack: Stack;
  const clients: ConsoleClient[] = [];

  const create = async (blueprintId: string, extra: Record<string, unknown> = {}): Promise<Json> => {
    const server = await stack.createServer({ name: blueprintId, blueprintId, ...SMALL, ...extra });
    return server;
  };
  const createStopped = async (blueprintId: string, extra: Record<string, unknown> = {}): Promise<Json> => {
    const server = await create(blueprintId, extra);
    await stack.waitForStatus(server.id, 'stopped');
    return server;
  };
  const viewer = async (serverId: string) => {
    const token = await stack.consoleToken(serverId);
    const client = await ConsoleClient.open(token.consoleUrl, token.consoleToken);
    clients.push(client);
    await client.waitForType('backlog');
    return client;
  };

  before(async () => {
    await ensureBusyboxImage(docker);
    stack = await Stack.start({ label: 'e2e-edges', blueprints: BLUEPRINTS });
  });

  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  test('restart: running → stopping → stopped → starting → running, a new run of the same container', async () => {
    const server = await createStopped(ECHO_BLUEPRINT.id);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running');
    const before = await stack.inspect(server.id);
    const console = await viewer(server.id);
    const mark = console.mark();
    const res = await stack.power(server.id, 'restart');
    assertData(res);
    assert.ok(['stopping', 'starting', 'running'].includes(res.body.data.status), res.text);
    await console.waitFor((f) => f.type === 'status' && f.data === 'running', { from: mark, timeoutMs: 10_000, message: 'running again' });
    const statuses = console.frames.slice(mark).filter((f) => f.type === 'status').map((f) => f.data);
    assert.deepEqual(statuses, ['stopping', 'stopped', 'starting', 'running']);
    const after = await stack.inspect(server.id);
    assert.equal(after?.Id, before?.Id, 'the same container');
    assert.notEqual(after?.State.StartedAt, before?.State.StartedAt, 'a new run');
    console.command('still there');
    await console.waitForLine('got: still there');
  });

  test('a stop command the game ignores: killed once the grace period is over, and the reason says so', async () => {
    const server = await createStopped('stubborn-test');
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running');
    const console = await viewer(server.id);
    const t0 = Date.now();
    assert.equal((await stack.power(server.id, 'stop')).body.data.status, 'stopping');
    await console.waitForLine('got: quit');
    const stopped = await stack.waitForStatus(server.id, 'stopped', 10_000);
    const took = Date.now() - t0;
    assert.match(stopped.statusReason ?? '', /did not stop within 1s; killed/);
    assert.ok(took >= 900 && took < 8_000, `killed after the 1 s grace period, in ${took} ms`);
    assert.equal((await stack.inspect(server.id))?.State.ExitCode, 137);
  });

  test('a done line that never comes: crashed after the start timeout, the process killed', async () => {
    const server = await createStopped('silent-test');
    const res = await stack.power(server.id, 'start');
    assert.equal(res.body.data.status, 'starting');
    const crashed = await stack.waitForStatus(server.id, 'crashed', 10_000);
    assert.match(crashed.statusReason ?? '', /did not report running within 1s; killed/);
    await waitFor(async () => (await stack.inspect(server.id))?.State.Running === false, { timeoutMs: 5_000, message: 'the container stopped' });
    // From crashed, start is allowed again.
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'crashed', 10_000);
  });

  test('a crash loop: restarted with backoff up to maxRetries, then automatic restarts stop', async () => {
    const server = await createStopped('crasher-test', { restartPolicy: { enabled: true, maxRetries: 2 } });
    const console = await viewer(server.id);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    const gaveUp = await stack.waitForStatus(server.id, 'crashed', 20_000, (s) => /crash loop/.test(s.statusReason ?? ''));
    assert.match(gaveUp.statusReason, /exited with code 3; crashed 3 times within .*automatic restarts stopped \(crash loop\)/);
    const runs = [...console.lines, ...console.backlogLines].filter((l) => l === 'crashing').length;
    assert.equal(runs, 3, 'the first run and two restarts');
    const crashedFrames = console.frames.filter((f) => f.type === 'status' && f.data === 'crashed').length;
    assert.equal(crashedFrames, 3);
  });

  test('over its disk limit a server does not start: 409 DISK_LIMIT_EXCEEDED with the numbers', async () => {
    const server = await createStopped(ECHO_BLUEPRINT.id, { disk: 1 });
    await writeFile(join(stack.serverPaths(server.id).filesDir, 'big.bin'), Buffer.alloc(2 * MiB));
    const res = await stack.power(server.id, 'start');
    assertError(res, 409, 'DISK_LIMIT_EXCEEDED');
    assert.match(res.body.error.message, /of its 1 MiB disk limit/);
    assert.equal((await stack.getServer(server.id)).status, 'stopped');
  });

  test('a limit changed while running applies at the next start, not by pulling the rug', async () => {
    const server = await createStopped(ECHO_BLUEPRINT.id);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running');
    const before = await stack.inspect(server.id);
    assert.equal(before?.HostConfig.Memory, 64 * MiB);
    const patched = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'PATCH', body: { memory: 96 } });
    assertData(patched);
    assert.equal(patched.body.data.memory, 96);
    const during = await stack.inspect(server.id);
    assert.equal(during?.Id, before?.Id, 'the running container is left alone');
    assert.equal(during?.State.Running, true);
    assert.equal((await stack.getServer(server.id)).status, 'running');

    assert.equal((await stack.power(server.id, 'stop')).status, 200);
    await stack.waitForStatus(server.id, 'stopped');
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running');
    const afterRestart = await stack.inspect(server.id);
    assert.equal(afterRestart?.HostConfig.Memory, 96 * MiB, 'the new limit after stop and start');
    const usage = await stack.waitForStatus(server.id, 'running', 10_000, (s) => s.resources !== null);
    assert.equal(usage.resources.memoryLimit, 96 * MiB);
  });

  test('the install script runs first (installing → stopped) and its files are there for the game', async () => {
    const server = await create('installed-test');
    const installed = await stack.waitForStatus(server.id, 'stopped', 20_000);
    assert.equal(installed.statusReason, null);
    const console = await viewer(server.id);
    assert.ok(console.backlogLines.includes('installing into /mnt/server'), `install output in the backlog: ${JSON.stringify(console.backlogLines)}`);
    assert.deepEqual((await stack.containersOf(server.id)).map((c) => c.Labels['io.stellarstack.role']), ['server'], 'no install container left');
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await console.waitForLine('installed by the script');
  });

  test('a failing install script: install_failed with its exit code; start refused', async () => {
    const server = await create('broken-install-test');
    const failed = await stack.waitForStatus(server.id, 'install_failed', 20_000);
    assert.match(failed.statusReason ?? '', /exited with code 4/);
    assertError(await stack.power(server.id, 'start'), 409, 'INVALID_STATE');
  });

  test('reinstall: refused while running, then the install script runs again on a stopped server', async () => {
    const server = await create('installed-test');
    await stack.waitForStatus(server.id, 'stopped', 20_000);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 10_000);
    assertError(await api(stack.url, `/servers/${server.id}/reinstall`, { token: stack.admin.token, method: 'POST' }), 409, 'INVALID_STATE');
    assert.equal((await stack.power(server.id, 'kill')).status, 200);
    await stack.waitForStatus(server.id, 'stopped', 10_000);
    const marker = join(stack.serverPaths(server.id).filesDir, 'installed.txt');
    await rm(marker);
    const res = await api(stack.url, `/servers/${server.id}/reinstall`, { token: stack.admin.token, method: 'POST' });
    assertData(res, 200);
    assert.ok(['installing', 'stopped'].includes(res.body.data.status), `answered ${res.body.data.status}`);
    await stack.waitForStatus(server.id, 'stopped', 20_000, () => existsSync(marker));
    assert.equal(readFileSync(marker, 'utf8'), 'installed by the script\n');
  });

  test('after an agent restart: a container that died meanwhile is crashed, one that vanished is stopped with a reason', async () => {
    const died = await createStopped(ECHO_BLUEPRINT.id);
    const vanished = await createStopped(ECHO_BLUEPRINT.id);
    for (const server of [died, vanished]) {
      assert.equal((await stack.power(server.id, 'start')).status, 200);
      await stack.waitForStatus(server.id, 'running');
    }
    await stack.agent.kill('SIGTERM');
    await waitForNodeStatus(stack.url, stack.admin.token, stack.node.id, 'offline', 10_000);
    await docker.getContainer(`stellar-${died.id}`).kill({ signal: 'SIGKILL' });
    await docker.getContainer(`stellar-${vanished.id}`).remove({ force: true });
    await stack.startAgent();
    const crashed = await stack.waitForStatus(died.id, 'crashed', 10_000);
    assert.match(crashed.statusReason ?? '', /exited with code 137 while the agent was not running/);
    const stopped = await stack.waitForStatus(vanished.id, 'stopped', 10_000);
    assert.match(stopped.statusReason ?? '', /removed while the agent was not running/);
    // Both can be started again: the vanished one gets a new container.
    for (const server of [died, vanished]) {
      assert.equal((await stack.power(server.id, 'start')).status, 200, server.id);
      await stack.waitForStatus(server.id, 'running');
    }
  });
});
