import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAppError } from '../../../../contracts/index.ts';
import { containerName, LABEL_SERVER } from '../../../../agent/environment/docker/container-identity.ts';
import { DockerEnvironment } from '../../../../agent/environment/docker/docker-environment.ts';
import { ensureBusyboxImage } from '../../../support/images.ts';
import { dockerSkipReason } from '../../../support/requirements.ts';
import { containersLabelled, docker, environmentFor, makeSpec, Recorder, tempDir, uniqueServerId, waitUntil } from './docker-fixtures.ts';

const skip = await dockerSkipReason();
if (!skip) await ensureBusyboxImage(docker);

const MiB = 1024 * 1024;

test('output is seen from the first line when attached before start, and exit reports the exit code once', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'echo first-line; echo second-line; echo to-stderr >&2; exit 3' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.attach();
  await environment.start();

  const exit = await environment.waitForExit();
  await recorder.waitForExit();
  assert.deepEqual(exit, { exitCode: 3, oomKilled: false });
  assert.deepEqual(recorder.exits, [{ exitCode: 3, oomKilled: false }]);
  // stdout and stderr are separate pipes: only the order within each one is defined.
  assert.equal(recorder.text.replace('to-stderr\n', ''), 'first-line\nsecond-line\n');
  assert.match(recorder.text, /to-stderr\n/);
  assert.equal(await environment.state(), 'stopped');
  // Nothing else arrives later: exit is reported once per run.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(recorder.exits.length, 1);
});

test('a command written to stdin reaches the process, and kill ends it at once', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'while read line; do echo got:$line; done' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.attach();
  await environment.start();

  await environment.sendCommand('hello world');
  await recorder.waitForText('got:hello world\n');
  assert.equal(await environment.state(), 'running');

  await environment.kill();
  await recorder.waitForExit();
  assert.deepEqual(recorder.exits, [{ exitCode: 137, oomKilled: false }]);
  // Signalling a process that already ended is not an error.
  await environment.signal('SIGTERM');
  await environment.kill();
});

test('a start without an explicit attach still delivers output, and a second run works on the same container', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'echo run' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.start();
  await recorder.waitForExit();
  await environment.start();
  await waitUntil(() => recorder.exits.length >= 2, 10_000, () => `exits: ${JSON.stringify(recorder.exits)}`);
  assert.equal(recorder.text, 'run\nrun\n');
  assert.deepEqual(recorder.exits, [{ exitCode: 0, oomKilled: false }, { exitCode: 0, oomKilled: false }]);
});

test('after an agent restart a new environment reattaches to the running container: commands, output and exit work', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'while read line; do echo got:$line; done' });
  const before = environmentFor(t, spec.id);
  await before.create(spec, { hostDataDir: await tempDir(t) });
  await before.start();

  // A new agent process knows nothing but the server id.
  const after = new DockerEnvironment(spec.id, docker);
  const recorder = new Recorder(after);
  assert.equal(await after.state(), 'running');
  await after.sendCommand('still there?');
  await recorder.waitForText('got:still there?\n');

  const exited = after.waitForExit();
  await after.signal('SIGTERM');
  assert.deepEqual(await exited, { exitCode: 143, oomKilled: false });
  await recorder.waitForExit();
  assert.deepEqual(recorder.exits, [{ exitCode: 143, oomKilled: false }]);
});

test('waitForExit answers at once for a stopped container that was attached but not started (no hang)', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'exit 5' });
  const first = environmentFor(t, spec.id);
  await first.create(spec, { hostDataDir: await tempDir(t) });
  await first.start();
  assert.deepEqual(await first.waitForExit(), { exitCode: 5, oomKilled: false });

  // As the agent's restore does: attach, then find the process is not running.
  const after = environmentFor(t, spec.id);
  const recorder = new Recorder(after);
  await after.attach();
  const answer = await Promise.race([after.waitForExit(), new Promise((resolve) => setTimeout(() => resolve('hung'), 3000))]);
  assert.deepEqual(answer, { exitCode: 5, oomKilled: false });
  assert.deepEqual(recorder.exits, []);
  // The attach made before start still catches the next run from its first line.
  await after.start();
  await recorder.waitForExit();
  assert.deepEqual(recorder.exits, [{ exitCode: 5, oomKilled: false }]);
});

test('SIGTERM stops a process that is not PID 1 (Init) and lets its handler run', { skip }, async (t) => {
  const plain = makeSpec({ startup: 'sleep 600' });
  const trapping = makeSpec({ startup: 'trap "echo stopping; exit 0" TERM; echo ready; while :; do sleep 0.1; done' });
  const plainEnv = environmentFor(t, plain.id);
  const trappingEnv = environmentFor(t, trapping.id);
  const plainRecorder = new Recorder(plainEnv);
  const trappingRecorder = new Recorder(trappingEnv);
  await Promise.all([
    plainEnv.create(plain, { hostDataDir: await tempDir(t) }).then(() => plainEnv.start()),
    trappingEnv.create(trapping, { hostDataDir: await tempDir(t) }).then(() => trappingEnv.start()),
  ]);
  await trappingRecorder.waitForText('ready');

  await Promise.all([plainEnv.signal('SIGTERM'), trappingEnv.signal('TERM')]);
  await Promise.all([plainRecorder.waitForExit(3000), trappingRecorder.waitForExit(3000)]);
  // sleep has no handler: the default action of SIGTERM ends it (128 + 15).
  assert.deepEqual(plainRecorder.exits, [{ exitCode: 143, oomKilled: false }]);
  assert.deepEqual(trappingRecorder.exits, [{ exitCode: 0, oomKilled: false }]);
  assert.match(trappingRecorder.text, /stopping\n/);
});

test('an out-of-memory kill is reported as such', { skip }, async (t) => {
  // awk doubles a string until the 8 MiB limit (no swap) is hit.
  const spec = makeSpec({ memory: 8, swap: 0, startup: `echo start; awk 'BEGIN { s = "0123456789abcdef"; while (1) s = s s }'` });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.start();
  await recorder.waitForExit();
  assert.deepEqual(recorder.exits, [{ exitCode: 137, oomKilled: true }]);
  assert.deepEqual(await environment.waitForExit(), { exitCode: 137, oomKilled: true });
});

test('limits and hardening are applied to the container and seen by the process', { skip }, async (t) => {
  const spec = makeSpec({ memory: 64, swap: 32, cpu: 50, pids: 40, startup: 'id -u; grep -E "^(NoNewPrivs|CapEff|CapBnd)" /proc/self/status' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });

  const info = await docker.getContainer(containerName(spec.id)).inspect();
  assert.equal(info.HostConfig.Memory, 64 * MiB);
  assert.equal(info.HostConfig.MemorySwap, 96 * MiB);
  assert.equal(info.HostConfig.NanoCpus, 500_000_000);
  assert.equal(info.HostConfig.PidsLimit, 40);
  assert.deepEqual(info.HostConfig.SecurityOpt, ['no-new-privileges:true']);
  assert.deepEqual(info.HostConfig.CapDrop, ['ALL']);
  assert.deepEqual([...(info.HostConfig.CapAdd ?? [])].sort(), ['CHOWN', 'KILL', 'SETGID', 'SETUID']);
  assert.equal(info.HostConfig.Init, true);
  assert.equal(info.HostConfig.Privileged, false);
  assert.equal(info.HostConfig.NetworkMode, 'host');
  assert.equal(info.HostConfig.LogConfig?.Type, 'json-file');
  assert.ok(info.HostConfig.LogConfig?.Config['max-size']);
  assert.equal(info.Config.OpenStdin, true);
  assert.equal(info.Config.StdinOnce, false);
  assert.equal(info.Config.Tty, false);

  await environment.start();
  await recorder.waitForExit();
  assert.match(recorder.text, /NoNewPrivs:\s+1/);
  // The bounding set is CHOWN (bit 0), KILL (5), SETGID (6), SETUID (7) and nothing else.
  assert.match(recorder.text, /CapBnd:\s+0+e1\n/);
  // A root agent runs games as an unprivileged user, which holds no effective capability at all.
  if (process.getuid?.() === 0) {
    assert.match(recorder.text, /^988$/m);
    assert.match(recorder.text, /CapEff:\s+0+\n/);
  }
});

test('the data directory is mounted at dataPath, is the working directory, and the environment is set', { skip }, async (t) => {
  const hostDataDir = join(await tempDir(t), 'server-files');
  const spec = makeSpec({
    environment: { GREETING: 'hi there' },
    ports: [{ port: 27015, protocol: 'udp' }],
    startup: 'pwd; echo "$GREETING|$SERVER_MEMORY|$SERVER_PORT|$STARTUP" > proof.txt',
  });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir });
  await environment.start();
  await recorder.waitForExit();

  assert.equal(recorder.text, '/home/container\n');
  assert.equal(await readFile(join(hostDataDir, 'proof.txt'), 'utf8'), `hi there|64|27015|${spec.startup}\n`);
});

test('create keeps an unchanged container and replaces a stopped one whose spec changed', { skip }, async (t) => {
  const paths = { hostDataDir: await tempDir(t) };
  const spec = makeSpec({ environment: { A: '1', B: '2' } });
  const environment = environmentFor(t, spec.id);
  const container = docker.getContainer(containerName(spec.id));

  await environment.create(spec, paths);
  const first = (await container.inspect()).Id;
  // Same content, keys in another order (as after a JSON round trip elsewhere): still the same spec.
  const reordered = Object.fromEntries(Object.entries({ ...spec, environment: { B: '2', A: '1' } }).reverse()) as unknown as typeof spec;
  await environment.create(reordered, paths);
  assert.equal((await container.inspect()).Id, first);

  await environment.create({ ...spec, memory: 96 }, paths);
  const replaced = await container.inspect();
  assert.notEqual(replaced.Id, first);
  assert.equal(replaced.HostConfig.Memory, 96 * MiB);
});

test('create never replaces a running container: it keeps it and says so', { skip }, async (t) => {
  const paths = { hostDataDir: await tempDir(t) };
  const spec = makeSpec({ startup: 'sleep 600' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, paths);
  await environment.start();
  const container = docker.getContainer(containerName(spec.id));
  const running = (await container.inspect()).Id;

  await environment.create({ ...spec, memory: 128 }, paths);
  const after = await container.inspect();
  assert.equal(after.Id, running);
  assert.equal(after.State.Running, true);
  assert.match(recorder.text, /configuration changed while it is running/);
  await environment.kill();
  await recorder.waitForExit();
});

test('a server whose container does not exist is "missing", and every query answers instead of throwing', { skip }, async (t) => {
  const environment = environmentFor(t, uniqueServerId('missing'));
  assert.equal(await environment.state(), 'missing');
  assert.equal(await environment.stats(), null);
  assert.deepEqual(await environment.waitForExit(), { exitCode: 0, oomKilled: false });
  await environment.signal('SIGTERM');
  await environment.kill();
  await environment.destroy();
  await assert.rejects(environment.start(), (error) => isAppError(error) && error.code === 'INVALID_STATE');
  await assert.rejects(environment.sendCommand('hello'), (error) => isAppError(error) && error.code === 'INVALID_STATE');
});

test('destroy removes the running container and leaves nothing labelled with the server; a second destroy is fine', { skip }, async (t) => {
  const spec = makeSpec({ startup: 'sleep 600' });
  const environment = environmentFor(t, spec.id);
  const recorder = new Recorder(environment);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.start();
  assert.equal((await containersLabelled(`${LABEL_SERVER}=${spec.id}`)).length, 1);

  await environment.destroy();
  assert.deepEqual(await containersLabelled(`${LABEL_SERVER}=${spec.id}`), []);
  assert.equal(await environment.state(), 'missing');
  await recorder.waitForExit();
  assert.equal(recorder.exits.length, 1);
  await environment.destroy();
});

test('stats reports cpu as percent of one core, memory against its limit, and uptime', { skip }, async (t) => {
  const spec = makeSpec({ cpu: 50, memory: 64, startup: 'while :; do :; done' });
  const environment = environmentFor(t, spec.id);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await environment.start();
  // On a loaded machine the first sample may land before the loop was scheduled: take a few.
  let stats = await environment.stats();
  for (let tries = 0; tries < 10 && (stats?.cpu ?? 0) === 0; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    stats = await environment.stats();
  }
  assert.ok(stats);
  // A busy loop capped at half a core: never near a whole one.
  assert.ok(stats.cpu > 0 && stats.cpu < 80, `cpu ${stats.cpu}`);
  assert.equal(stats.memoryLimit, 64 * MiB);
  assert.ok(stats.memory > 0 && stats.memory < 64 * MiB, `memory ${stats.memory}`);
  assert.ok(stats.uptime >= 0 && stats.uptime < 60);
  assert.equal(typeof stats.networkRx, 'number');
  await environment.kill();
  await environment.waitForExit();
  assert.equal(await environment.stats(), null);
});

test('install runs the script in a throwaway container with the server files at /mnt/server', { skip }, async (t) => {
  const hostDataDir = await tempDir(t);
  const spec = makeSpec({
    environment: { VERSION: '1.2.3' },
    // CRLF line ends, as pasted from a Windows editor.
    install: { image: 'stellar-test/busybox:latest', entrypoint: 'sh', script: 'echo installing $VERSION\r\necho files > /mnt/server/installed.txt\r\npwd\r\n', timeoutSeconds: 900 },
  });
  const environment = environmentFor(t, spec.id);
  let output = '';
  const exit = await environment.install(spec, { hostDataDir }, (chunk) => (output += chunk));

  assert.deepEqual(exit, { exitCode: 0, oomKilled: false });
  assert.equal(output, 'installing 1.2.3\n/mnt/server\n');
  assert.equal(await readFile(join(hostDataDir, 'installed.txt'), 'utf8'), 'files\n');
  assert.deepEqual(await containersLabelled(`${LABEL_SERVER}=${spec.id}`), []);
});

test('a failing install script reports its exit code and still leaves no container', { skip }, async (t) => {
  const spec = makeSpec({ install: { image: 'stellar-test/busybox:latest', entrypoint: 'sh', script: 'echo broken >&2; exit 2', timeoutSeconds: 900 } });
  const environment = environmentFor(t, spec.id);
  let output = '';
  const exit = await environment.install(spec, { hostDataDir: await tempDir(t) }, (chunk) => (output += chunk));
  assert.deepEqual(exit, { exitCode: 2, oomKilled: false });
  assert.equal(output, 'broken\n');
  assert.deepEqual(await containersLabelled(`${LABEL_SERVER}=${spec.id}`), []);
});
