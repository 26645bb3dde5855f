import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerSpec } from '../../../../contracts/index.ts';
import { ServerInstance } from '../../../../agent/server/server-instance.ts';
import type { ServerStatusChange, ServerTimings } from '../../../../agent/server/server-instance.ts';
import { FakeEnvironment, testSpec, until } from '../../../support/fake-environment.ts';
import type { FakeEnvironmentOptions } from '../../../support/fake-environment.ts';

const FAST: Partial<ServerTimings> = { msPerSecond: 10, statsIntervalMs: 10, restartBaseDelayMs: 20, persistDelayMs: 10, diskCacheMs: 0 };
const silent = { warn: () => undefined };

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

async function setup(t: TestContext, spec: ServerSpec, fake: Partial<FakeEnvironmentOptions> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'stellar-crash-'));
  const environment = new FakeEnvironment(spec.id, fake);
  const instance = new ServerInstance({
    spec,
    environment,
    filesDir: join(root, 'servers', spec.id),
    stateFile: join(root, 'state', `${spec.id}.json`),
    timings: FAST,
    logger: silent,
  });
  const changes: (ServerStatusChange & { at: number })[] = [];
  instance.on('status', (change) => changes.push({ ...change, at: Date.now() }));
  t.after(async () => {
    await instance.dispose();
    environment.dispose();
    await rm(root, { recursive: true, force: true });
  });
  return { instance, environment, changes, statuses: () => changes.map((c) => c.status) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// No done patterns: each (re)start reaches running at once, which keeps these tests short.
const quickSpec = (overrides: Partial<ServerSpec> = {}) => testSpec({ done: [], ...overrides });

test('an exit nobody asked for while running is a crash, with the exit code in the reason', async (t) => {
  const { instance, environment, changes } = await setup(t, quickSpec());
  await instance.start();
  environment.crash(2);
  assert.equal(instance.status, 'crashed');
  assert.deepEqual(changes.at(-1)?.reason, 'exited with code 2');
});

test('an exit while starting is a crash too', async (t) => {
  const { instance, environment, statuses } = await setup(t, testSpec());
  await instance.start();
  environment.crash(1);
  assert.deepEqual(statuses(), ['starting', 'crashed']);
});

test('an out-of-memory kill says so in the crash reason', async (t) => {
  const { instance, environment } = await setup(t, quickSpec());
  await instance.start();
  environment.oom();
  assert.equal(instance.status, 'crashed');
  assert.match(instance.reason ?? '', /out of memory/);
  assert.match(instance.reason ?? '', /137/);
});

test('the last output line before a crash is kept even without a newline', async (t) => {
  const { instance, environment } = await setup(t, quickSpec());
  await instance.start();
  environment.emitOutput('Exception in thread "main" java.lang.NullPointerException');
  environment.crash(1);
  assert.equal(instance.console.backlog().at(-1), 'Exception in thread "main" java.lang.NullPointerException');
});

test('without a restart policy a crashed server stays crashed', async (t) => {
  const { instance, environment } = await setup(t, quickSpec());
  await instance.start();
  environment.crash(1);
  await sleep(80);
  assert.equal(instance.status, 'crashed');
  assert.equal(environment.starts, 1);
});

test('with a restart policy a crash restarts with exponential backoff, and a crash loop gives up', async (t) => {
  const { instance, environment, changes } = await setup(t, quickSpec({ restartPolicy: { enabled: true, maxRetries: 3 } }));
  await instance.start();

  const delays: number[] = [];
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const crashedAt = Date.now();
    environment.crash(1);
    assert.equal(instance.status, 'crashed');
    assert.match(instance.reason ?? '', new RegExp(`restarting in \\d+ ms \\(attempt ${attempt} of 3\\)`));
    await until(() => instance.status === 'running', `restart ${attempt}`);
    delays.push(Date.now() - crashedAt);
  }
  // 20, 40, 80 ms (base 20 ms, doubled each time).
  assert.ok(delays[0]! >= 18 && delays[1]! >= 38 && delays[2]! >= 78, `delays ${delays.join(', ')}`);
  assert.ok(delays[2]! > delays[0]!, `delays ${delays.join(', ')}`);
  assert.equal(environment.starts, 4);

  environment.crash(1);
  assert.equal(instance.status, 'crashed');
  assert.match(instance.reason ?? '', /crash loop/);
  assert.match(instance.reason ?? '', /4 times/);
  await sleep(200);
  assert.equal(environment.starts, 4, 'no further automatic restart');
  assert.equal(changes.at(-1)?.status, 'crashed');
});

test('an admin start after a crash loop works and counts crashes afresh', async (t) => {
  const { instance, environment } = await setup(t, quickSpec({ restartPolicy: { enabled: true, maxRetries: 0 } }));
  await instance.start();
  environment.crash(1);
  assert.match(instance.reason ?? '', /crash loop/);
  await instance.start();
  assert.equal(instance.status, 'running');
});

test('stop while an automatic restart is pending cancels it', async (t) => {
  const { instance, environment, statuses } = await setup(t, quickSpec({ restartPolicy: { enabled: true, maxRetries: 3 } }));
  await instance.start();
  environment.crash(1);
  await instance.stop();
  await sleep(80);
  assert.equal(instance.status, 'stopped');
  assert.equal(environment.starts, 1);
  assert.deepEqual(statuses(), ['starting', 'running', 'crashed', 'stopped']);
});

test('stop of a crashed server with no restart pending is INVALID_STATE', async (t) => {
  const { instance, environment } = await setup(t, quickSpec());
  await instance.start();
  environment.crash(1);
  await assert.rejects(instance.stop(), { code: 'INVALID_STATE' });
});

test('an automatic restart that fails leaves the server crashed with the reason', async (t) => {
  const { instance, environment } = await setup(t, quickSpec({ restartPolicy: { enabled: true, maxRetries: 3 } }));
  await instance.start();
  environment.options.failures = { start: new Error('port in use') };
  environment.crash(1);
  await until(() => /automatic restart failed/.test(instance.reason ?? ''), 'the failed restart');
  assert.equal(instance.status, 'crashed');
  assert.match(instance.reason ?? '', /port in use/);
});

test('a server that never prints its done line is killed at the start timeout and marked crashed', async (t) => {
  const spec = testSpec({ done: ['Done ('], startTimeoutSeconds: 3, restartPolicy: { enabled: true, maxRetries: 3 } });
  const { instance, environment, changes } = await setup(t, spec);
  await instance.start();
  environment.emitOutput('Loading...\n');
  await until(() => instance.status !== 'starting', 'the start timeout');
  assert.deepEqual(changes.at(-1), { status: 'crashed', reason: 'did not report running within 3s; killed', at: changes.at(-1)?.at });
  await until(() => !environment.running, 'the kill');
  assert.ok(environment.calls.includes('kill'));
  await sleep(80);
  assert.equal(environment.starts, 1, 'a start timeout is not restarted automatically');
});

test('reaching running in time clears the start timeout', async (t) => {
  const { instance, environment } = await setup(t, testSpec({ startTimeoutSeconds: 3 }));
  await instance.start();
  environment.emitOutput('Done (0.1s)!\n');
  await sleep(60);
  assert.equal(instance.status, 'running');
  assert.ok(!environment.calls.includes('kill'));
});

test('a planned stop is never taken for a crash, even with a restart policy', async (t) => {
  const { instance, environment, statuses } = await setup(t, quickSpec({ restartPolicy: { enabled: true, maxRetries: 3 } }));
  await instance.start();
  await instance.stop();
  await sleep(60);
  assert.deepEqual(statuses(), ['starting', 'running', 'stopping', 'stopped']);
  assert.equal(environment.starts, 1);
});
