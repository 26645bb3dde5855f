import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { agentArgs, spawnAgent, type SpawnedAgent } from '../support/agent.ts';
import { api, assertData, assertError, assertNoContent, freePort, tempDir, type Json } from '../support/controller.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { ensureOpenttdImage } from '../support/images.ts';
import { issueNodeToken, registerNode, waitForNodeStatus } from '../support/nodes.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Ports and networking as an admin meets them, with a real controller, real agents and the real
 * Docker engine: allocations per node (a held port refused with its holder named, automatic
 * ports distinct and free), the modes the engine offers as the agent reports them, a node set
 * up in a way its engine cannot serve refused up front, and a real game (OpenTTD) reachable on
 * loopback exactly while it runs and only on the node's bind address. Traffic stays on 127/8.
 */

const skip = await dockerSkipReason();

/** OpenTTD listening where the node says: SERVER_IP is the node's bind address with host networking. */
const BOUND_OPENTTD = { ...OPENTTD_BLUEPRINT, id: 'openttd-bound', name: 'OpenTTD (bound)', startup: 'openttd -D {{SERVER_IP}}:{{SERVER_PORT}} -x' };

/** A real TCP client: true when something accepts a connection at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function engineModes(): Promise<{ host: boolean; bridge: boolean }> {
  const networks = await docker.listNetworks();
  return {
    host: networks.some((n) => n.Name === 'host' && n.Driver === 'host'),
    bridge: networks.some((n) => n.Name === 'bridge' && n.Driver === 'bridge'),
  };
}

describe('ports and networking on real Docker', { skip }, () => {
  let stack: Stack;
  const extraAgents: SpawnedAgent[] = [];

  before(async () => {
    await ensureOpenttdImage(docker);
    stack = await Stack.start({ label: 'e2e-ports', blueprints: [BOUND_OPENTTD] });
  });

  after(async () => {
    await Promise.all(extraAgents.map((a) => a.kill('SIGKILL')));
    await stack?.close();
  });

  const patchNode = (nodeId: string, body: Record<string, unknown>) => api(stack.url, `/nodes/${nodeId}`, { token: stack.admin.token, method: 'PATCH', body });

  test('the node detail shows the modes its engine offers, its bind address, ranges and what it exposes', async () => {
    const node = (await api(stack.url, `/nodes/${stack.node.id}`, { token: stack.admin.token })).body.data;
    assert.deepEqual(node.networkModes, await engineModes(), 'what the agent reported is what the engine has');
    assert.equal(node.bindAddress, '0.0.0.0');
    assert.deepEqual(node.portRanges, [{ start: 25565, end: 25665 }, { start: 27015, end: 27115 }]);
    assert.match(node.exposure, /every interface/);
    assert.equal(node.networkProblem, null);
  });

  test('two servers asking for the same port: the second is refused with the port and its holder named', async () => {
    const port = await freePort();
    const first = await stack.createServer({ name: 'first', blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256, ports: [{ port, protocol: 'tcp' }] });
    const res = await api(stack.url, '/servers', {
      token: stack.admin.token,
      body: { name: 'second', nodeId: stack.node.id, blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256, ports: [{ port, protocol: 'tcp' }] },
    });
    assertError(res, 409, 'PORT_IN_USE');
    assert.ok(res.body.error.message.includes(`${port}/tcp`), res.body.error.message);
    assert.ok(res.body.error.message.includes('first'), res.body.error.message);
    assert.equal(res.body.error.details.port, port);
    assert.equal(res.body.error.details.serverId, first.id);
    const list = (await api(stack.url, '/servers', { token: stack.admin.token })).body.data as Json[];
    assert.deepEqual(list.map((s) => s.name), ['first'], 'the refused server left no record');
    await stack.waitForStatus(first.id, 'stopped', 30_000);
    assertNoContent(await api(stack.url, `/servers/${first.id}`, { token: stack.admin.token, method: 'DELETE' }));
  });

  test('automatic allocation gives distinct free ports that real clients reach while the games run, and only then', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const ranges = [{ start: a, end: a }, { start: b, end: b }];
    assertData(await patchNode(stack.node.id, { bindAddress: '127.0.0.1', portRanges: ranges }));

    const one = await stack.createServer({ name: 'auto one', blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256 });
    const two = await stack.createServer({ name: 'auto two', blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256 });
    const ports = [one.ports[0].port, two.ports[0].port];
    assert.deepEqual([...ports].sort(), [a, b].sort(), 'each server got one of the free ports of the ranges');
    assert.notEqual(ports[0], ports[1]);
    // The ranges are full now: a third is refused, saying so.
    const third = await api(stack.url, '/servers', { token: stack.admin.token, body: { name: 'auto three', nodeId: stack.node.id, blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256 } });
    assertError(third, 409, 'NO_FREE_PORTS');

    for (const server of [one, two]) await stack.waitForStatus(server.id, 'stopped', 30_000);
    for (const port of ports) assert.equal(await accepts('127.0.0.1', port), false, `nothing listens on ${port} before start`);
    for (const server of [one, two]) assertData(await stack.power(server.id, 'start'));
    for (const server of [one, two]) await stack.waitForStatus(server.id, 'running', 60_000);
    for (const port of ports) assert.equal(await accepts('127.0.0.1', port), true, `the game accepts a client on 127.0.0.1:${port}`);
    const info = await stack.inspect(one.id);
    assert.ok(info?.Config.Env?.includes('SERVER_IP=127.0.0.1'), 'the game was told the bind address');

    for (const server of [one, two]) assertData(await stack.power(server.id, 'stop'));
    for (const server of [one, two]) await stack.waitForStatus(server.id, 'stopped', 30_000);
    for (const port of ports) assert.equal(await accepts('127.0.0.1', port), false, `nothing listens on ${port} after stop`);

    // While stopped the ports can change, and a held one is refused.
    const moved = await api(stack.url, `/servers/${one.id}`, { token: stack.admin.token, method: 'PATCH', body: { ports: [{ port: ports[1], protocol: 'tcp' }] } });
    assertError(moved, 409, 'PORT_IN_USE');
    for (const server of [one, two]) assertNoContent(await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'DELETE' }));
  });

  test('a game bound to another loopback address is reachable there and not on 127.0.0.1', async () => {
    const port = await freePort();
    assertData(await patchNode(stack.node.id, { bindAddress: '127.0.0.2' }));
    const server = await stack.createServer({ name: 'bound', blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256, ports: [{ port, protocol: 'tcp' }] });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    assertData(await stack.power(server.id, 'start'));
    await stack.waitForStatus(server.id, 'running', 60_000);
    await waitFor(() => accepts('127.0.0.2', port), { timeoutMs: 10_000, message: `127.0.0.2:${port} accepts` });
    assert.equal(await accepts('127.0.0.1', port), false, 'not on the other address');
    // Ports do not move under a running game.
    const refused = await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'PATCH', body: { ports: [{ port: await freePort(), protocol: 'tcp' }] } });
    assertError(refused, 409, 'INVALID_STATE');
    assertData(await stack.power(server.id, 'kill'));
    await waitFor(async () => ['stopped', 'crashed'].includes((await stack.getServer(server.id)).status), { timeoutMs: 20_000, message: 'killed' });
    assertData(await patchNode(stack.node.id, { bindAddress: '0.0.0.0' }));
  });

  test("a node whose networking its engine cannot serve says why, and servers there are refused before they start", async () => {
    const modes = await engineModes();
    // The mode the engine lacks, if any; with both, the honest answer is that servers are accepted.
    const hostNetwork = !modes.bridge ? false : !modes.host ? true : null;
    const node = await registerNode(stack.url, stack.admin.token, {
      name: 'e2e-ports-second', host: '127.0.0.1', consolePort: await freePort(), memory: 2048, disk: 4096, cpu: 200, hostNetwork: hostNetwork ?? false,
    });
    const token = await issueNodeToken(stack.url, stack.admin.token, node.id);
    const agent = spawnAgent([...agentArgs({ controller: stack.url, token, data: await tempDir('e2e-ports-agent2') }), '--console-port', String(node.consolePort)]);
    extraAgents.push(agent);
    const online = await waitForNodeStatus(stack.url, stack.admin.token, node.id, 'online', 20_000);
    assert.deepEqual(online.networkModes, modes);

    const body = { name: 'unreachable', nodeId: node.id, blueprintId: BOUND_OPENTTD.id, memory: 256, cpu: 50, disk: 256 };
    const res = await api(stack.url, '/servers', { token: stack.admin.token, body });
    if (hostNetwork === null) {
      assertData(res, 201);
      stack.serverIds.add(res.body.data.id);
      return;
    }
    assert.match(online.networkProblem, hostNetwork ? /no host network/ : /bridge/);
    assertError(res, 409, 'NETWORK_UNAVAILABLE');
    assert.equal(res.body.error.message, online.networkProblem);
    // The working node cannot be switched into the mode its engine lacks either.
    assertError(await patchNode(stack.node.id, { hostNetwork }), 409, 'NETWORK_UNAVAILABLE');
  });
});
