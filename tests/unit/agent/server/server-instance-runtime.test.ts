import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../../../contracts/index.ts';
import type { ServerNotice, ServerResources, ServerSpec } from '../../../../contracts/index.ts';
import { ServerInstance } from '../../../../agent/server/server-instance.ts';
import type { ServerStatusChange } from '../../../../agent/server/server-instance.ts';
import { loadServerState } from '../../../../agent/server/server-state-file.ts';
import type { QueryPlayers } from '../../../../agent/server/player-query.ts';
import { FakeEnvironment, testSpec, until } from '../../../support/fake-environment.ts';
import type { FakeEnvironmentOptions } from '../../../support/fake-environment.ts';

/**
 * The runtime behaviours of issue 11 on one server, against a FakeEnvironment: failures in
 * words, the disk limit while running, install timeout and cancel with progress notices,
 * players in the samples, and a restart that survives the agent.
 */

const FAST = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 10, persistDelayMs: 5, diskCacheMs: 0, playersIntervalMs: 10 };
const silent = { warn: () => undefined };
const MiB = 1024 * 1024;
const INSTALL = { image: 'alpine', entrypoint: 'sh', script: 'sleep 100', timeoutSeconds: 30 };

interface Ctx {
  after: (fn: () => Promise<void>) => void;
}

async function setup(t: Ctx, spec: ServerSpec = testSpec(), fake: Partial<FakeEnvironmentOptions> = {}, extra: { queryPlayers?: QueryPlayers; root?: string; environment?: FakeEnvironment } = {}) {
  const root = extra.root ?? (await mkdtemp(join(tmpdir(), 'stellar-runtime-')));
  const environment = extra.environment ?? new FakeEnvironment(spec.id, fake);
  const filesDir = join(root, 'servers', spec.id);
  const stateFile = join(root, 'state', `${spec.id}.json`);
  const restored = (await loadServerState(stateFile)) ?? undefined;
  const instance = new ServerInstance({ spec, environment, filesDir, stateFile, restored, timings: FAST, logger: silent, queryPlayers: extra.queryPlayers });
  const changes: ServerStatusChange[] = [];
  const notices: ServerNotice[] = [];
  const samples: ServerResources[] = [];
  instance.on('status', (change) => changes.push(change));
  instance.on('notice', (notice) => notices.push(notice));
  instance.on('stats', (resources) => samples.push(resources));
  t.after(async () => {
    await instance.dispose();
    environment.dispose();
    if (extra.root === undefined) await rm(root, { recursive: true, force: true });
  });
  return { root, instance, environment, filesDir, stateFile, changes, notices, samples };
}

// ---- failures in words ----

test('a process that could not run its startup crashes with a reason that names what was missing', async (t) => {
  const { instance, environment } = await setup(t, testSpec({ done: [] }));
  await instance.start();
  environment.emitOutput('[FATAL tini (7)] exec /bin/sh failed: No such file or directory\n');
  environment.crash(127);
  await until(() => instance.status === 'crashed', 'crashed');
  assert.match(instance.reason ?? '', /^cannot run the startup: the image has no \/bin\/sh.*\(exited with code 127\)$/);
});

test('output from an earlier run does not explain a later exit', async (t) => {
  const { instance, environment } = await setup(t, testSpec({ done: [] }));
  await instance.start();
  environment.emitOutput('sh: ./old-binary: not found\n');
  environment.crash(127);
  await until(() => instance.status === 'crashed', 'first crash');
  await instance.start();
  environment.crash(3);
  await until(() => instance.reason === 'exited with code 3', `plain reason, got ${instance.reason}`);
});

// ---- the disk limit while running ----

test('the disk filling up: a warning at 90 %, then a stop at 100 % whose reason says why', async (t) => {
  const { instance, filesDir, notices, changes } = await setup(t, testSpec({ done: [], disk: 1 }));
  await mkdir(filesDir, { recursive: true });
  await instance.start();
  assert.equal(instance.status, 'running');
  const file = join(filesDir, 'world.dat');
  await writeFile(file, '');
  await truncate(file, Math.ceil(0.92 * MiB));
  await until(() => notices.some((n) => n.kind === 'disk'), 'a disk warning');
  const warning = notices.find((n) => n.kind === 'disk')!;
  assert.equal(warning.level, 'warning');
  assert.match(warning.message, /92 %/);
  assert.equal(instance.status, 'running', 'a warning does not stop the server');
  assert.ok(instance.console.backlog().some((line) => line.includes('92 %')), 'the warning is on the console too');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(notices.filter((n) => n.kind === 'disk').length, 1, 'warned once per crossing, not once per sample');

  await truncate(file, MiB);
  await until(() => instance.status === 'stopped', 'stopped at the limit');
  assert.match(changes.at(-1)?.reason ?? '', /reached its disk limit/);
  assert.ok(changes.some((c) => c.status === 'stopping'), 'a graceful stop, through stopping');
});

// ---- install: timeout, cancel, progress ----

test('an install that outlives its timeout is stopped and ends install_failed saying so', async (t) => {
  // 3 spec seconds of 10 ms; the fake script would take 5 s.
  const spec = testSpec({ install: { ...INSTALL, timeoutSeconds: 3 } });
  const { instance, environment } = await setup(t, spec, { delays: { install: 5000 } });
  await instance.install();
  assert.equal(instance.status, 'install_failed');
  assert.match(instance.reason ?? '', /did not finish within 30 ms.*install timeout/);
  assert.equal(environment.installSignal, null, 'the script was killed, not left running');
  assert.equal(instance.installed, false);
});

test('cancelling an install kills its script and leaves install_failed; cancelling when nothing installs is INVALID_STATE', async (t) => {
  const { instance, notices } = await setup(t, testSpec({ install: INSTALL }), { delays: { install: 5000 }, installOutput: ['Downloading\n'] });
  const installing = instance.install();
  await until(() => notices.some((n) => n.kind === 'install'), 'install began');
  assert.equal(instance.cancelInstall(), 'install_failed');
  assert.equal(instance.reason, 'the install was cancelled');
  await installing;
  assert.equal(instance.status, 'install_failed');
  assert.throws(() => instance.cancelInstall(), (error: unknown) => error instanceof AppError && error.code === 'INVALID_STATE');
});

test('an install reports progress notices: begun, its output, and how it ended', async (t) => {
  const { instance, notices } = await setup(t, testSpec({ install: INSTALL }), { installOutput: ['Downloading server.jar\n', 'Install complete\n'] });
  await instance.install();
  const install = notices.filter((n) => n.kind === 'install');
  assert.equal(install[0]?.message, 'Running the install script');
  assert.deepEqual(install.at(-1), { kind: 'install', level: 'info', message: 'Install complete', progress: 1, done: true });
});

// ---- players online ----

test('players online ride on the samples while the game runs, and are null when it does not answer', async (t) => {
  let answer: { online: number; max: number } | Error = { online: 3, max: 20 };
  const queried: { type: string; port: number }[] = [];
  const queryPlayers: QueryPlayers = async (query) => {
    queried.push(query);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const spec = testSpec({ done: [], query: { type: 'openttd', port: 3979 } });
  const { instance, samples } = await setup(t, spec, {}, { queryPlayers });
  await instance.start();
  await until(() => samples.some((s) => s.players?.online === 3), 'players in a sample');
  assert.deepEqual(queried[0], { type: 'openttd', port: 3979 });
  answer = new Error('timeout');
  const from = samples.length;
  await until(() => samples.slice(from).some((s) => s.players === null), 'null when the game stops answering');
});

test('without a query the samples say players: null and nothing is queried', async (t) => {
  let calls = 0;
  const { instance, samples } = await setup(t, testSpec({ done: [] }), {}, { queryPlayers: async () => ((calls += 1), { online: 1, max: 1 }) });
  await instance.start();
  await until(() => samples.length >= 3, 'samples');
  assert.equal(calls, 0);
  assert.ok(samples.every((s) => s.players === null));
});

// ---- a restart across an agent restart ----

test('a restart under way when the agent stops is completed by the next agent', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'stellar-runtime-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const spec = testSpec({ done: [] });
  // The game takes a while to stop, so the agent dies while the restart is stopping it.
  const environment = new FakeEnvironment(spec.id, { exitAfterStopMs: 200 });
  const first = await setup(t, spec, {}, { root, environment });
  await first.instance.start();
  void first.instance.restart().catch(() => undefined);
  await until(() => first.instance.status === 'stopping', 'stopping');
  await first.instance.dispose();
  assert.equal((await loadServerState(first.stateFile))?.restartPending, true, 'the pending restart is saved');

  environment.detach();
  await until(() => !environment.running, 'the game exits while no agent runs');
  const second = await setup(t, spec, {}, { root, environment });
  await second.instance.restore();
  await until(() => second.instance.status === 'running', `running again, got ${second.instance.status}`);
  assert.ok(second.instance.console.backlog().some((line) => line.includes('Completing the restart')));
  await second.instance.dispose();
  assert.equal((await loadServerState(second.stateFile))?.restartPending, false, 'nothing pending once it completed');
});

test('a restart that completed leaves nothing pending for the next agent', async (t) => {
  const { instance, stateFile } = await setup(t, testSpec({ done: [] }));
  await instance.start();
  await instance.restart();
  assert.equal(instance.status, 'running');
  await instance.dispose();
  assert.equal((await loadServerState(stateFile))?.restartPending, false);
});
