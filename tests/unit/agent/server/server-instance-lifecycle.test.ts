import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../../contracts/index.ts';
import type { ErrorCode, ServerSpec, ServerStatus } from '../../../../contracts/index.ts';
import { ServerInstance } from '../../../../agent/server/server-instance.ts';
import type { ServerStatusChange } from '../../../../agent/server/server-instance.ts';
import { FakeEnvironment, testSpec, until } from '../../../support/fake-environment.ts';
import type { FakeEnvironmentOptions } from '../../../support/fake-environment.ts';

// One spec "second" lasts 10 ms here, so timeouts and grace periods are short but real.
const FAST = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 10, persistDelayMs: 10, diskCacheMs: 0 };
const silent = { warn: () => undefined };

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

async function setup(t: TestContext, spec: ServerSpec = testSpec(), fake: Partial<FakeEnvironmentOptions> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'stellar-instance-'));
  const environment = new FakeEnvironment(spec.id, fake);
  const filesDir = join(root, 'servers', spec.id);
  const stateFile = join(root, 'state', `${spec.id}.json`);
  const instance = new ServerInstance({ spec, environment, filesDir, stateFile, timings: FAST, logger: silent });
  const changes: ServerStatusChange[] = [];
  instance.on('status', (change) => changes.push(change));
  t.after(async () => {
    await instance.dispose();
    environment.dispose();
    await rm(root, { recursive: true, force: true });
  });
  return { instance, environment, filesDir, stateFile, changes, statuses: () => changes.map((c) => c.status) };
}

function rejectsWith(code: ErrorCode, mentions?: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (mentions !== undefined) assert.ok(error.message.includes(mentions), `"${error.message}" should mention "${mentions}"`);
    return true;
  };
}

async function runningInstance(t: TestContext, spec: ServerSpec = testSpec(), fake: Partial<FakeEnvironmentOptions> = {}) {
  const setupResult = await setup(t, spec, fake);
  await setupResult.instance.start();
  if (spec.done.length > 0) setupResult.environment.emitOutput('Done (1.0s)!\n');
  assert.equal(setupResult.instance.status, 'running');
  setupResult.changes.length = 0;
  return setupResult;
}

// ---- start ----

test('start attaches before starting, then goes starting → running when the done pattern matches', async (t) => {
  const { instance, environment, statuses } = await setup(t);
  await instance.start();
  assert.equal(instance.status, 'starting');
  const attach = environment.calls.indexOf('attach');
  assert.ok(attach !== -1 && attach < environment.calls.indexOf('start'), `calls: ${environment.calls.join(', ')}`);
  assert.ok(environment.calls.indexOf('create') < attach, 'the container is created before attaching');

  environment.emitOutput('Loading world\n');
  assert.equal(instance.status, 'starting');
  environment.emitOutput('Done (2.5s)! For help, type "help"\n');
  assert.deepEqual(statuses(), ['starting', 'running']);
});

test('the first line printed at start is not lost, because attach came first', async (t) => {
  const { instance } = await setup(t, testSpec(), { startupOutput: ['Starting minecraft server version 1.21\n'] });
  await instance.start();
  assert.deepEqual(instance.console.backlog(), ['Starting minecraft server version 1.21']);
});

test('a done line split across output chunks is still recognised', async (t) => {
  const { instance, environment } = await setup(t);
  await instance.start();
  environment.emitOutput('[INFO]: Do');
  environment.emitOutput('ne (');
  assert.equal(instance.status, 'starting');
  environment.emitOutput('3.0s)!\n');
  assert.equal(instance.status, 'running');
});

test('a regex: done pattern decides running', async (t) => {
  const { instance, environment } = await setup(t, testSpec({ done: ['regex:^Server listening on \\d+$'] }));
  await instance.start();
  environment.emitOutput('Server listening on port\n');
  assert.equal(instance.status, 'starting');
  environment.emitOutput('Server listening on 27015\n');
  assert.equal(instance.status, 'running');
});

test('no done patterns: running as soon as the process has started', async (t) => {
  const { instance, statuses } = await setup(t, testSpec({ done: [] }));
  await instance.start();
  assert.deepEqual(statuses(), ['starting', 'running']);
});

test('status is published only when it changes', async (t) => {
  const { instance, environment, changes } = await setup(t, testSpec({ stopGraceSeconds: 100 }), { stopCommandEndsProcess: false });
  await instance.sync(testSpec({ memory: 2048, stopGraceSeconds: 100 })); // stopped stays stopped: no event
  await instance.start();
  environment.emitOutput('Done (1s)!\n');
  environment.emitOutput('Done (1s)!\n'); // a second done line changes nothing
  environment.emitOutput('chatter\n');
  const stopping = instance.stop();
  await until(() => environment.commands.length === 1, 'the stop command');
  await instance.kill(); // stopping → (kill) stopping → stopped: "stopping" once
  await stopping;
  assert.deepEqual(changes, [
    { status: 'starting', reason: null },
    { status: 'running', reason: null },
    { status: 'stopping', reason: null },
    { status: 'stopped', reason: null },
  ]);
});

test('status changes reach console viewers as status frames', async (t) => {
  const { instance, environment } = await setup(t);
  const frames: unknown[] = [];
  instance.subscribe({ send: (frame) => void frames.push(frame) });
  await instance.start();
  environment.emitOutput('Done (1s)!\n');
  assert.deepEqual(
    frames.filter((f) => (f as { type: string }).type === 'status'),
    [
      { type: 'status', data: 'stopped' },
      { type: 'status', data: 'starting' },
      { type: 'status', data: 'running' },
    ],
  );
});

test('start over the disk limit is refused with DISK_LIMIT_EXCEEDED and nothing starts', async (t) => {
  const { instance, environment, filesDir, changes } = await setup(t, testSpec({ disk: 1 }));
  await mkdir(filesDir, { recursive: true });
  await writeFile(join(filesDir, 'world.dat'), Buffer.alloc(2 * 1024 * 1024));
  await assert.rejects(instance.start(), rejectsWith('DISK_LIMIT_EXCEEDED', '1 MiB disk limit'));
  assert.equal(instance.status, 'stopped');
  assert.deepEqual(changes, []);
  assert.ok(!environment.calls.includes('start'));
});

test('a start that Docker refuses goes back to stopped with the reason, and the error reaches the caller', async (t) => {
  const { instance, changes } = await setup(t, testSpec(), { failures: { start: new Error('port 25565 is already allocated') } });
  await assert.rejects(instance.start(), /already allocated/);
  assert.deepEqual(changes.at(-1), { status: 'stopped', reason: 'failed to start: port 25565 is already allocated' });
});

// ---- refused transitions ----

test('start while running is INVALID_STATE naming the current state', async (t) => {
  const { instance } = await runningInstance(t);
  await assert.rejects(instance.start(), rejectsWith('INVALID_STATE', 'running'));
});

test('start while starting is INVALID_STATE', async (t) => {
  const { instance } = await setup(t);
  await instance.start();
  await assert.rejects(instance.start(), rejectsWith('INVALID_STATE', 'starting'));
});

test('stop while stopped is INVALID_STATE naming the current state', async (t) => {
  const { instance } = await setup(t);
  await assert.rejects(instance.stop(), rejectsWith('INVALID_STATE', 'stopped'));
});

test('kill while stopped and restart while stopping are INVALID_STATE', async (t) => {
  const { instance } = await setup(t);
  await assert.rejects(instance.kill(), rejectsWith('INVALID_STATE', 'stopped'));
  const running = await runningInstance(t, testSpec({ id: 'srv_other' }), { exitAfterStopMs: 30 });
  const stopping = running.instance.stop();
  assert.equal(running.instance.status, 'stopping');
  await assert.rejects(running.instance.restart(), rejectsWith('INVALID_STATE', 'stopping'));
  await stopping;
});

test('start while installing is INVALID_STATE, and start after a failed install says to reinstall', async (t) => {
  const spec = testSpec({ install: { image: 'alpine', entrypoint: 'sh', script: 'exit 1', timeoutSeconds: 900 } });
  const { instance } = await setup(t, spec, { delays: { install: 20 }, installExit: { exitCode: 1, oomKilled: false } });
  const installing = instance.install();
  assert.equal(instance.status, 'installing');
  await assert.rejects(instance.start(), rejectsWith('INVALID_STATE', 'installing'));
  await installing;
  assert.equal(instance.status, 'install_failed');
  await assert.rejects(instance.start(), rejectsWith('INVALID_STATE', 'reinstall'));
});

test('install while running is INVALID_STATE', async (t) => {
  const { instance } = await runningInstance(t);
  await assert.rejects(instance.install(), rejectsWith('INVALID_STATE', 'running'));
});

// ---- commands ----

test('console commands go to stdin while running and are refused while stopped', async (t) => {
  const { instance, environment } = await setup(t);
  await assert.rejects(instance.sendCommand('say hi'), rejectsWith('INVALID_STATE', 'stopped'));
  await instance.start();
  environment.emitOutput('Done (1s)!\n');
  await instance.sendCommand('say hi');
  assert.deepEqual(environment.commands, ['say hi']);
  await assert.rejects(instance.sendCommand('say hi\nop me'), rejectsWith('VALIDATION_ERROR'));
});

// ---- stop ----

test('stop sends the stop command on stdin and goes stopping → stopped, not crashed', async (t) => {
  const { instance, environment, changes } = await runningInstance(t);
  await instance.stop();
  assert.deepEqual(environment.commands, ['stop']);
  assert.deepEqual(changes, [
    { status: 'stopping', reason: null },
    { status: 'stopped', reason: null },
  ]);
  assert.ok(!environment.calls.includes('kill'));
});

test('stop with a signal stop action sends that signal', async (t) => {
  const { instance, environment, statuses } = await runningInstance(t, testSpec({ stop: { type: 'signal', value: 'SIGINT' } }));
  await instance.stop();
  assert.deepEqual(environment.signals, ['SIGINT']);
  assert.deepEqual(environment.commands, []);
  assert.deepEqual(statuses(), ['stopping', 'stopped']);
});

test('a server that ignores its stop command is killed after the grace period', async (t) => {
  const spec = testSpec({ stopGraceSeconds: 3 });
  const { instance, environment, changes } = await runningInstance(t, spec, { stopCommandEndsProcess: false });
  const began = Date.now();
  await instance.stop();
  assert.ok(Date.now() - began >= 25, 'it waited for the grace period (3 × 10 ms)');
  assert.ok(environment.calls.includes('kill'));
  assert.equal(environment.running, false);
  assert.deepEqual(changes.at(-1), { status: 'stopped', reason: 'did not stop within 3s; killed' });
});

test('a stop during starting is allowed once the process has started', async (t) => {
  const { instance, statuses } = await setup(t);
  await instance.start();
  await instance.stop();
  assert.deepEqual(statuses(), ['starting', 'stopping', 'stopped']);
});

// ---- power lock ----

test('one power action at a time: a second action while one runs is SERVER_BUSY', async (t) => {
  const { instance, environment } = await setup(t, testSpec(), { delays: { start: 40 } });
  const starting = instance.start();
  await assert.rejects(instance.start(), rejectsWith('SERVER_BUSY', 'start'));
  await until(() => instance.status === 'starting', 'starting');
  await assert.rejects(instance.stop(), rejectsWith('SERVER_BUSY', 'start'));
  await starting;
  environment.emitOutput('Done (1s)!\n');
  assert.equal(instance.status, 'running');
});

test('kill bypasses the lock, and the interrupted start does not bring the process back', async (t) => {
  const { instance, environment, statuses } = await setup(t, testSpec(), { delays: { start: 40 } });
  const starting = instance.start();
  await until(() => instance.status === 'starting', 'starting');
  await instance.kill();
  assert.equal(instance.status, 'stopped');
  await starting;
  assert.equal(environment.running, false);
  assert.equal(instance.status, 'stopped');
  assert.deepEqual(statuses(), ['starting', 'stopping', 'stopped']);
});

test('kill during a slow graceful stop ends it at once', async (t) => {
  const { instance, environment, statuses } = await runningInstance(t, testSpec({ stopGraceSeconds: 100 }), { stopCommandEndsProcess: false });
  const stopping = instance.stop();
  await until(() => environment.commands.length === 1, 'the stop command');
  await instance.kill();
  await stopping;
  assert.equal(environment.running, false);
  assert.deepEqual(statuses(), ['stopping', 'stopped']);
});

test('kill from running goes through stopping to stopped and is not a crash', async (t) => {
  const { instance, environment, statuses } = await runningInstance(t);
  await instance.kill();
  assert.equal(environment.running, false);
  assert.deepEqual(statuses(), ['stopping', 'stopped']);
});

test('a kill that Docker refuses leaves the server running with the reason, not stuck in stopping', async (t) => {
  const { instance, environment, changes } = await runningInstance(t);
  environment.options.failures = { kill: new Error('docker said no') };
  await assert.rejects(instance.kill(), /docker said no/);
  assert.equal(environment.running, true);
  assert.deepEqual(changes.at(-1), { status: 'running', reason: 'could not be killed: docker said no' });
  environment.options.failures = {};
  await instance.kill();
  assert.equal(instance.status, 'stopped');
});

// ---- restart ----

test('restart stops then starts under one lock, refusing other actions in between', async (t) => {
  const { instance, environment, statuses } = await runningInstance(t, testSpec(), { exitAfterStopMs: 20 });
  // Try to start at each step of the restart, at the very moment the status changes.
  const refusals: Promise<unknown>[] = [];
  instance.on('status', ({ status }) => {
    if (status === 'stopping' || status === 'stopped') refusals.push(instance.start().then(() => 'started', (error: unknown) => error));
  });
  await instance.restart();
  const [whileStopping, whileStopped] = await Promise.all(refusals);
  assert.ok(rejectsWith('INVALID_STATE', 'stopping')(whileStopping));
  assert.ok(rejectsWith('SERVER_BUSY', 'restart')(whileStopped));
  environment.emitOutput('Done (1s)!\n');
  assert.deepEqual(statuses(), ['stopping', 'stopped', 'starting', 'running']);
  assert.equal(environment.starts, 2);
});

test('restart of a stopped server simply starts it', async (t) => {
  const { instance, statuses } = await setup(t, testSpec({ done: [] }));
  await instance.restart();
  assert.deepEqual(statuses(), ['starting', 'running']);
});

// ---- install ----

test('install runs the script, streams its output into the console, and ends stopped', async (t) => {
  const spec = testSpec({ install: { image: 'alpine', entrypoint: 'sh', script: 'echo hi', timeoutSeconds: 900 } });
  const { instance, environment, statuses } = await setup(t, spec, { installOutput: ['Downloading ser', 'ver.jar\nDone\n'] });
  await instance.install();
  assert.deepEqual(statuses(), ['installing', 'stopped']);
  assert.ok(environment.calls.includes('install'));
  assert.deepEqual(instance.console.backlog(), ['Downloading server.jar', 'Done']);
  assert.equal(instance.installed, true);
});

test('a failing install script ends install_failed with the exit code as reason', async (t) => {
  const spec = testSpec({ install: { image: 'alpine', entrypoint: 'sh', script: 'exit 3', timeoutSeconds: 900 } });
  const { instance, changes } = await setup(t, spec, { installExit: { exitCode: 3, oomKilled: false } });
  await instance.install();
  assert.deepEqual(changes.at(-1), { status: 'install_failed', reason: 'install script exited with code 3' });
  assert.equal(instance.installed, false);
});

test('an install that cannot run at all (missing image) ends install_failed with the error', async (t) => {
  const spec = testSpec({ install: { image: 'nope', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 } });
  const { instance, changes } = await setup(t, spec, { failures: { install: new Error('image nope is not available') } });
  await instance.install();
  assert.deepEqual(changes.at(-1), { status: 'install_failed', reason: 'install failed: image nope is not available' });
});

test('a reinstall after a failed install can succeed', async (t) => {
  const spec = testSpec({ install: { image: 'alpine', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 } });
  const { instance, environment, statuses } = await setup(t, spec, { installExit: { exitCode: 1, oomKilled: false } });
  await instance.install();
  environment.options.installExit = { exitCode: 0, oomKilled: false };
  await instance.install();
  assert.deepEqual(statuses(), ['installing', 'install_failed', 'installing', 'stopped']);
});

test('install without a script marks the server installed without an installing state', async (t) => {
  const { instance, environment, changes } = await setup(t);
  await instance.install();
  assert.deepEqual(changes, []);
  assert.equal(instance.installed, true);
  assert.ok(!environment.calls.includes('install'));
});

// ---- sync, describe, destroy ----

test('sync recreates the container right away when stopped, and only at the next start when running', async (t) => {
  const { instance, environment } = await setup(t, testSpec({ done: [] }));
  await instance.sync(testSpec({ done: [], memory: 2048 }));
  assert.equal(environment.created.at(-1)?.memory, 2048);
  await instance.start();
  const createdBefore = environment.created.length;
  await instance.sync(testSpec({ done: [], memory: 4096 }));
  assert.equal(environment.created.length, createdBefore, 'a running container is not replaced');
  await instance.stop();
  await instance.start();
  assert.equal(environment.created.at(-1)?.memory, 4096);
});

test('sync refuses a spec with an invalid done regex or another server id', async (t) => {
  const { instance } = await setup(t);
  await assert.rejects(instance.sync(testSpec({ done: ['regex:(('] })), rejectsWith('VALIDATION_ERROR', '(('));
  await assert.rejects(instance.sync(testSpec({ id: 'srv_other' })), rejectsWith('VALIDATION_ERROR'));
  assert.deepEqual(instance.spec.done, ['Done (']);
});

test('describe reports status, reason and (while running) resources', async (t) => {
  const { instance } = await setup(t);
  assert.deepEqual(instance.describe(), { serverId: 'srv_test1', status: 'stopped', reason: null, resources: null });
});

test('destroy kills the process and removes the container, the files and the saved state', async (t) => {
  const { instance, environment, filesDir, stateFile } = await runningInstance(t);
  await writeFile(join(filesDir, 'world.dat'), 'x');
  await new Promise((resolve) => setTimeout(resolve, 30)); // the state file is written within persistDelayMs
  await access(stateFile);
  await instance.destroy();
  assert.equal(environment.running, false);
  assert.equal(environment.containerExists, false);
  await assert.rejects(access(filesDir));
  await assert.rejects(access(stateFile));
  await assert.rejects(instance.start(), rejectsWith('NOT_FOUND'));
});

test('every refused transition leaves the state untouched', async (t) => {
  const { instance, changes } = await setup(t);
  const attempts: [string, () => Promise<void>][] = [
    ['stop', () => instance.stop()],
    ['kill', () => instance.kill()],
    ['command', () => instance.sendCommand('x')],
  ];
  for (const [, attempt] of attempts) await assert.rejects(attempt(), rejectsWith('INVALID_STATE'));
  assert.equal(instance.status satisfies ServerStatus, 'stopped');
  assert.deepEqual(changes, []);
});
