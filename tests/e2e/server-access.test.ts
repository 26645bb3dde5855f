import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConsoleClient } from '../support/console-client.ts';
import { api, assertData, assertError, assertNoContent, createUser, type Account, type Json } from '../support/controller.ts';
import { docker, ECHO_BLUEPRINT, NODE_CAPACITY, Stack } from '../support/game-stack.ts';
import { ensureBusyboxImage } from '../support/images.ts';
import { waitForNodeStatus } from '../support/nodes.ts';
import { dockerSkipReason } from '../support/requirements.ts';

/**
 * Who may do what to a server, and the errors the servers API gives, with real processes and
 * real containers: another user's server does not exist for them (404 everywhere, the same as
 * an unknown id), creating is admin-only, an owner sees and powers their own server; unknown
 * node or blueprint, capacity, the seed's own cURL body with an image that cannot be pulled
 * here, a node with servers, and a node that is offline.
 */

const skip = await dockerSkipReason();

const ECHO = { blueprintId: ECHO_BLUEPRINT.id, memory: 64, cpu: 50, disk: 64 };

describe('server access and API errors', { skip }, () => {
  let stack: Stack;
  let stranger: Account;
  let owner: Account;
  let adminServer: Json;
  let ownedServer: Json;
  const clients: ConsoleClient[] = [];

  before(async () => {
    await ensureBusyboxImage(docker);
    stack = await Stack.start({ label: 'e2e-access', blueprints: [ECHO_BLUEPRINT] });
    stranger = await createUser(stack.url, stack.admin.token);
    owner = await createUser(stack.url, stack.admin.token);
    adminServer = await stack.createServer({ name: 'admin’s', ...ECHO });
    ownedServer = await stack.createServer({ name: 'owned', ownerId: owner.id, ...ECHO });
    assert.equal(ownedServer.ownerId, owner.id);
    await stack.waitForStatus(adminServer.id, 'stopped');
    await stack.waitForStatus(ownedServer.id, 'stopped');
  });

  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  test('another user cannot see or touch a server: 404 like an unknown id, on every route', async () => {
    const unknown = await api(stack.url, '/servers/srv_doesnotexist0000', { token: stranger.token });
    assertError(unknown, 404, 'NOT_FOUND');
    for (const server of [adminServer, ownedServer]) {
      const base = `/servers/${server.id}`;
      const attempts = [
        await api(stack.url, base, { token: stranger.token }),
        await api(stack.url, base, { token: stranger.token, method: 'PATCH', body: { name: 'mine now' } }),
        await api(stack.url, base, { token: stranger.token, method: 'DELETE' }),
        ...(await Promise.all(['start', 'stop', 'restart', 'kill'].map((a) => api(stack.url, `${base}/${a}`, { token: stranger.token, method: 'POST' })))),
        await api(stack.url, `${base}/console-token`, { token: stranger.token }),
      ];
      for (const res of attempts) {
        assertError(res, 404, 'NOT_FOUND');
        assert.deepEqual(res.body, unknown.body, 'nothing tells it apart from an id that does not exist');
      }
    }
    const list = await api(stack.url, '/servers', { token: stranger.token });
    assertData(list, 200, true);
    assert.deepEqual(list.body.data, []);
    assert.equal(list.body.meta.total, 0);
    // Nothing happened to them.
    for (const server of [adminServer, ownedServer]) {
      const seen = await stack.getServer(server.id);
      assert.equal(seen.status, 'stopped');
      assert.equal(seen.name, server.name);
    }
  });

  test('POST /servers is admin-only: 403 for a user, even for themselves', async () => {
    const res = await api(stack.url, '/servers', { token: stranger.token, body: { name: 'mine', nodeId: stack.node.id, ownerId: stranger.id, ...ECHO } });
    assertError(res, 403, 'FORBIDDEN');
    const all = await api(stack.url, '/servers', { token: stack.admin.token });
    assert.equal(all.body.meta.total, 2);
  });

  test('the owner sees their server (only theirs), powers it and uses its console; admin-only changes stay admin-only', async () => {
    const list = await api(stack.url, '/servers', { token: owner.token });
    assertData(list, 200, true);
    assert.deepEqual(list.body.data.map((s: Json) => s.id), [ownedServer.id]);
    assertError(await api(stack.url, `/servers/${adminServer.id}`, { token: owner.token }), 404, 'NOT_FOUND');

    const start = await stack.power(ownedServer.id, 'start', owner.token);
    assertData(start);
    assert.equal(start.body.data.serverId, ownedServer.id);
    assert.ok(['starting', 'running'].includes(start.body.data.status), start.text);
    await stack.waitForStatus(ownedServer.id, 'running');

    const token = await stack.consoleToken(ownedServer.id, owner.token);
    const claims = JSON.parse(Buffer.from(token.consoleToken.slice('strk_console_'.length).split('.')[0], 'base64url').toString()) as Json;
    assert.equal(claims.sub, owner.id, 'the token is scoped to the owner');
    assert.equal(claims.srv, ownedServer.id);
    const client = await ConsoleClient.open(token.relayUrl, token.consoleToken);
    clients.push(client);
    client.command('from the owner');
    await client.waitForLine('got: from the owner');
    client.close();

    const renamed = await api(stack.url, `/servers/${ownedServer.id}`, { token: owner.token, method: 'PATCH', body: { name: 'renamed by owner' } });
    assertData(renamed);
    assert.equal(renamed.body.data.name, 'renamed by owner');
    assertError(await api(stack.url, `/servers/${ownedServer.id}`, { token: owner.token, method: 'PATCH', body: { memory: 4096 } }), 403, 'FORBIDDEN');
    assertError(await api(stack.url, `/servers/${ownedServer.id}`, { token: owner.token, method: 'DELETE' }), 403, 'FORBIDDEN');

    const stop = await stack.power(ownedServer.id, 'stop', owner.token);
    assertData(stop);
    assert.ok(['stopping', 'stopped'].includes(stop.body.data.status), stop.text);
    await stack.waitForStatus(ownedServer.id, 'stopped');
  });

  test('start while running is a 409 INVALID_STATE; stop while stopped too', async () => {
    assert.equal((await stack.power(adminServer.id, 'start')).status, 200);
    await stack.waitForStatus(adminServer.id, 'running');
    const again = await stack.power(adminServer.id, 'start');
    assertError(again, 409, 'INVALID_STATE');
    assert.match(again.body.error.message, /running/);
    assert.equal((await stack.power(adminServer.id, 'kill')).status, 200);
    await stack.waitForStatus(adminServer.id, 'stopped');
    assertError(await stack.power(adminServer.id, 'stop'), 409, 'INVALID_STATE');
  });

  test('POST /servers with an unknown node or blueprint is a 422 naming each field', async () => {
    const res = await api(stack.url, '/servers', { token: stack.admin.token, body: { name: 'x', nodeId: 'node_nope', blueprintId: 'no-such-game', memory: 64, cpu: 50, disk: 64 } });
    assertError(res, 422, 'VALIDATION_ERROR');
    assert.deepEqual(Object.keys(res.body.error.details).sort(), ['blueprintId', 'nodeId']);
    const bad = await api(stack.url, '/servers', { token: stack.admin.token, body: { name: '', nodeId: stack.node.id, blueprintId: ECHO_BLUEPRINT.id, memory: 'lots', cpu: 0, disk: -1 } });
    assertError(bad, 422, 'VALIDATION_ERROR');
    assert.deepEqual(Object.keys(bad.body.error.details).sort(), ['cpu', 'disk', 'memory', 'name']);
  });

  test('exceeding the node’s capacity is a 409 INSUFFICIENT_CAPACITY that says what is short', async () => {
    const used = 2 * ECHO.memory;
    const res = await api(stack.url, '/servers', { token: stack.admin.token, body: { name: 'too big', nodeId: stack.node.id, ...ECHO, memory: NODE_CAPACITY.memory - used + 1 } });
    assertError(res, 409, 'INSUFFICIENT_CAPACITY');
    assert.deepEqual(Object.keys(res.body.error.details), ['memory']);
    assert.match(res.body.error.details.memory, new RegExp(`${NODE_CAPACITY.memory - used} free`));
    // Exactly what is left still fits.
    const fits = await stack.createServer({ name: 'fits', ...ECHO, memory: NODE_CAPACITY.memory - used });
    assertNoContent(await api(stack.url, `/servers/${fits.id}`, { token: stack.admin.token, method: 'DELETE' }));
  });

  test('the seed’s cURL body creates a server at once; the image it cannot pull here is a clear error naming the image', async () => {
    // No registry is reachable, and a pull of ghcr.io would make dockerd ask the machine's DNS
    // resolver (not loopback). The admin points minecraft-java at a registry on a closed loopback
    // port instead: the pull fails the same way, and all traffic stays on 127.0.0.1.
    const builtin = await api(stack.url, '/blueprints/minecraft-java', { token: stack.admin.token });
    assertData(builtin, 200);
    const { id: _id, builtin: _builtin, ...blueprint } = builtin.body.data;
    const unpullable = '127.0.0.1:9/stellar-test/minecraft:java21';
    assertData(await api(stack.url, '/blueprints/minecraft-java', { token: stack.admin.token, method: 'PUT', body: { ...blueprint, images: { 'Java 21': unpullable } } }), 200);
    const body = `{
"name": "My Server",
"nodeId": "${stack.node.id}",
"blueprintId": "minecraft-java",
"memory": 2048,
"cpu": 100,
"disk": 10240
}`;
    const t0 = Date.now();
    const res = await api(stack.url, '/servers', { token: stack.admin.token, body, headers: { 'content-type': 'application/json' } });
    const took = Date.now() - t0;
    if (res.body?.data?.id) stack.serverIds.add(res.body.data.id);
    assertData(res, 201);
    assert.ok(took < 15_000, `answered in ${took} ms`);
    const server = res.body.data;
    assert.equal(server.blueprintId, 'minecraft-java');
    assert.deepEqual([server.memory, server.cpu, server.disk], [2048, 100, 10240]);
    const failed = await stack.waitForStatus(server.id, 'install_failed', 20_000);
    assert.ok(failed.statusReason.includes(server.image), `the reason names the image ${server.image}: ${failed.statusReason}`);
    console.log(`# seed body: 201 in ${took} ms; ${failed.status}: ${failed.statusReason}`);
    // Starting it is refused with the reason, and deleting it cleans up.
    assertError(await stack.power(server.id, 'start'), 409, 'INVALID_STATE');
    assertNoContent(await api(stack.url, `/servers/${server.id}`, { token: stack.admin.token, method: 'DELETE' }));
    assert.deepEqual(await stack.containersOf(server.id), []);
    assert.equal(server.image, unpullable);
    // Deleting the override brings the catalog's blueprint back.
    assertNoContent(await api(stack.url, '/blueprints/minecraft-java', { token: stack.admin.token, method: 'DELETE' }));
  });

  test('DELETE /nodes/:id with servers on it is a 409 NODE_HAS_SERVERS', async () => {
    const res = await api(stack.url, `/nodes/${stack.node.id}`, { token: stack.admin.token, method: 'DELETE' });
    assertError(res, 409, 'NODE_HAS_SERVERS');
    assert.equal(res.body.error.details.servers, 2);
  });

  test('power and delete on a node whose agent is gone are a 409 NODE_OFFLINE; the server record stays', async () => {
    await stack.agent.kill('SIGKILL');
    await waitForNodeStatus(stack.url, stack.admin.token, stack.node.id, 'offline', 10_000);
    for (const action of ['start', 'restart'] as const) assertError(await stack.power(adminServer.id, action), 409, 'NODE_OFFLINE');
    assertError(await stack.power(ownedServer.id, 'start', owner.token), 409, 'NODE_OFFLINE');
    assertError(await api(stack.url, `/servers/${adminServer.id}`, { token: stack.admin.token, method: 'DELETE' }), 409, 'NODE_OFFLINE');
    const still = await stack.getServer(adminServer.id);
    assert.equal(still.nodeOnline, false);
    assert.equal(still.status, 'stopped');
  });
});
