import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { GameDig } from 'gamedig';
import { ConsoleClient } from '../support/console-client.ts';
import { api, assertData, assertNoContent, freePort, type Json } from '../support/controller.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { ensureOpenttdImage } from '../support/images.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { holdsFor, waitFor } from '../support/wait.ts';

/**
 * The life of a real third-party game server (OpenTTD's dedicated server) through the API,
 * with a real controller process, a real agent process and the real Docker engine: create,
 * start, running detected from its own output, a console command and its answer over the
 * WebSocket (node port and relay), its own status query (GameDig), a graceful stop with its
 * stop command, kill, crashes from outside with and without a restart policy, the limits in
 * the container's inspect, and a delete that leaves nothing behind. The tests run in order on
 * one server, like an admin's afternoon.
 */

const MiB = 1024 * 1024;
const skip = await dockerSkipReason();

const exists = (path: string) => access(path).then(() => true, () => false);

describe('an OpenTTD server through the API, on real Docker', { skip }, () => {
  let stack: Stack;
  let gamePort: number;
  let server: Json;
  let viewer: ConsoleClient;
  const clients: ConsoleClient[] = [];
  const statusFrames = () => viewer.frames.filter((f) => f.type === 'status').map((f) => f.data);

  before(async () => {
    await ensureOpenttdImage(docker);
    stack = await Stack.start({ label: 'e2e-life', blueprints: [OPENTTD_BLUEPRINT] });
    gamePort = await freePort();
  });

  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  const open = async (url: string, token: string) => {
    const client = await ConsoleClient.open(url, token);
    clients.push(client);
    return client;
  };

  test('create: 201 with the record, the container prepared, and the install settles to stopped', async () => {
    server = await stack.createServer({
      name: 'OpenTTD e2e',
      blueprintId: OPENTTD_BLUEPRINT.id,
      memory: 512,
      cpu: 150,
      disk: 1024,
      swap: 256,
      ports: [{ port: gamePort, protocol: 'tcp' }],
    });
    assert.match(server.id, /^srv_[A-Za-z0-9]+$/);
    assert.equal(server.ownerId, stack.admin.id);
    assert.equal(server.image, 'stellar-test/openttd:latest');
    assert.deepEqual(server.ports, [{ port: gamePort, protocol: 'tcp' }]);
    assert.ok(['installing', 'stopped'].includes(server.status), `status right after create: ${server.status}`);
    const settled = await stack.waitForStatus(server.id, 'stopped', 15_000);
    assert.equal(settled.statusReason, null);
    assert.equal(settled.nodeOnline, true);
    assert.equal(settled.resources, null, 'no usage while stopped');
    const info = await stack.inspect(server.id);
    assert.ok(info, 'the container exists once the server is installed');
    assert.equal(info.State.Running, false);
  });

  test('limits and hardening are in the container inspect', async () => {
    const info = await stack.inspect(server.id);
    assert.ok(info);
    const host = info.HostConfig;
    assert.equal(host.Memory, 512 * MiB, 'Memory = memory MiB in bytes');
    assert.equal(host.MemorySwap, (512 + 256) * MiB, 'MemorySwap = memory + swap');
    assert.equal(host.NanoCpus, 1.5e9, 'cpu 150 % = 1.5 cores');
    assert.equal(host.PidsLimit, 512);
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true']);
    assert.deepEqual(host.CapDrop, ['ALL']);
    assert.ok((host.CapAdd ?? []).every((cap: string) => ['CHOWN', 'SETUID', 'SETGID', 'KILL'].includes(cap.replace(/^CAP_/, ''))), `CapAdd ${host.CapAdd}`);
    assert.equal(host.Init, true);
    assert.equal(host.Privileged, false);
    assert.equal(host.NetworkMode, 'host', 'the node runs with host networking');
    assert.equal(info.Config.Labels['io.stellarstack.managed'], 'true');
    assert.equal(info.Config.Labels['io.stellarstack.server'], server.id);
    const env = info.Config.Env ?? [];
    assert.ok(env.includes(`SERVER_PORT=${gamePort}`), `env: ${env}`);
    assert.ok(env.includes('SERVER_MEMORY=512'));
    assert.ok(env.includes('HOME=/home/container'));
    assert.ok(env.includes(`STARTUP=openttd -D 127.0.0.1:${gamePort} -x`));
    const mount = info.Mounts.find((m) => m.Destination === '/home/container');
    assert.equal(mount?.Source, stack.serverPaths(server.id).filesDir, 'the server files are mounted at the data path');

    // A changed limit reaches the container: swap off means MemorySwap equal to Memory.
    const patched = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'PATCH', body: { swap: 0 } });
    assertData(patched);
    await waitFor(async () => (await stack.inspect(server.id))?.HostConfig.MemorySwap === 512 * MiB, { timeoutMs: 10_000, message: 'MemorySwap = Memory after swap 0' });
  });

  test('start: answers starting; running is detected from its own output; usage appears', async () => {
    const token = await stack.consoleToken(server.id);
    assert.equal(token.consoleUrl, stack.nodeConsoleUrl(), 'the console URL is the node’s real console port');
    viewer = await open(token.consoleUrl, token.consoleToken);
    await viewer.waitForType('backlog');

    const started = Date.now();
    const res = await stack.power(server.id, 'start');
    assertData(res);
    assert.deepEqual(res.body.data, { serverId: server.id, action: 'start', status: 'starting' });

    const running = await stack.waitForStatus(server.id, 'running', 30_000);
    const doneLine = await viewer.waitForLine('Map generated, starting game', { timeoutMs: 5_000 });
    assert.match(doneLine, /Map generated, starting game/);
    // Running came from the game's line, not from a timer: the line is in the backlog/console before running.
    assert.ok(viewer.lines.some((l) => /Starting dedicated server/.test(l)) || viewer.backlogLines.some((l) => /Starting dedicated server/.test(l)));
    assert.equal(running.statusReason, null);
    console.log(`# OpenTTD: start → running in ${Date.now() - started} ms`);

    const withUsage = await stack.waitForStatus(server.id, 'running', 10_000, (s) => s.resources !== null);
    const resources = withUsage.resources;
    assert.equal(resources.memoryLimit, 512 * MiB);
    assert.ok(resources.memory > 0 && resources.memory < 512 * MiB, `memory ${resources.memory}`);
    assert.ok(resources.uptime >= 0 && resources.uptime < 120, `uptime ${resources.uptime}`);
    assert.ok(resources.cpu >= 0);

    const stats = await viewer.waitForType('stats', { timeoutMs: 5_000 });
    assert.equal(stats.data.memoryLimit, 512 * MiB);
    await waitFor(() => statusFrames().includes('running'), { timeoutMs: 5_000, message: 'a running status frame' });
    assert.deepEqual(statusFrames(), ['stopped', 'starting', 'running']);
  });

  test('a console command over the WebSocket is answered by the game, on the node port and through the relay', async () => {
    const from = viewer.lines.length;
    viewer.command('server_info');
    const answer = await viewer.waitForLine(/Current\/maximum clients:\s+0\/\s*\d+/, { from, timeoutMs: 10_000 });
    assert.match(answer, /0\/\s*25/);

    const token = await stack.consoleToken(server.id);
    const relayed = await open(token.relayUrl, token.consoleToken);
    const backlog = await relayed.waitForType('backlog');
    assert.ok(backlog.data.lines.some((l) => l.includes('Map generated, starting game')), 'the relay replays the backlog');
    const relayFrom = relayed.lines.length;
    relayed.command('server_info');
    await relayed.waitForLine(/Current\/maximum companies:\s+0\/\s*\d+/, { from: relayFrom, timeoutMs: 10_000 });
    // Both viewers see the answer to either one's command: one console.
    await viewer.waitForLine(/Current\/maximum companies/, { from: from + 1, timeoutMs: 5_000 });
    relayed.close();
    assert.deepEqual(viewer.invalid, [], 'every frame matches the console contract');
  });

  test('its own status query answers (GameDig, type openttd, on the server port)', async () => {
    const state = await GameDig.query({ type: 'openttd', host: '127.0.0.1', port: gamePort, maxRetries: 2, socketTimeout: 2_000, attemptTimeout: 5_000 });
    // GameDig's types leave `raw` as a plain object; its OpenTTD protocol fills these fields.
    const raw = state.raw as { dedicated?: boolean; map_width?: number } | undefined;
    assert.equal(raw?.dedicated, true, JSON.stringify(state));
    assert.equal(state.numplayers, 0);
    assert.equal(state.maxplayers, 25);
    assert.equal(state.password, false);
    assert.equal(state.connect, `127.0.0.1:${gamePort}`);
    assert.match(String(state.version), /^\d+\.\d+/);
    assert.equal(raw?.map_width, 256);
  });

  test('graceful stop: its stop command (quit), stopping → stopped, the game exits by itself with code 0', async () => {
    const before = await stack.inspect(server.id);
    const from = viewer.lines.length;
    const t0 = Date.now();
    const res = await stack.power(server.id, 'stop');
    assertData(res);
    // The answer waits up to 100 ms for the first effect: OpenTTD may already have quit by then.
    assert.deepEqual({ ...res.body.data, status: undefined }, { serverId: server.id, action: 'stop', status: undefined });
    assert.ok(['stopping', 'stopped'].includes(res.body.data.status), res.text);
    const stopped = await stack.waitForStatus(server.id, 'stopped', 15_000);
    const took = Date.now() - t0;
    // OpenTTD does not echo stdin; what `quit` does is visible: it shuts its network down and exits.
    await viewer.waitForLine('Shutting down network', { from, timeoutMs: 5_000 });
    assert.equal(stopped.statusReason, null, 'not "did not stop within …; killed"');
    assert.equal(stopped.resources, null);
    assert.ok(took < OPENTTD_BLUEPRINT.stopGraceSeconds * 1000, `stopped in ${took} ms, within the grace period`);
    const info = await stack.inspect(server.id);
    assert.ok(info);
    assert.equal(info.State.Running, false);
    assert.equal(info.State.ExitCode, 0, 'exited by itself, not killed (137)');
    assert.equal(info.State.OOMKilled, false);
    assert.equal(info.Id, before?.Id, 'the same container');
    await waitFor(() => statusFrames().at(-1) === 'stopped', { timeoutMs: 5_000, message: 'a stopped status frame' });
    assert.deepEqual(statusFrames().slice(-2), ['stopping', 'stopped']);
    console.log(`# OpenTTD: graceful stop in ${took} ms`);
  });

  test('start while running is a 409 INVALID_STATE; kill stops it at once', async () => {
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 30_000);

    const again = await stack.power(server.id, 'start');
    assert.equal(again.status, 409, again.text);
    assert.equal(again.body.error.code, 'INVALID_STATE');

    const t0 = Date.now();
    const res = await stack.power(server.id, 'kill');
    assertData(res);
    assert.equal(res.body.data.action, 'kill');
    assert.ok(['stopping', 'stopped'].includes(res.body.data.status), `kill answers ${res.body.data.status}`);
    const stopped = await stack.waitForStatus(server.id, 'stopped', 5_000);
    assert.ok(Date.now() - t0 < 5_000);
    assert.equal(stopped.statusReason, null);
    const info = await stack.inspect(server.id);
    assert.equal(info?.State.Running, false);
    assert.equal(info?.State.ExitCode, 137, 'SIGKILL');
  });

  test('a crash from outside (docker kill) is crashed with a reason, and stays down without a restart policy', async () => {
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 30_000);
    await docker.getContainer(`stellar-${server.id}`).kill({ signal: 'SIGKILL' });
    const crashed = await stack.waitForStatus(server.id, 'crashed', 10_000);
    assert.match(crashed.statusReason ?? '', /exited with code 137/);
    await holdsFor(async () => (await stack.getServer(server.id)).status === 'crashed', 2_000, 'no restart without a policy');
  });

  test('with restartPolicy {enabled, maxRetries: 2}, a process killed inside the container comes back to running by itself', async () => {
    const patched = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'PATCH', body: { restartPolicy: { enabled: true, maxRetries: 2 } } });
    assertData(patched);
    assert.deepEqual(patched.body.data.restartPolicy, { enabled: true, maxRetries: 2 });
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 30_000);
    const startedAt = (await stack.inspect(server.id))?.State.StartedAt;

    // Kill the game process itself (not the container's init): the container ends because its child died.
    const exec = await docker.getContainer(`stellar-${server.id}`).exec({ Cmd: ['sh', '-c', 'kill -9 $(pidof openttd)'], AttachStdout: true, AttachStderr: true });
    await exec.start({});
    const crashed = await stack.waitForStatus(server.id, 'crashed', 10_000);
    assert.match(crashed.statusReason ?? '', /exited with code \d+; restarting in .* \(attempt 1 of 2\)/);
    const back = await stack.waitForStatus(server.id, 'running', 30_000);
    assert.equal(back.statusReason, null);
    const after = await stack.inspect(server.id);
    assert.equal(after?.State.Running, true);
    assert.notEqual(after?.State.StartedAt, startedAt, 'a new run of the process');
  });

  test('delete leaves no container and no files on the node', async () => {
    const { filesDir, stateFile } = stack.serverPaths(server.id);
    assert.ok(await exists(filesDir), 'the files dir existed');
    assert.ok(await exists(stateFile), 'the state file existed');
    const res = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'DELETE' });
    assertNoContent(res);
    assert.deepEqual(await stack.containersOf(server.id), [], 'docker ps -a --filter label=io.stellarstack.server=<id> is empty');
    assert.equal(await exists(filesDir), false, `${filesDir} is gone`);
    assert.equal(await exists(stateFile), false, `${stateFile} is gone`);
    const gone = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token });
    assert.equal(gone.status, 404);
    const list = await api(stack.url, '/servers', { token: stack.admin.token });
    assert.ok(!list.body.data.some((s: Json) => s.id === server.id));
    // Its game port is free again: nothing of it keeps running.
    await assert.rejects(GameDig.query({ type: 'openttd', host: '127.0.0.1', port: gamePort, maxRetries: 0, socketTimeout: 500, attemptTimeout: 1_000 }));
  });
});
