import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AGENT_VERSION } from '../../../agent/version.ts';
import { hashSecret } from '../../../controller/security/secrets.ts';
import { dialAgentLink } from '../../support/agent-link.ts';
import { agentArgs, spawnAgent, type SpawnedAgent } from '../../support/agent.ts';
import {
  api,
  assertData,
  assertError,
  assertNoContent,
  assertValidation,
  createUser,
  freePort,
  signUpAdmin,
  tempDir,
  type Account,
  type Json,
  type SpawnedController,
} from '../../support/controller.ts';
import { getNode, issueNodeToken, NODE_BODY, registerNode, spawnNodeController, waitForNodeStatus } from '../../support/nodes.ts';
import { dockerSkipReason } from '../../support/requirements.ts';
import { holdsFor, waitFor } from '../../support/wait.ts';

/**
 * The node lifecycle with a real controller process and real agent processes over real
 * sockets on 127.0.0.1: register, token, online with host stats, agent death, controller
 * restart, token rotation, deletion. Heartbeats every second keep the liveness checks quick.
 * The tests run in order and share one controller, like an admin's afternoon.
 */

const HEARTBEAT_S = 1;
/** The controller drops a link after 3 missed heartbeats; allow start-up slack on a busy machine. */
const LIVENESS_WINDOW_MS = 3 * HEARTBEAT_S * 1000 + 2000;
const NODE_B = { name: 'node-b', host: 'node-b.example.com', consolePort: 5001, memory: 2048, disk: 10240, cpu: 200 };

const dockerMissing = await dockerSkipReason();

describe('nodes and the agent link, with real processes', () => {
  const dirs: string[] = [];
  const agents: SpawnedAgent[] = [];
  let controller: SpawnedController;
  let port: number;
  let data: string;
  let admin: Account;
  let user: Account;
  let nodeA: Json;
  let nodeB: Json;
  let token: string;
  let agent: SpawnedAgent;
  let agentData: string;
  let lastSampleBeforeKill = '';

  const base = () => controller.url;
  const dir = async (label: string) => {
    const d = await tempDir(label);
    dirs.push(d);
    return d;
  };
  const startAgent = (nodeToken: string, dataDir = agentData) => {
    const spawned = spawnAgent(agentArgs({ controller: base(), token: nodeToken, data: dataDir }));
    agents.push(spawned);
    return spawned;
  };
  const stats = async (nodeId: string) => {
    const res = await api(base(), `/nodes/${nodeId}/stats`, { token: admin.token });
    assertData(res);
    return res.body.data;
  };
  const nodeCounts = async () => {
    const res = await api(base(), '/admin/stats', { token: admin.token });
    assertData(res);
    return res.body.data.nodes;
  };
  const countMatches = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern.source, 'g')) ?? []).length;

  before(async () => {
    data = await dir('nodes-ctl');
    agentData = await dir('nodes-agent');
    port = await freePort();
    controller = await spawnNodeController({ data, port, heartbeatSeconds: HEARTBEAT_S });
    admin = await signUpAdmin(base());
    user = await createUser(base(), admin.token);
  });

  after(async () => {
    await Promise.all(agents.map((a) => a.kill('SIGKILL')));
    await controller?.stop('SIGKILL');
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('POST /nodes registers a pending node: node_ id, capacity echoed, consolePort 5000 by default', async () => {
    const res = await api(base(), '/nodes', { token: admin.token, body: NODE_BODY });
    assertData(res, 201);
    nodeA = res.body.data;
    assert.match(nodeA.id, /^node_[A-Za-z0-9]+$/);
    assert.equal(nodeA.status, 'pending');
    assert.equal(nodeA.name, NODE_BODY.name);
    assert.equal(nodeA.host, NODE_BODY.host);
    assert.equal(nodeA.consolePort, 5000);
    assert.deepEqual(nodeA.capacity, { memory: NODE_BODY.memory, disk: NODE_BODY.disk, cpu: NODE_BODY.cpu });
    assert.deepEqual(nodeA.allocated, { memory: 0, disk: 0, cpu: 0 });
    assert.equal(nodeA.servers, 0);
    assert.equal(nodeA.hasToken, false);
    assert.equal(nodeA.local, false);
    assert.equal(nodeA.lastSeenAt, null);
    assert.equal(nodeA.agentVersion, null);

    nodeB = await registerNode(base(), admin.token, NODE_B);
    assert.equal(nodeB.consolePort, 5001);
    assert.notEqual(nodeB.id, nodeA.id);

    const list = await api(base(), '/nodes', { token: admin.token });
    assertData(list, 200, true);
    assert.deepEqual(list.body.data.map((n: Json) => n.id).sort(), [nodeA.id, nodeB.id].sort());
    assert.deepEqual(list.body.meta, { total: 2, page: 1, limit: 20 });
  });

  test('POST /nodes with a bad body is a 422 that names each bad field; bad JSON is a 400', async () => {
    const bad = await api(base(), '/nodes', {
      token: admin.token,
      body: { name: '', host: 'not a host!', consolePort: 70000, memory: 0, disk: 'lots', cpu: 12.5 },
    });
    assertValidation(bad, ['name', 'host', 'consolePort', 'memory', 'disk', 'cpu']);

    const empty = await api(base(), '/nodes', { token: admin.token, body: {} });
    assertValidation(empty, ['name', 'host', 'memory', 'disk', 'cpu']);

    const extra = await api(base(), '/nodes', { token: admin.token, body: { ...NODE_BODY, tokenHash: 'x' } });
    assertError(extra, 422, 'VALIDATION_ERROR');

    const malformed = await api(base(), '/nodes', { token: admin.token, body: '{"name":', headers: { 'content-type': 'application/json' } });
    assertError(malformed, 400, 'INVALID_JSON');

    const list = await api(base(), '/nodes', { token: admin.token });
    assert.equal(list.body.meta.total, 2, 'no node was created by a refused body');
  });

  test('POST /admin/nodes/:id/token shows a strk_node_ token once, with the command; no other response shows it or its hash', async () => {
    const res = await api(base(), `/admin/nodes/${nodeA.id}/token`, { token: admin.token, method: 'POST' });
    assertData(res, 201);
    const result = res.body.data;
    token = result.token;
    assert.match(token, /^strk_node_[A-Za-z0-9]{20,}$/);
    assert.equal(result.nodeId, nodeA.id);
    assert.ok(result.command.includes(token), `command has the token: ${result.command}`);
    assert.ok(result.command.includes(base()), `command has the controller URL ${base()}: ${result.command}`);
    assert.ok(Math.abs(Date.parse(result.issuedAt) - Date.now()) < 60_000, 'issuedAt is now');

    const hash = hashSecret(token);
    for (const path of ['/nodes', `/nodes/${nodeA.id}`, `/nodes/${nodeA.id}/stats`, '/admin/stats']) {
      const seen = await api(base(), path, { token: admin.token });
      assert.equal(seen.status, 200, `${path}: ${seen.text}`);
      assert.ok(!seen.text.includes(token), `${path} does not show the token`);
      assert.ok(!seen.text.includes(hash), `${path} does not show the token's hash`);
      assert.ok(!seen.text.includes('tokenHash'), `${path} has no tokenHash field`);
      assert.ok(!seen.text.includes('strk_node_'), `${path} shows no node token at all`);
    }
    assert.equal((await getNode(base(), admin.token, nodeA.id)).hasToken, true);
    assert.equal((await getNode(base(), admin.token, nodeA.id)).status, 'pending', 'a token alone does not make a node online');

    const unknown = await api(base(), '/admin/nodes/node_doesnotexist/token', { token: admin.token, method: 'POST' });
    assertError(unknown, 404, 'NOT_FOUND');
  });

  test('an agent process comes online with its version, Docker status and real host stats', async () => {
    agent = startAgent(token);
    const online = await waitForNodeStatus(base(), admin.token, nodeA.id, 'online');
    assert.equal(online.agentVersion, AGENT_VERSION);
    assert.ok(Date.now() - Date.parse(online.lastSeenAt) < 10_000, `lastSeenAt ${online.lastSeenAt} is recent`);
    if (dockerMissing) {
      assert.equal(online.docker.available, false);
      assert.equal(typeof online.docker.reason, 'string', 'a reason why Docker is unavailable');
    } else {
      assert.equal(online.docker.available, true, JSON.stringify(online.docker));
      assert.match(online.docker.version, /^\d+\.\d+/);
      assert.equal(online.docker.reason, null);
    }

    const live = await waitFor(async () => {
      const s = await stats(nodeA.id);
      return s.online && s.metrics ? s : undefined;
    }, { message: 'a host sample' });
    assert.equal(live.nodeId, nodeA.id);
    const m = live.metrics;
    assert.ok(m.memory.total > 0 && m.memory.used > 0 && m.memory.used <= m.memory.total, JSON.stringify(m.memory));
    assert.ok(m.disk.total > 0 && m.disk.used >= 0 && m.disk.used <= m.disk.total, JSON.stringify(m.disk));
    assert.ok(m.uptime > 0, `uptime ${m.uptime}`);
    assert.ok(m.cpu >= 0 && m.cpu <= 100, `cpu ${m.cpu}`);
    assert.ok(Number.isInteger(m.containers.running) && m.containers.running <= m.containers.total);
    assert.ok(m.network.rx >= 0 && m.network.tx >= 0);
    const age = Date.now() - Date.parse(live.sampledAt);
    assert.ok(age >= 0 && age < 5000, `sampledAt ${live.sampledAt} is recent`);

    // Heartbeats keep coming: the sample is refreshed within a couple of intervals.
    await waitFor(async () => (await stats(nodeA.id)).sampledAt > live.sampledAt, { timeoutMs: 5000, message: 'a newer sample' });

    await agent.waitForLog(new RegExp(`connected to ${base().replace(/[.:/]/g, '\\$&')} as node ${nodeA.id}`));
    assert.ok(!agent.logs().includes(token), 'the agent never prints its token');
    assert.equal((await getNode(base(), admin.token, nodeB.id)).status, 'pending', 'the other node is untouched');
  });

  test('GET /admin/stats counts nodes online, offline and pending, and the total capacity', async () => {
    const res = await api(base(), '/admin/stats', { token: admin.token });
    assertData(res);
    const s = res.body.data;
    assert.deepEqual(s.nodes, { total: 2, online: 1, offline: 0, pending: 1 });
    assert.equal(s.resources.memory.total, NODE_BODY.memory + NODE_B.memory);
    assert.equal(s.resources.disk.total, NODE_BODY.disk + NODE_B.disk);
    assert.equal(s.resources.cpu.total, NODE_BODY.cpu + NODE_B.cpu);
    assert.equal(s.resources.memory.allocated, 0);
  });

  test('a killed agent (SIGKILL) is offline within the heartbeat window; /stats keeps its last sample', async () => {
    const before = await stats(nodeA.id);
    assert.equal(before.online, true);
    await agent.kill('SIGKILL');
    const killedAt = Date.now();
    await waitForNodeStatus(base(), admin.token, nodeA.id, 'offline', LIVENESS_WINDOW_MS);
    const offlineAt = Date.now();
    const tookMs = offlineAt - killedAt;
    assert.ok(tookMs < LIVENESS_WINDOW_MS, `offline after ${tookMs} ms`);

    const offline = await stats(nodeA.id);
    lastSampleBeforeKill = offline.sampledAt;
    assert.equal(offline.online, false);
    assert.ok(offline.metrics, 'the last sample is still there');
    assert.ok(offline.metrics.memory.total > 0);
    assert.ok(offline.sampledAt >= before.sampledAt, 'the last sample is the newest one received');
    // A heartbeat in flight at the kill may land just after it, never after the node went offline.
    assert.ok(Date.parse(offline.sampledAt) <= offlineAt, `sampledAt ${offline.sampledAt} is from before the node went offline`);

    const node = await getNode(base(), admin.token, nodeA.id);
    assert.ok(node.lastSeenAt, 'last seen is kept');
    assert.ok(Date.parse(node.lastSeenAt) <= offlineAt);
    assert.deepEqual(await nodeCounts(), { total: 2, online: 0, offline: 1, pending: 1 });

    // Nothing arrives for a dead node: the sample stays as it was.
    await holdsFor(async () => {
      const s = await stats(nodeA.id);
      return s.online === false && s.sampledAt === offline.sampledAt;
    }, 1500, 'the offline sample stays put');
  });

  test('the agent started again brings the node back online', async () => {
    agent = startAgent(token);
    await waitForNodeStatus(base(), admin.token, nodeA.id, 'online');
    // Until its first heartbeat lands, /stats may still show the sample from before the kill.
    const s = await waitFor(async () => {
      const current = await stats(nodeA.id);
      return current.online && current.sampledAt > lastSampleBeforeKill ? current : undefined;
    }, { timeoutMs: 5000, message: 'stats online with a sample from the new agent' });
    assert.ok(Date.now() - Date.parse(s.sampledAt) < 5000, 'a fresh sample');
    assert.deepEqual(await nodeCounts(), { total: 2, online: 1, offline: 0, pending: 1 });
  });

  test('a frozen agent (SIGSTOP: socket open, no heartbeats) is dropped after missed heartbeats; thawed, it reconnects by itself', async () => {
    agent.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    try {
      // 3 missed heartbeats, one liveness tick, the 2 s close handshake the controller allows, and slack for a busy machine.
      const window = 3 * HEARTBEAT_S * 1000 + HEARTBEAT_S * 1000 + 2000 + 4000;
      await waitForNodeStatus(base(), admin.token, nodeA.id, 'offline', window);
      assert.ok(Date.now() - frozenAt >= 3 * HEARTBEAT_S * 1000 - 500, 'not dropped before the heartbeats were actually missed');
    } finally {
      agent.child.kill('SIGCONT');
    }
    await waitForNodeStatus(base(), admin.token, nodeA.id, 'online', 15_000);
    await agent.waitForLog(/(connected to \S+ as node [^]*){2}/);
  });

  test('after a controller restart (same port and data) the agent reconnects by itself', async () => {
    const connectedLine = /connected to \S+ as node /;
    const connectionsBefore = countMatches(agent.logs(), connectedLine);
    const exit = await controller.stop('SIGTERM');
    assert.equal(exit.code, 0, `controller exited cleanly: ${controller.stderr()}`);
    // The agent notices and keeps trying on its own.
    assert.ok(agent.alive(), 'the agent survives the controller going away');

    controller = await spawnNodeController({ data, port, heartbeatSeconds: HEARTBEAT_S });
    assert.equal(base(), `http://127.0.0.1:${port}`);
    const node = await waitForNodeStatus(base(), admin.token, nodeA.id, 'online', 20_000);
    assert.equal(node.agentVersion, AGENT_VERSION);
    await agent.waitForLog(new RegExp(`(${connectedLine.source}[^]*){${connectionsBefore + 1}}`));
    assert.equal(countMatches(agent.logs(), connectedLine), connectionsBefore + 1, 'one reconnection, by the same agent process');
    await waitFor(async () => (await stats(nodeA.id)).online, { message: 'stats online after the restart' });
  });

  test('a new token cuts the old agent off at once and keeps it off; an agent with the new token (config file) comes online', async () => {
    const oldAgent = agent;
    const oldToken = token;
    const connectedLine = /connected to \S+ as node /g;
    const connections = countMatches(oldAgent.logs(), connectedLine);

    token = await issueNodeToken(base(), admin.token, nodeA.id);
    assert.notEqual(token, oldToken);
    await waitForNodeStatus(base(), admin.token, nodeA.id, 'offline', 5000);
    await oldAgent.waitForLog(/token was revoked|refused the node token/);

    // Several heartbeat intervals later it is still off, and it never got back in.
    await holdsFor(async () => (await getNode(base(), admin.token, nodeA.id)).status === 'offline', 3 * HEARTBEAT_S * 1000 + 500, 'the node stays offline');
    assert.equal(countMatches(oldAgent.logs(), connectedLine), connections, 'the old agent did not reconnect');
    assert.ok(oldAgent.alive(), 'the old agent keeps running (and waiting) rather than crashing');

    // The old token is dead at the door too.
    const dialed = await dialAgentLink(base(), oldToken);
    assert.equal(dialed.kind, 'refused');
    if (dialed.kind === 'refused') assertError(dialed.response, 401, 'UNAUTHORIZED');
    await oldAgent.kill('SIGKILL');

    // The new agent reads its controller and token from a config file.
    const configFile = join(await dir('agent-config'), 'agent.json');
    await writeFile(configFile, JSON.stringify({ controller: base(), token, consolePort: 0, consoleHost: '127.0.0.1', data: agentData }), { mode: 0o600 });
    agent = spawnAgent(['--config', configFile]);
    agents.push(agent);
    await waitForNodeStatus(base(), admin.token, nodeA.id, 'online');
    await agent.waitForLog(new RegExp(`as node ${nodeA.id}`));
    const seen = await api(base(), `/nodes/${nodeA.id}`, { token: admin.token });
    assert.ok(!seen.text.includes(token) && !seen.text.includes(hashSecret(token)), 'the new token is not shown either');
  });

  test('every node endpoint refuses a non-admin (403) and an anonymous caller (401), and changes nothing', async () => {
    const routes: { method: string; path: string; body?: unknown }[] = [
      { method: 'POST', path: '/nodes', body: { ...NODE_BODY, name: 'sneaky' } },
      { method: 'GET', path: '/nodes' },
      { method: 'GET', path: `/nodes/${nodeA.id}` },
      { method: 'PATCH', path: `/nodes/${nodeB.id}`, body: { name: 'renamed-by-a-user' } },
      { method: 'DELETE', path: `/nodes/${nodeB.id}` },
      { method: 'GET', path: `/nodes/${nodeA.id}/stats` },
      { method: 'POST', path: `/admin/nodes/${nodeA.id}/token` },
    ];
    for (const route of routes) {
      const label = `${route.method} ${route.path}`;
      const asUser = await api(base(), route.path, { method: route.method, token: user.token, body: route.body });
      assert.equal(asUser.status, 403, `${label} as a plain user: ${asUser.text}`);
      assertError(asUser, 403, 'FORBIDDEN');
      const anonymous = await api(base(), route.path, { method: route.method, body: route.body });
      assert.equal(anonymous.status, 401, `${label} anonymously: ${anonymous.text}`);
      assertError(anonymous, 401, 'UNAUTHORIZED');
      // A node token is a credential for the agent link only, never for the API.
      const asNode = await api(base(), route.path, { method: route.method, token, body: route.body });
      assertError(asNode, 401, 'UNAUTHORIZED');
    }
    const list = await api(base(), '/nodes', { token: admin.token });
    assert.deepEqual(list.body.data.map((n: Json) => n.id).sort(), [nodeA.id, nodeB.id].sort(), 'no node created or deleted');
    assert.equal((await getNode(base(), admin.token, nodeB.id)).name, NODE_B.name, 'no node renamed');
    assert.equal((await getNode(base(), admin.token, nodeA.id)).status, 'online', 'the token was not rotated under the agent');
  });

  test('DELETE /nodes/:id while a server lives on it is a 409 that changes nothing', async () => {
    // Node B has no agent: the server record stands and waits for it, no container is made.
    const created = await api(base(), '/servers', {
      token: admin.token,
      body: { name: 'blocker', nodeId: nodeB.id, blueprintId: 'openttd', memory: 512, cpu: 100, disk: 1024 },
    });
    assertData(created, 201);
    const serverId = created.body.data.id;
    const withServer = await getNode(base(), admin.token, nodeB.id);
    assert.equal(withServer.servers, 1);
    assert.deepEqual(withServer.allocated, { memory: 512, disk: 1024, cpu: 100 });

    const refused = await api(base(), `/nodes/${nodeB.id}`, { token: admin.token, method: 'DELETE' });
    assertError(refused, 409, 'NODE_HAS_SERVERS');
    assert.deepEqual(await getNode(base(), admin.token, nodeB.id), withServer, 'the node is untouched');

    // The node is gone for good in this story: force the record away, then the node can go.
    assertNoContent(await api(base(), `/servers/${serverId}?force=true`, { token: admin.token, method: 'DELETE' }));
    assert.equal((await getNode(base(), admin.token, nodeB.id)).servers, 0);
  });

  test('DELETE /nodes/:id is a 204 that cuts the agent off for good; unknown ids are 404', async () => {
    const res = await api(base(), `/nodes/${nodeA.id}`, { token: admin.token, method: 'DELETE' });
    assertNoContent(res);
    assertError(await api(base(), `/nodes/${nodeA.id}`, { token: admin.token }), 404, 'NOT_FOUND');
    assertError(await api(base(), `/nodes/${nodeA.id}/stats`, { token: admin.token }), 404, 'NOT_FOUND');
    await agent.waitForLog(/node was deleted/);

    // Its token went with it: the door refuses it, and the agent does not come back.
    const dialed = await dialAgentLink(base(), token);
    assert.equal(dialed.kind, 'refused');
    if (dialed.kind === 'refused') assertError(dialed.response, 401, 'UNAUTHORIZED');
    await holdsFor(async () => {
      const list = await api(base(), '/nodes', { token: admin.token });
      return list.body.data.every((n: Json) => n.id !== nodeA.id);
    }, 2000, 'the deleted node stays gone');
    assert.equal(countMatches(agent.logs(), /connected to \S+ as node /g), 1, 'the agent did not get back in');
    assert.deepEqual(await nodeCounts(), { total: 1, online: 0, offline: 0, pending: 1 });

    assertError(await api(base(), `/nodes/${nodeA.id}`, { token: admin.token, method: 'DELETE' }), 404, 'NOT_FOUND');
    assertError(await api(base(), '/nodes/node_doesnotexist', { token: admin.token, method: 'DELETE' }), 404, 'NOT_FOUND');
    assertError(await api(base(), '/nodes/node_doesnotexist', { token: admin.token }), 404, 'NOT_FOUND');

    // A node that never had an agent deletes the same way.
    assertNoContent(await api(base(), `/nodes/${nodeB.id}`, { token: admin.token, method: 'DELETE' }));
    assert.deepEqual(await nodeCounts(), { total: 0, online: 0, offline: 0, pending: 0 });
  });
});
