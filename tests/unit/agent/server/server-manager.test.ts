import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../../contracts/index.ts';
import type { AgentEvent, ServerSpec } from '../../../../contracts/index.ts';
import { ServerManager } from '../../../../agent/server/server-manager.ts';
import type { ServerTimings } from '../../../../agent/server/server-instance.ts';
import { FakeDocker, testSpec, until } from '../../../support/fake-environment.ts';

const FAST: Partial<ServerTimings> = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 10, persistDelayMs: 10, diskCacheMs: 0 };
const silent = { warn: () => undefined };

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

/** A node: its data directory and its fake Docker, which outlive any one agent process. */
async function node(t: TestContext) {
  const dataDir = await mkdtemp(join(tmpdir(), 'stellar-node-'));
  const docker = new FakeDocker();
  const managers: ServerManager[] = [];
  const events: AgentEvent[] = [];
  const boot = (): ServerManager => {
    const manager = new ServerManager({ dataDir, createEnvironment: docker.factory, timings: FAST, logger: silent });
    manager.on('event', (event) => events.push(event));
    managers.push(manager);
    return manager;
  };
  t.after(async () => {
    for (const manager of managers) await manager.shutdown();
    docker.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { dataDir, docker, boot, events };
}

const spec = (id: string, overrides: Partial<ServerSpec> = {}) => testSpec({ id, done: [], ...overrides });

test('sync creates one server per spec with files under servers/<id> and state under state/<id>.json', async (t) => {
  const { dataDir, docker, boot } = await node(t);
  const manager = boot();
  const failures = await manager.sync([spec('srv_a'), spec('srv_b')]);
  assert.deepEqual(failures, []);
  assert.deepEqual(manager.list().map((i) => i.serverId).sort(), ['srv_a', 'srv_b']);
  assert.equal(docker.environment('srv_a').paths?.hostDataDir, join(dataDir, 'servers', 'srv_a'));
  await access(join(dataDir, 'servers', 'srv_b'));
  await until(() => manager.list().length === 2, 'instances');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual((await readdir(join(dataDir, 'state'))).sort(), ['srv_a.json', 'srv_b.json']);
});

test('a second sync updates known servers and leaves servers the controller did not mention alone', async (t) => {
  const { docker, boot } = await node(t);
  const manager = boot();
  await manager.sync([spec('srv_a'), spec('srv_b')]);
  await manager.sync([spec('srv_a', { memory: 4096 })]);
  assert.equal(manager.get('srv_a').spec.memory, 4096);
  assert.ok(manager.has('srv_b'), 'srv_b is not deleted');
  assert.equal(docker.environment('srv_b').containerExists, true);
});

test('one bad spec does not stop the others from syncing', async (t) => {
  const { boot } = await node(t);
  const manager = boot();
  const failures = await manager.sync([spec('srv_good'), spec('../../etc'), spec('srv_badregex', { done: ['regex:(('] })]);
  assert.deepEqual(failures.map((f) => [f.serverId, f.error.code]).sort(), [
    ['../../etc', 'VALIDATION_ERROR'],
    ['srv_badregex', 'VALIDATION_ERROR'],
  ]);
  assert.deepEqual(manager.list().map((i) => i.serverId), ['srv_good']);
});

test('server ids are validated before they touch the file system', async (t) => {
  const { dataDir, boot } = await node(t);
  const manager = boot();
  for (const id of ['../escape', 'srv_a/b', 'srv_', 'usr_abc', '']) {
    await assert.rejects(manager.syncServer(spec(id)), (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR');
    await assert.rejects(manager.delete(id), (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR');
  }
  assert.deepEqual(await readdir(dataDir), []);
});

test('get of an unknown server is NOT_FOUND', async (t) => {
  const { boot } = await node(t);
  assert.throws(() => boot().get('srv_nope'), (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND');
});

test('a new server with an install script is installed in the background; events stream its status', async (t) => {
  const { boot, events } = await node(t);
  const manager = boot();
  const install = { image: 'alpine', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 };
  const description = await manager.syncServer(spec('srv_new', { install }));
  assert.equal(description.status, 'installing');
  await until(() => manager.get('srv_new').status === 'stopped', 'the install');
  assert.deepEqual(
    events.filter((e) => e.event === 'server_status'),
    [
      { event: 'server_status', serverId: 'srv_new', status: 'installing', reason: null },
      { event: 'server_status', serverId: 'srv_new', status: 'stopped', reason: null },
    ],
  );
  // Known and installed: a later sync does not install again, unless asked to.
  await manager.syncServer(spec('srv_new', { install }));
  assert.equal(manager.get('srv_new').status, 'stopped');
  await manager.syncServer(spec('srv_new', { install }), { reinstall: true });
  assert.equal(manager.get('srv_new').status, 'installing');
  await until(() => manager.get('srv_new').status === 'stopped', 'the reinstall');
});

test('a reinstall of a running server is refused at once with INVALID_STATE', async (t) => {
  const { boot } = await node(t);
  const manager = boot();
  await manager.syncServer(spec('srv_a'));
  await manager.power('srv_a', 'start');
  await assert.rejects(manager.syncServer(spec('srv_a'), { reinstall: true }), { code: 'INVALID_STATE' });
});

test('power actions and usage samples come out as server_status and server_resources events', async (t) => {
  const { boot, events } = await node(t);
  const manager = boot();
  await manager.sync([spec('srv_a')]);
  await manager.power('srv_a', 'start');
  await until(() => events.some((e) => e.event === 'server_resources'), 'a usage sample');
  const resources = events.find((e) => e.event === 'server_resources');
  assert.equal(resources?.serverId, 'srv_a');
  assert.deepEqual(
    events.filter((e) => e.event === 'server_status').map((e) => (e.event === 'server_status' ? e.status : null)),
    ['starting', 'running'],
  );
  assert.deepEqual(manager.snapshot(), [{ event: 'server_status', serverId: 'srv_a', status: 'running', reason: null }]);
});

test('delete removes the container, the files and the state; deleting again is fine', async (t) => {
  const { dataDir, docker, boot } = await node(t);
  const manager = boot();
  await manager.sync([spec('srv_a')]);
  await manager.power('srv_a', 'start');
  await writeFile(join(dataDir, 'servers', 'srv_a', 'world.dat'), 'x');
  await manager.delete('srv_a');
  assert.equal(manager.has('srv_a'), false);
  assert.equal(docker.environment('srv_a').containerExists, false);
  assert.equal(docker.environment('srv_a').running, false);
  await assert.rejects(access(join(dataDir, 'servers', 'srv_a')));
  await assert.rejects(access(join(dataDir, 'state', 'srv_a.json')));
  await manager.delete('srv_a');
});

test('a delete that cannot kill the process keeps the server managed, and a retry succeeds', async (t) => {
  const { docker, boot } = await node(t);
  const manager = boot();
  await manager.sync([spec('srv_a')]);
  await manager.power('srv_a', 'start');
  docker.environment('srv_a').options.failures = { kill: new Error('docker said no') };
  await assert.rejects(manager.delete('srv_a'), /docker said no/);
  assert.equal(manager.get('srv_a').status, 'running');
  assert.equal(docker.environment('srv_a').containerExists, true);
  docker.environment('srv_a').options.failures = {};
  await manager.delete('srv_a');
  assert.equal(manager.has('srv_a'), false);
  assert.equal(docker.environment('srv_a').containerExists, false);
});

test('delete of a server the agent never knew still removes what was left behind', async (t) => {
  const { dataDir, docker, boot } = await node(t);
  await mkdir(join(dataDir, 'servers', 'srv_orphan'), { recursive: true });
  await docker.environment('srv_orphan').create(spec('srv_orphan'), { hostDataDir: join(dataDir, 'servers', 'srv_orphan') });
  await boot().delete('srv_orphan');
  assert.equal(docker.environment('srv_orphan').containerExists, false);
  await assert.rejects(access(join(dataDir, 'servers', 'srv_orphan')));
});

test('agent restart while running: restoreAll reattaches with the backlog intact, before the controller connects', async (t) => {
  const { docker, boot } = await node(t);
  const first = boot();
  await first.sync([spec('srv_a', { done: ['Done ('] }), spec('srv_b')]);
  await first.power('srv_a', 'start');
  docker.environment('srv_a').emitOutput('Done (1s)!\n<Steve> hello\n');
  await first.shutdown();
  docker.agentRestarted();

  const second = boot();
  await second.restoreAll();
  const a = second.get('srv_a');
  assert.equal(a.status, 'running');
  assert.deepEqual(a.console.backlog(), ['Done (1s)!', '<Steve> hello']);
  assert.equal(second.get('srv_b').status, 'stopped');
  assert.equal(docker.environment('srv_a').starts, 1, 'reattached, not restarted');

  // A viewer that connects now gets the old lines, then new ones.
  const lines: string[] = [];
  a.subscribe(
    {
      send: (frame) => {
        if (frame.type === 'backlog') lines.push(...frame.data.lines);
        if (frame.type === 'console') lines.push(...(typeof frame.data === 'string' ? [frame.data] : frame.data.lines));
      },
    },
    { replayBacklog: true },
  );
  docker.environment('srv_a').emitOutput('<Alex> back\n');
  assert.deepEqual(lines, ['Done (1s)!', '<Steve> hello', '<Alex> back']);

  // The controller then syncs as usual; the running server is left running.
  await second.sync([spec('srv_a', { done: ['Done ('] }), spec('srv_b')]);
  assert.equal(second.get('srv_a').status, 'running');
});

test('a state file that cannot be read is moved aside, not overwritten, and the others still restore', async (t) => {
  const { dataDir, boot } = await node(t);
  const first = boot();
  await first.sync([spec('srv_good')]);
  await first.shutdown();
  await writeFile(join(dataDir, 'state', 'srv_bad.json'), '{ not json');
  await writeFile(join(dataDir, 'state', 'notes.txt'), 'ignored');

  const second = boot();
  await second.restoreAll();
  assert.deepEqual(second.list().map((i) => i.serverId), ['srv_good']);
  const files = await readdir(join(dataDir, 'state'));
  assert.ok(files.some((f) => f.startsWith('srv_bad.json.unreadable-')), files.join(', '));
  assert.ok(!files.includes('srv_bad.json'));
});

test('restoreAll on a fresh node does nothing', async (t) => {
  const { boot } = await node(t);
  const manager = boot();
  await manager.restoreAll();
  assert.deepEqual(manager.list(), []);
});
