import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResources, ServerSpec } from '../../../../contracts/index.ts';
import { ServerInstance } from '../../../../agent/server/server-instance.ts';
import type { ServerStatusChange, ServerTimings } from '../../../../agent/server/server-instance.ts';
import { loadServerState } from '../../../../agent/server/server-state-file.ts';
import { FakeEnvironment, testSpec, until } from '../../../support/fake-environment.ts';

const FAST: Partial<ServerTimings> = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 10, persistDelayMs: 10, diskCacheMs: 0 };
const silent = { warn: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

/** One node's disk and "Docker", shared by successive agent processes (instances). */
async function node(t: TestContext, spec: ServerSpec = testSpec()) {
  const root = await mkdtemp(join(tmpdir(), 'stellar-restore-'));
  const environment = new FakeEnvironment(spec.id);
  const filesDir = join(root, 'servers', spec.id);
  const stateFile = join(root, 'state', `${spec.id}.json`);
  const instances: ServerInstance[] = [];
  /** Boots an "agent process": a new instance on the same disk and container. */
  const boot = async (): Promise<{ instance: ServerInstance; changes: ServerStatusChange[] }> => {
    const restored = (await loadServerState(stateFile)) ?? undefined;
    const instance = new ServerInstance({ spec, environment, filesDir, stateFile, restored, timings: FAST, logger: silent });
    const changes: ServerStatusChange[] = [];
    instance.on('status', (change) => changes.push(change));
    instances.push(instance);
    return { instance, changes };
  };
  t.after(async () => {
    for (const instance of instances) await instance.dispose();
    environment.dispose();
    await rm(root, { recursive: true, force: true });
  });
  return { environment, filesDir, stateFile, boot };
}

test('agent restart while running: the container is reattached, not restarted, and the backlog is intact', async (t) => {
  const { environment, boot } = await node(t);
  const first = await boot();
  await first.instance.start();
  environment.emitOutput('Preparing spawn area\nDone (4.2s)!\n<Steve> hello\n');
  assert.equal(first.instance.status, 'running');
  await first.instance.dispose(); // agent shuts down; the game keeps running
  environment.detach();

  const second = await boot();
  // Before restore() the saved backlog is already there for viewers.
  assert.deepEqual(second.instance.console.backlog(), ['Preparing spawn area', 'Done (4.2s)!', '<Steve> hello']);
  await second.instance.restore();
  assert.equal(second.instance.status, 'running');
  assert.deepEqual(second.changes, [], 'running before, running after: nothing to publish');
  assert.equal(environment.starts, 1, 'no second start');
  assert.ok(environment.attached);

  // The console keeps going, and an exit is still detected as a crash.
  environment.emitOutput('<Alex> hi\n');
  assert.equal(second.instance.console.backlog().at(-1), '<Alex> hi');
  await second.instance.sendCommand('list');
  assert.deepEqual(environment.commands, ['list']);
  environment.crash(1);
  assert.equal(second.instance.status, 'crashed');
});

test('an agent that dies without shutting down still leaves its backlog on disk within the persist delay', async (t) => {
  const { environment, stateFile, boot } = await node(t);
  const first = await boot();
  await first.instance.start();
  environment.emitOutput('Done (1s)!\nline after done\n');
  await sleep(40); // persistDelayMs is 10
  const saved = await loadServerState(stateFile);
  assert.deepEqual(saved?.backlog, ['Done (1s)!', 'line after done']);
  assert.equal(saved?.status, 'running');
});

test('reattached after a restart, a running server skips done detection (its done line is long gone)', async (t) => {
  const { environment, boot } = await node(t);
  environment.setRunning(testSpec()); // running before this agent ever saw it, no state file
  const { instance, changes } = await boot();
  await instance.restore();
  assert.deepEqual(changes, [{ status: 'running', reason: null }]);
  assert.ok(!environment.calls.includes('start'));
});

test('restore: a container that stopped while the agent was away is reported as a crash', async (t) => {
  const { environment, boot } = await node(t, testSpec({ done: [] }));
  const first = await boot();
  await first.instance.start();
  await first.instance.dispose();
  environment.detach();
  environment.running = false;
  environment.lastExit = { exitCode: 137, oomKilled: true };

  const second = await boot();
  await second.instance.restore();
  assert.equal(second.instance.status, 'crashed');
  assert.match(second.instance.reason ?? '', /out of memory.*while the agent was not running/);
});

test('restore: an install interrupted by an agent restart is install_failed; a removed container is stopped', async (t) => {
  const spec = testSpec({ install: { image: 'alpine', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 } });
  const { environment, boot } = await node(t, spec);
  environment.options.delays = { install: 10_000 };
  const first = await boot();
  void first.instance.install();
  await until(() => first.instance.status === 'installing', 'installing');
  await first.instance.dispose();
  environment.options.delays = {};

  const second = await boot();
  await second.instance.restore();
  assert.equal(second.instance.status, 'install_failed');
  assert.match(second.instance.reason ?? '', /interrupted/);
});

test('restore: a container removed while the agent was away is stopped, and the next start recreates it', async (t) => {
  const { environment, boot } = await node(t, testSpec({ done: [] }));
  const first = await boot();
  await first.instance.start();
  await first.instance.dispose();
  environment.detach();
  await environment.destroy();

  const second = await boot();
  await second.instance.restore();
  assert.equal(second.instance.status, 'stopped');
  assert.match(second.instance.reason ?? '', /removed/);
  await second.instance.start();
  assert.equal(second.instance.status, 'running');
  assert.equal(environment.created.length, 2);
});

test('stats are sampled while running, with disk from the agent accounting, and stop when it stops', async (t) => {
  const { environment, filesDir, boot } = await node(t, testSpec({ done: [] }));
  await mkdir(filesDir, { recursive: true });
  await writeFile(join(filesDir, 'world.dat'), Buffer.alloc(12_345));
  const { instance } = await boot();
  const samples: ServerResources[] = [];
  const frames: string[] = [];
  instance.on('stats', (resources) => samples.push(resources));
  instance.subscribe({ send: (frame) => void frames.push(frame.type) });

  await instance.start();
  await until(() => samples.length >= 3, 'three samples');
  assert.equal(samples[0]?.disk, 12_345);
  assert.equal(samples[0]?.memoryLimit, 1024 * 1024 * 1024);
  assert.deepEqual(instance.describe().resources, samples.at(-1));
  assert.ok(frames.includes('stats'), 'viewers get stats frames');

  await instance.stop();
  const count = samples.length;
  await sleep(50);
  assert.equal(samples.length, count, 'no samples after the stop');
  assert.equal(instance.describe().resources, null);
  assert.ok(environment.calls.filter((c) => c === 'stats').length >= 3);
});

test('no timers are left running after a busy life and dispose', async (t) => {
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const { environment, boot } = await node(t, testSpec({ done: ['Done ('], startTimeoutSeconds: 100, restartPolicy: { enabled: true, maxRetries: 5 } }));
  const { instance } = await boot();
  await instance.start(); // start timeout armed, sampler running
  environment.emitOutput('x\n'.repeat(50)); // persist timer armed
  environment.crash(1); // restart timer armed
  await until(() => instance.status === 'starting', 'the automatic restart');
  await instance.dispose();
  const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  assert.ok(timersAfter <= timersBefore, `timers before ${timersBefore}, after ${timersAfter}`);
});
