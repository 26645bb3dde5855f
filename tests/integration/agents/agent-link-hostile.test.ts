import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { AGENT_MAX_FRAME } from '../../../contracts/index.ts';
import { dialAgentLink, FrameSocket } from '../../support/agent-link.ts';
import { agentArgs, spawnAgent, type SpawnedAgent } from '../../support/agent.ts';
import { api, assertData, assertError, LEAK, signUpAdmin, tempDir, type Account, type Json, type SpawnedController } from '../../support/controller.ts';
import { getNode, issueNodeToken, registerNode, spawnNodeController, waitForNodeStatus } from '../../support/nodes.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * Both ends of the agent link under attack, with real processes: bad tokens at the
 * controller's door, garbage frames from an authenticated "agent", and garbage frames from a
 * fake controller to a real agent. Neither side may crash, leak, or stop serving.
 */

/** `{type:'error', error:{code,message,details}}` with nothing internal in the message. */
function assertErrorFrame(frame: Json, code?: string): void {
  assert.equal(frame?.type, 'error', `an error frame: ${JSON.stringify(frame)}`);
  assert.deepEqual(Object.keys(frame).sort(), ['error', 'type']);
  assert.deepEqual(Object.keys(frame.error).sort(), ['code', 'details', 'message']);
  assert.match(frame.error.code, /^[A-Z_]+$/);
  if (code) assert.equal(frame.error.code, code);
  assert.equal(typeof frame.error.message, 'string');
  assert.doesNotMatch(frame.error.message, LEAK);
}

/** Text over the frame cap, shaped like a real frame so only its size is wrong. */
function oversizedFrame(type: string): string {
  return JSON.stringify({ type, pad: 'x'.repeat(AGENT_MAX_FRAME + 16) });
}

describe("the controller's agent door: wrong tokens", () => {
  let controller: SpawnedController;
  let data: string;
  let admin: Account;

  before(async () => {
    data = await tempDir('door');
    controller = await spawnNodeController({ data });
    admin = await signUpAdmin(controller.url);
  });
  after(async () => {
    await controller?.stop('SIGKILL');
    await rm(data, { recursive: true, force: true });
  });

  test('a wrong, missing or non-node token is a 401 envelope before any upgrade, with nothing leaked; the 11th in a minute is a 429', async () => {
    const node = await registerNode(controller.url, admin.token);
    const good = await issueNodeToken(controller.url, admin.token, node.id);
    const wrong = `strk_node_${'A'.repeat(43)}`;
    const attempts: (string | undefined)[] = [wrong, undefined, admin.token, 'Basic dXNlcjpwYXNz', `${good}x`, good.slice(0, -1)];
    while (attempts.length < 10) attempts.push(`strk_node_guess${attempts.length}`);

    for (const attempt of attempts) {
      const dialed = await dialAgentLink(controller.url, attempt);
      assert.equal(dialed.kind, 'refused', `token ${attempt} is refused`);
      if (dialed.kind !== 'refused') continue;
      assertError(dialed.response, 401, 'UNAUTHORIZED', {});
      if (attempt) assert.ok(!dialed.response.text.includes(attempt), 'the token is not echoed');
      assert.ok(!dialed.response.text.includes(good), 'the real token is not leaked');
      assert.ok(!dialed.response.text.includes(node.id), 'which node exists is not leaked');
    }

    const limited = await dialAgentLink(controller.url, `strk_node_guess${attempts.length}`);
    assert.equal(limited.kind, 'refused');
    if (limited.kind === 'refused') {
      assertError(limited.response, 429, 'RATE_LIMITED');
      // The agent's link backs off by Retry-After; it and the details name the same wait.
      const retryAfter = Number(limited.response.headers.get('retry-after'));
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.response.headers.get('retry-after')}`);
      assert.equal(limited.response.body.error.details.retryAfter, retryAfter);
      assert.ok(!limited.response.text.includes(good));
    }

    // The API itself keeps serving this address; only the agent door is shut for it.
    assertData(await api(controller.url, '/nodes', { token: admin.token }), 200, true);
    assert.equal((await getNode(controller.url, admin.token, node.id)).status, 'pending');
  });
});

describe('a hostile agent with a valid token against the real controller', () => {
  let controller: SpawnedController;
  const dirs: string[] = [];
  const agents: SpawnedAgent[] = [];
  const sockets: FrameSocket[] = [];
  let admin: Account;

  before(async () => {
    const data = await tempDir('hostile-agent');
    dirs.push(data);
    controller = await spawnNodeController({ data });
    admin = await signUpAdmin(controller.url);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(agents.map((a) => a.kill('SIGKILL')));
    await controller?.stop('SIGKILL');
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('malformed, unknown, mistyped and binary frames get error frames; the socket, the API and later agents keep working', async () => {
    const node = await registerNode(controller.url, admin.token);
    const token = await issueNodeToken(controller.url, admin.token, node.id);
    const dialed = await dialAgentLink(controller.url, token);
    assert.equal(dialed.kind, 'open');
    if (dialed.kind !== 'open') return;
    const socket = dialed.socket;
    sockets.push(socket);

    const garbage: [label: string, frame: string | Buffer, code: string][] = [
      ['malformed JSON', '{"type":"hello",', 'INVALID_JSON'],
      ['an unknown frame type', JSON.stringify({ type: 'format_disk', path: '/' }), 'VALIDATION_ERROR'],
      ['wrong field types', JSON.stringify({ type: 'heartbeat', metrics: 'lots', docker: 5 }), 'VALIDATION_ERROR'],
      ['a hello with wrong types', JSON.stringify({ type: 'hello', protocol: 'one', agentVersion: 7 }), 'VALIDATION_ERROR'],
      ['JSON that is not an object', 'null', 'VALIDATION_ERROR'],
      ['an event about nothing', JSON.stringify({ type: 'event', payload: { event: 'server_status', serverId: 3 } }), 'VALIDATION_ERROR'],
      ['a binary frame', Buffer.from([0, 1, 2, 0xff, 0xfe]), 'BAD_REQUEST'],
    ];
    for (const [label, frame, code] of garbage) {
      socket.send(frame);
      const answer = await socket.next(3000).catch((error: Error) => assert.fail(`${label}: ${error.message}`));
      assertErrorFrame(answer, code);
      assert.ok(socket.open, `the socket stays open after ${label}`);
    }
    // Frames that are valid but answer nothing (a stray response, an error report) are ignored quietly.
    socket.send({ type: 'response', id: 'never-asked', ok: true, data: null });
    socket.send({ type: 'error', error: { code: 'INTERNAL_ERROR', message: 'agent confused', details: {} } });
    socket.send('{');
    assertErrorFrame(await socket.next(3000), 'INVALID_JSON');

    assertData(await api(controller.url, '/nodes', { token: admin.token }), 200, true);

    // After all that, the same socket can still say hello and be welcomed.
    socket.send({
      type: 'hello', protocol: 1, agentVersion: 'hostile-1', hostname: 'evil', platform: 'linux', arch: 'x64', cpus: 1,
      memoryTotal: 1024, docker: { available: false, version: null, reason: 'none' },
    });
    const welcome = await socket.nextOfType('welcome', 3000);
    assert.equal(welcome.nodeId, node.id);
    assert.match(welcome.consolePublicKey, /BEGIN PUBLIC KEY/);
    await waitForNodeStatus(controller.url, admin.token, node.id, 'online');

    // An oversized frame may cost the sender its socket, never the controller its health.
    socket.send(oversizedFrame('heartbeat'));
    const outcome = await Promise.race([
      socket.closed.then((closed) => ({ closed })),
      socket.next(5000).then((frame) => ({ frame })),
    ]);
    if ('frame' in outcome) assertErrorFrame(outcome.frame);
    else assert.equal(outcome.closed.code, 1009, `closed as too big: ${JSON.stringify(outcome.closed)}`);
    assertData(await api(controller.url, '/nodes', { token: admin.token }), 200, true);

    // A real agent with the same token is accepted afterwards and reports real stats.
    const agentData = await tempDir('hostile-agent-data');
    dirs.push(agentData);
    const agent = spawnAgent(agentArgs({ controller: controller.url, token, data: agentData }));
    agents.push(agent);
    await agent.waitForLog(new RegExp(`as node ${node.id}`));
    const online = await waitForNodeStatus(controller.url, admin.token, node.id, 'online');
    assert.notEqual(online.agentVersion, 'hostile-1', 'the real agent replaced the hostile one');
    await waitFor(async () => {
      const res = await api(controller.url, `/nodes/${node.id}/stats`, { token: admin.token });
      return res.body.data.online && res.body.data.metrics?.memory.total > 0;
    }, { message: 'stats from the real agent' });
    assert.equal(controller.child.exitCode, null, 'the controller is still running');
  });
});

describe('a hostile controller against a real agent process', () => {
  let wss: WebSocketServer;
  let agent: SpawnedAgent | undefined;
  let data: string;
  const connections: { socket: FrameSocket; request: IncomingMessage }[] = [];
  const waiting: (() => void)[] = [];

  before(async () => {
    data = await tempDir('fake-ctl-agent');
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/agent', maxPayload: 4 * AGENT_MAX_FRAME });
    wss.on('connection', (ws, request) => {
      connections.push({ socket: new FrameSocket(ws), request });
      waiting.splice(0).forEach((wake) => wake());
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  });
  after(async () => {
    await agent?.kill('SIGKILL');
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await rm(data, { recursive: true, force: true });
  });

  const connection = (index: number) => waitFor(() => connections[index], { timeoutMs: 10_000, message: `agent connection #${index + 1}` });

  test('garbage gets error frames and the agent keeps running; after a valid welcome it heartbeats; an oversized frame only costs a reconnect', async () => {
    const { port } = wss.address() as AddressInfo;
    const token = `strk_node_${'f'.repeat(43)}`;
    agent = spawnAgent(agentArgs({ controller: `http://127.0.0.1:${port}`, token, data }));

    const first = await connection(0);
    assert.equal(first.request.headers.authorization, `Bearer ${token}`, 'the agent presents its node token');
    const hello = await first.socket.nextOfType('hello', 10_000);
    assert.equal(hello.protocol, 1);
    assert.equal(typeof hello.agentVersion, 'string');
    assert.equal(typeof hello.docker.available, 'boolean');

    const garbage: [label: string, frame: string | Buffer][] = [
      ['malformed JSON', '{"type":"welcome",'],
      ['an unknown frame type', JSON.stringify({ type: 'self_destruct' })],
      ['a welcome with wrong types', JSON.stringify({ type: 'welcome', nodeId: 5, protocol: 'one', heartbeatIntervalSeconds: -1 })],
      ['a request for an unknown method', JSON.stringify({ type: 'request', id: 'r0', timeoutMs: 1000, request: { method: 'host.exec', params: { cmd: 'rm -rf /' } } })],
      ['JSON that is not an object', '[]'],
      ['a binary frame', Buffer.from([0xde, 0xad, 0xbe, 0xef])],
    ];
    for (const [label, frame] of garbage) {
      first.socket.send(frame);
      const answer = await first.socket.next(3000).catch((error: Error) => assert.fail(`${label}: ${error.message}\n${agent?.logs()}`));
      assertErrorFrame(answer);
      assert.ok(agent.alive(), `the agent survives ${label}`);
      assert.ok(first.socket.open, `the link stays up after ${label}`);
    }

    // A proper welcome, and the agent starts heartbeating with real metrics.
    const { publicKey } = generateKeyPairSync('ed25519');
    first.socket.send({
      type: 'welcome',
      nodeId: 'node_fake',
      protocol: 1,
      heartbeatIntervalSeconds: 1,
      consolePublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      hostNetwork: false,
      servers: [],
    });
    const beat1 = await first.socket.nextOfType('heartbeat', 5000);
    const beat2 = await first.socket.nextOfType('heartbeat', 5000);
    for (const beat of [beat1, beat2]) {
      assert.ok(beat.metrics.memory.total > 0 && beat.metrics.disk.total > 0 && beat.metrics.uptime > 0, JSON.stringify(beat.metrics));
      assert.equal(typeof beat.docker.available, 'boolean');
    }
    await agent.waitForLog(/connected to \S+ as node node_fake/);

    // A request about something the agent does not have is answered with an error, not a crash.
    first.socket.send({ type: 'request', id: 'r1', timeoutMs: 5000, request: { method: 'server.describe', params: { serverId: 'srv_nothere' } } });
    const response = await first.socket.nextOfType('response', 5000);
    assert.equal(response.id, 'r1');
    assert.equal(response.ok, false);
    assert.equal(response.error.code, 'NOT_FOUND');

    // Garbage after the welcome is answered the same way, and heartbeats keep coming.
    first.socket.send('not json at all');
    assertErrorFrame(await first.socket.nextOfType('error', 5000));
    await first.socket.nextOfType('heartbeat', 5000);

    // Over the frame cap: the agent drops that link and dials again by itself.
    first.socket.send(oversizedFrame('welcome'));
    const closed = await first.socket.closed;
    assert.equal(closed.code, 1009, `the agent closed the link as too big: ${JSON.stringify(closed)}`);
    const second = await connection(1);
    await second.socket.nextOfType('hello', 10_000);
    assert.ok(agent.alive(), 'the agent is still running');
    assert.doesNotMatch(agent.logs(), /\n\s+at \S+ \(|Unhandled|uncaught/i, 'no crash traces in the agent log');
  });
});
