import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, AgentReply, AgentRequest, ServerSpec } from '../../../contracts/index.ts';
import { createRequestHandler } from '../../../agent/request-handler.ts';
import { ConsoleAccess } from '../../../agent/transport/console-access.ts';
import { ServerManager } from '../../../agent/server/server-manager.ts';
import { FakeDocker, testSpec, until } from '../../support/fake-environment.ts';
import type { FakeEnvironmentOptions } from '../../support/fake-environment.ts';

const FAST = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 10, persistDelayMs: 10, diskCacheMs: 0 };
/** Long enough that an answer which waited for it could not pass for "at once". */
const SLOW_MS = 400;

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

async function agent(t: TestContext, defaults: Partial<FakeEnvironmentOptions> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'stellar-requests-'));
  const docker = new FakeDocker(defaults);
  const manager = new ServerManager({ dataDir, createEnvironment: docker.factory, timings: FAST, logger: { warn: () => undefined } });
  const statuses: string[] = [];
  manager.on('event', (event: AgentEvent) => {
    if (event.event === 'server_status') statuses.push(event.status);
  });
  const handle = createRequestHandler(manager, new ConsoleAccess());
  const request = async <M extends AgentRequest['method']>(method: M, params: Extract<AgentRequest, { method: M }>['params']) =>
    (await handle({ method, params } as AgentRequest)) as AgentReply<M>;
  t.after(async () => {
    await manager.shutdown();
    docker.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { dataDir, docker, manager, statuses, request };
}

const spec = (overrides: Partial<ServerSpec> = {}) => testSpec({ id: 'srv_a', done: [], ...overrides });

/** Resolves with `work`'s value and how long it took. */
async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const began = Date.now();
  const value = await work;
  return [value, Date.now() - began];
}

test('server.sync of a new server answers installing at once while its image is still being pulled, then it is stopped', async (t) => {
  const { docker, manager, statuses, request } = await agent(t, { delays: { create: SLOW_MS } });
  const [reply, took] = await timed(request('server.sync', { spec: spec(), reinstall: false }));
  assert.equal(reply.status, 'installing');
  assert.ok(took < SLOW_MS / 2, `answered in ${took} ms`);
  await until(() => manager.get('srv_a').status === 'stopped', 'the container', 5_000);
  assert.equal(docker.environment('srv_a').containerExists, true, 'stopped means ready to start');
  assert.deepEqual(statuses, ['installing', 'stopped']);
});

test('server.power answers with the status it leads to, without waiting for Docker', async (t) => {
  const { docker, manager, request } = await agent(t);
  await manager.syncServer(spec({ done: ['Done ('], startTimeoutSeconds: 1000 }));
  docker.environment('srv_a').options.delays = { start: SLOW_MS };
  const [started, took] = await timed(request('server.power', { serverId: 'srv_a', action: 'start' }));
  assert.deepEqual(started, { status: 'starting' });
  assert.ok(took < SLOW_MS / 2, `answered in ${took} ms`);
  await until(() => docker.environment('srv_a').running, 'the process', 5_000);
  docker.environment('srv_a').emitOutput('Done (1s)!\n');
  assert.deepEqual(await request('server.power', { serverId: 'srv_a', action: 'restart' }), { status: 'stopping' });
  await until(() => manager.get('srv_a').status === 'starting', 'the restart', 5_000);
  assert.deepEqual(await request('server.power', { serverId: 'srv_a', action: 'kill' }), { status: 'stopping' });
});

test('server.power refusals are the answer: INVALID_STATE at once, DISK_LIMIT_EXCEEDED before anything starts', async (t) => {
  const { dataDir, docker, manager, statuses, request } = await agent(t);
  await manager.syncServer(spec({ disk: 1 }));
  await assert.rejects(request('server.power', { serverId: 'srv_a', action: 'stop' }), { code: 'INVALID_STATE' });
  await mkdir(join(dataDir, 'servers', 'srv_a'), { recursive: true });
  await writeFile(join(dataDir, 'servers', 'srv_a', 'world.dat'), Buffer.alloc(2 * 1024 * 1024));
  await assert.rejects(request('server.power', { serverId: 'srv_a', action: 'start' }), { code: 'DISK_LIMIT_EXCEEDED' });
  assert.equal(docker.environment('srv_a').starts, 0);
  assert.deepEqual(statuses, []);
});

test('server.delete answers null once the server is gone, also for a server the agent never knew', async (t) => {
  const { manager, request } = await agent(t);
  await manager.syncServer(spec());
  assert.equal(await request('server.delete', { serverId: 'srv_a' }), null);
  assert.equal(manager.has('srv_a'), false);
  assert.equal(await request('server.delete', { serverId: 'srv_a' }), null);
  await assert.rejects(request('server.describe', { serverId: 'srv_a' }), { code: 'NOT_FOUND' });
});
