import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { dialAgentLink, type FrameSocket } from '../../support/agent-link.ts';
import { api, assertData, signUpAdmin, tempDir, type Account, type Json, type SpawnedController } from '../../support/controller.ts';
import { issueNodeToken, registerNode, spawnNodeController, waitForNodeStatus } from '../../support/nodes.ts';
import { delay, holdsFor, waitFor } from '../../support/wait.ts';

/**
 * A node token authorises one node: what an agent says about a server on another node is
 * refused, and it cannot write into a console relay opened on another node. Both "agents"
 * here are raw sockets speaking the link protocol, so the test controls every frame.
 */

const HELLO = {
  type: 'hello', protocol: 1, agentVersion: 'test', hostname: 'raw', platform: 'linux', arch: 'x64', cpus: 1,
  memoryTotal: 1024, docker: { available: false, version: null, reason: 'raw test socket' },
};

async function connectRawAgent(base: string, token: string): Promise<{ socket: FrameSocket; welcome: Json }> {
  const dialed = await dialAgentLink(base, token);
  assert.equal(dialed.kind, 'open');
  if (dialed.kind !== 'open') throw new Error('refused');
  dialed.socket.send(HELLO);
  const welcome = await dialed.socket.nextOfType('welcome', 5000);
  return { socket: dialed.socket, welcome };
}

describe('node isolation on the agent link', () => {
  let controller: SpawnedController;
  let data: string;
  let admin: Account;
  let nodeA: Json;
  let nodeB: Json;
  let serverOnB: Json;
  let agentA: FrameSocket;
  let agentB: FrameSocket;

  before(async () => {
    data = await tempDir('isolation');
    controller = await spawnNodeController({ data });
    admin = await signUpAdmin(controller.url);
    nodeA = await registerNode(controller.url, admin.token, { name: 'node-a', host: '127.0.0.1', memory: 4096, disk: 20480, cpu: 400 });
    nodeB = await registerNode(controller.url, admin.token, { name: 'node-b', host: '127.0.0.1', memory: 4096, disk: 20480, cpu: 400 });
    const tokenA = await issueNodeToken(controller.url, admin.token, nodeA.id);
    const tokenB = await issueNodeToken(controller.url, admin.token, nodeB.id);
    // Node B is offline while its server is created, so no sync request needs answering.
    const created = await api(controller.url, '/servers', {
      token: admin.token,
      body: { name: 'on-b', nodeId: nodeB.id, blueprintId: 'openttd', memory: 512, cpu: 100, disk: 1024 },
    });
    assertData(created, 201);
    serverOnB = created.body.data;
    const a = await connectRawAgent(controller.url, tokenA);
    const b = await connectRawAgent(controller.url, tokenB);
    agentA = a.socket;
    agentB = b.socket;
    assert.deepEqual(a.welcome.servers, [], "node A's welcome lists none of node B's servers");
    assert.deepEqual(b.welcome.servers.map((s: Json) => s.id), [serverOnB.id]);
    await waitForNodeStatus(controller.url, admin.token, nodeA.id, 'online');
  });

  after(async () => {
    agentA?.close();
    agentB?.close();
    await controller?.stop('SIGTERM');
    await rm(data, { recursive: true, force: true });
  });

  test("an agent's reports about a server on another node are refused", async () => {
    const before = (await api(controller.url, `/servers/${serverOnB.id}`, { token: admin.token })).body.data;
    agentA.send({ type: 'event', payload: { event: 'server_status', serverId: serverOnB.id, status: 'crashed', reason: 'forged by node A' } });
    agentA.send({
      type: 'event',
      payload: { event: 'server_resources', serverId: serverOnB.id, resources: { cpu: 99, memory: 1, memoryLimit: 2, disk: 3, networkRx: 4, networkTx: 5, uptime: 6 } },
    });
    await holdsFor(async () => {
      const now = (await api(controller.url, `/servers/${serverOnB.id}`, { token: admin.token })).body.data;
      return now.status === before.status && now.statusReason === before.statusReason && now.resources === null;
    }, 1500, 'a forged report changed the server');

    // The owner's own agent is believed.
    agentB.send({ type: 'event', payload: { event: 'server_status', serverId: serverOnB.id, status: 'stopped', reason: null } });
    await waitFor(async () => (await api(controller.url, `/servers/${serverOnB.id}`, { token: admin.token })).body.data.status === 'stopped', { timeoutMs: 5000 });
    assert.equal(agentA.open, true, 'refusing a report does not need to cost the link');
  });

  test("an agent cannot write into a console relay opened on another node", async () => {
    const viewer = new WebSocket(`${controller.url.replace('http', 'ws')}/api/v1/servers/${serverOnB.id}/console`);
    const received: Json[] = [];
    viewer.on('message', (raw) => received.push(JSON.parse(raw.toString())));
    await new Promise((resolve, reject) => {
      viewer.once('open', resolve);
      viewer.once('error', reject);
    });
    viewer.send(JSON.stringify({ type: 'auth', token: 'strk_console_anything' }));
    const opened = await agentB.nextOfType('relay_open', 5000);
    assert.equal(opened.serverId, serverOnB.id);
    const sessionId: string = opened.sessionId;

    agentA.send({ type: 'relay_frame', sessionId, frame: { type: 'console', data: 'forged by node A' } });
    agentA.send({ type: 'relay_closed', sessionId });
    agentB.send({ type: 'relay_frame', sessionId, frame: { type: 'console', data: 'from node B' } });
    const deadline = Date.now() + 5000;
    while (!received.some((f) => f.data === 'from node B') && Date.now() < deadline) await delay(20);
    assert.ok(received.some((f) => f.data === 'from node B'), `the owning node reaches the viewer: ${JSON.stringify(received)}`);
    assert.ok(!received.some((f) => f.data === 'forged by node A'), 'node A could not write into the session');
    assert.equal(viewer.readyState, WebSocket.OPEN, "node A could not close node B's session");
    viewer.close();
  });
});
