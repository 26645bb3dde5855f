import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialAgentLink, type FrameSocket } from '../../support/agent-link.ts';
import {
  api,
  assertError,
  assertNoContent,
  createUser,
  signUpAdmin,
  startTestApp,
  type Account,
  type Json,
  type TestApp,
} from '../../support/controller.ts';
import { issueNodeToken, registerNode } from '../../support/nodes.ts';
import { SseClient } from '../../support/sse-client.ts';

/**
 * The live event stream, read the way a browser's EventSource reads it: over real HTTP, with
 * the changes made through the API and, for live samples, through a raw agent link.
 */

const streams: SseClient[] = [];

/** Opens GET /api/v1/events; asserts the 200 and the SSE headers. */
async function openStream(base: string, credential: { token?: string; cookie?: string }): Promise<SseClient> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (credential.token) headers.authorization = `Bearer ${credential.token}`;
  if (credential.cookie) headers.cookie = credential.cookie;
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, { headers, signal: abort.signal });
  assert.equal(response.status, 200, await (response.status === 200 ? Promise.resolve('') : response.text()));
  assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-cache, no-transform');
  assert.equal(response.headers.get('x-accel-buffering'), 'no');
  const client = new SseClient(response, abort);
  streams.push(client);
  return client;
}

/** Opens a stream and reads its snapshot, which must be the first frame. */
async function subscribe(base: string, account: Account): Promise<{ stream: SseClient; snapshot: Json }> {
  const stream = await openStream(base, account);
  const first = await stream.next();
  assert.equal(first.type, 'snapshot', `the first frame is the snapshot, not ${first.type}`);
  return { stream, snapshot: first.data };
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

const SAMPLE = { cpu: 0, memory: 1024, memoryLimit: 4096, disk: 2048, networkRx: 10, networkTx: 20, uptime: 5, players: { online: 2, max: 10 } };
const HELLO = {
  type: 'hello', protocol: 1, agentVersion: 'test', hostname: 'raw', platform: 'linux', arch: 'x64', cpus: 1,
  memoryTotal: 1024, docker: { available: false, version: null, reason: 'raw test socket' },
};
const METRICS = {
  cpu: 12, memory: { used: 1, total: 2 }, disk: { used: 3, total: 4 }, containers: { running: 0, total: 0 }, network: { rx: 5, tx: 6 }, uptime: 7,
};

describe('GET /api/v1/events', () => {
  let app: TestApp;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  let offlineNode: Json;

  async function createServer(ownerId: string, name: string, nodeId: string = offlineNode.id): Promise<Json> {
    const res = await api(app.url, '/servers', {
      token: admin.token,
      body: { name, nodeId, ownerId, blueprintId: 'openttd', memory: 64, cpu: 10, disk: 64 },
    });
    assert.equal(res.status, 201, res.text);
    return res.body.data;
  }

  async function listServers(account: Account): Promise<Json[]> {
    const res = await api(app.url, '/servers?limit=100', { token: account.token });
    assert.equal(res.status, 200, res.text);
    return res.body.data;
  }

  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    alice = await createUser(app.url, admin.token, { name: 'Alice' });
    bob = await createUser(app.url, admin.token, { name: 'Bob' });
    // No agent ever connects to this node: servers on it are created without a sync to answer.
    offlineNode = await registerNode(app.url, admin.token, { name: 'offline', host: '127.0.0.1', memory: 65536, disk: 65536, cpu: 6400 });
  });
  after(async () => {
    for (const stream of streams) stream.close();
    await app.close();
  });

  test('without credentials: 401 in the error envelope, no stream', async () => {
    assertError(await api(app.url, '/events'), 401, 'UNAUTHORIZED', {});
    assertError(await api(app.url, '/events', { token: 'strk_sess_forged' }), 401, 'UNAUTHORIZED', {});
  });

  test('the stream starts with retry: 3000 and a snapshot of exactly what the caller may see', async () => {
    const ofAlice = await createServer(alice.id, 'alice-snap');
    const ofBob = await createServer(bob.id, 'bob-snap');

    const forAlice = await subscribe(app.url, alice);
    assert.equal(forAlice.stream.retry, 3000);
    assert.deepEqual(forAlice.snapshot.servers.sort(byId), (await listServers(alice)).sort(byId));
    assert.ok(forAlice.snapshot.servers.some((s: Json) => s.id === ofAlice.id));
    assert.ok(!forAlice.snapshot.servers.some((s: Json) => s.id === ofBob.id), "no one else's server");
    assert.deepEqual(forAlice.snapshot.nodes, [], 'nodes are for admins');

    const forAdmin = await subscribe(app.url, admin);
    assert.deepEqual(forAdmin.snapshot.servers.sort(byId), (await listServers(admin)).sort(byId));
    assert.ok([ofAlice.id, ofBob.id].every((id) => forAdmin.snapshot.servers.some((s: Json) => s.id === id)));
    const nodes = await api(app.url, '/nodes?limit=100', { token: admin.token });
    assert.deepEqual(forAdmin.snapshot.nodes.sort(byId), nodes.body.data.sort(byId));
  });

  test('the session cookie opens the stream too', async () => {
    const { snapshot } = await subscribe(app.url, { ...alice, token: '' });
    assert.ok(Array.isArray(snapshot.servers));
  });

  test("a created, changed and deleted server reaches the admin and its owner, and no one else", async () => {
    const forAdmin = (await subscribe(app.url, admin)).stream;
    const forAlice = (await subscribe(app.url, alice)).stream;
    const forBob = (await subscribe(app.url, bob)).stream;

    const created = await createServer(alice.id, 'alpha');
    const renamed = await api(app.url, `/servers/${created.id}`, { token: alice.token, method: 'PATCH', body: { name: 'alpha-2' } });
    assert.equal(renamed.status, 200, renamed.text);
    assertNoContent(await api(app.url, `/servers/${created.id}?force=true`, { token: admin.token, method: 'DELETE' }));

    // The owner gets exactly these three frames, in order, and nothing about nodes.
    const seenByAlice = [await forAlice.next(), await forAlice.next(), await forAlice.next()];
    assert.deepEqual(seenByAlice.map((f) => f.type), ['server', 'server', 'server_deleted']);
    assert.equal(seenByAlice[0].data.id, created.id);
    assert.equal(seenByAlice[0].data.name, 'alpha');
    assert.equal(seenByAlice[0].data.ownerId, alice.id);
    assert.equal(seenByAlice[1].data.name, 'alpha-2');
    assert.deepEqual(seenByAlice[2].data, { id: created.id });

    const serverFrames = await forAdmin.collect((frames) => frames.some((f) => f.type === 'server_deleted'));
    const aboutIt = serverFrames.filter((f) => f.type.startsWith('server') && (f.data.id === created.id));
    assert.deepEqual(aboutIt.map((f) => [f.type, f.data.name]), [['server', 'alpha'], ['server', 'alpha-2'], ['server_deleted', undefined]]);
    // Creating and deleting a server changes its node's allocation: admins hear of it.
    assert.ok(serverFrames.some((f) => f.type === 'node' && f.data.id === offlineNode.id), 'a node frame for the allocation');

    // Bob's first frame is about his own new server: nothing about Alice's came before it.
    const ofBob = await createServer(bob.id, 'bob-sentinel');
    const first = await forBob.next();
    assert.deepEqual([first.type, first.data.id], ['server', ofBob.id]);
  });

  test('a server given to another owner becomes server_deleted for the old owner and server for the new one', async () => {
    const server = await createServer(alice.id, 'handed-over');
    const forAlice = (await subscribe(app.url, alice)).stream;
    const forBob = (await subscribe(app.url, bob)).stream;

    const moved = await api(app.url, `/servers/${server.id}`, { token: admin.token, method: 'PATCH', body: { ownerId: bob.id } });
    assert.equal(moved.status, 200, moved.text);

    assert.deepEqual(await forAlice.next(), { type: 'server_deleted', data: { id: server.id } });
    const gained = await forBob.next();
    assert.equal(gained.type, 'server');
    assert.equal(gained.data.id, server.id);
    assert.equal(gained.data.ownerId, bob.id);
  });

  test('a node registered or changed is a node frame for admins; users get no node frames at all', async () => {
    const forAdmin = (await subscribe(app.url, admin)).stream;
    const forAlice = (await subscribe(app.url, alice)).stream;

    const node = await registerNode(app.url, admin.token, { name: 'fresh', host: '127.0.0.1', memory: 1024, disk: 1024, cpu: 100 });
    const registered = await forAdmin.nextMatching((f) => f.type === 'node');
    assert.deepEqual(registered.data, node);
    assert.equal(registered.data.status, 'pending');

    await api(app.url, `/nodes/${node.id}`, { token: admin.token, method: 'PATCH', body: { name: 'renamed' } });
    const changed = await forAdmin.nextMatching((f) => f.type === 'node');
    assert.equal(changed.data.name, 'renamed');

    assertNoContent(await api(app.url, `/nodes/${node.id}`, { token: admin.token, method: 'DELETE' }));
    assert.deepEqual(await forAdmin.nextMatching((f) => f.type === 'node_deleted'), { type: 'node_deleted', data: { id: node.id } });

    const sentinel = await createServer(alice.id, 'after-nodes');
    const first = await forAlice.next();
    assert.deepEqual([first.type, first.data.id], ['server', sentinel.id], 'no node frame reached the user');
  });

  test('an agent coming and going, its host samples and its servers\' resources: batched, and filtered per viewer', async () => {
    const node = await registerNode(app.url, admin.token, { name: 'live', host: '127.0.0.1', memory: 4096, disk: 4096, cpu: 400 });
    const token = await issueNodeToken(app.url, admin.token, node.id);
    // Created while the node is offline, so the raw agent below has no sync requests to answer.
    const ofAlice = await createServer(alice.id, 'alice-live', node.id);
    const ofBob = await createServer(bob.id, 'bob-live', node.id);

    const forAdmin = (await subscribe(app.url, admin)).stream;
    const forAlice = (await subscribe(app.url, alice)).stream;
    const forBob = (await subscribe(app.url, bob)).stream;

    const dialed = await dialAgentLink(app.url, token);
    assert.equal(dialed.kind, 'open');
    const agent: FrameSocket = (dialed as { socket: FrameSocket }).socket;
    try {
      agent.send(HELLO);
      await agent.nextOfType('welcome');

      const online = await forAdmin.nextMatching((f) => f.type === 'node' && f.data.id === node.id);
      assert.equal(online.data.status, 'online');
      const aliceSees = await forAlice.next();
      assert.deepEqual([aliceSees.type, aliceSees.data.id, aliceSees.data.nodeOnline], ['server', ofAlice.id, true]);

      for (let i = 1; i <= 20; i++) agent.send({ type: 'event', payload: { event: 'server_resources', serverId: ofAlice.id, resources: { ...SAMPLE, cpu: i } } });
      for (let i = 1; i <= 3; i++) agent.send({ type: 'event', payload: { event: 'server_resources', serverId: ofBob.id, resources: { ...SAMPLE, cpu: 100 + i } } });

      // Twenty samples sent in a burst arrive as one frame (two if the burst straddled a flush), ending on the latest.
      const aliceFrames = await forAlice.collect((frames) => frames.some((f) => f.data[ofAlice.id]?.cpu === 20));
      assert.ok(aliceFrames.every((f) => f.type === 'resources'), JSON.stringify(aliceFrames));
      assert.ok(aliceFrames.length <= 2, `${aliceFrames.length} resources frames for one burst`);
      for (const frame of aliceFrames) assert.deepEqual(Object.keys(frame.data), [ofAlice.id], "only the viewer's own servers");
      assert.deepEqual(aliceFrames.at(-1).data[ofAlice.id], { ...SAMPLE, cpu: 20 });

      const bobFrames = await forBob.collect((frames) => frames.some((f) => f.type === 'resources' && f.data[ofBob.id]?.cpu === 103));
      for (const frame of bobFrames.filter((f) => f.type === 'resources')) assert.deepEqual(Object.keys(frame.data), [ofBob.id]);

      const adminFrames = await forAdmin.collect((frames) => {
        const latest = Object.assign({}, ...frames.filter((f) => f.type === 'resources').map((f) => f.data));
        return latest[ofAlice.id]?.cpu === 20 && latest[ofBob.id]?.cpu === 103;
      });
      assert.ok(adminFrames.filter((f) => f.type === 'resources').length <= 2, 'the admin gets both servers in the same batches');

      // A notice (install progress, a disk warning) goes at once to those who see the server.
      const notice = { kind: 'disk', level: 'warning', message: 'The server uses 92 % of its disk limit', progress: 0.92, done: false };
      agent.send({ type: 'event', payload: { event: 'server_notice', serverId: ofAlice.id, notice } });
      const aliceNotice = await forAlice.nextMatching((f) => f.type === 'server_notice');
      assert.deepEqual({ ...aliceNotice.data, at: undefined }, { ...notice, serverId: ofAlice.id, at: undefined });
      assert.match(aliceNotice.data.at, /^\d{4}-\d\d-\d\dT/);
      await forAdmin.nextMatching((f) => f.type === 'server_notice' && f.data.serverId === ofAlice.id);

      // A server that stops reporting: its record changes, and its resources go to null.
      agent.send({ type: 'event', payload: { event: 'server_status', serverId: ofAlice.id, status: 'stopped', reason: null } });
      const stopped = await forAlice.collect((frames) =>
        frames.some((f) => f.type === 'server' && f.data.status === 'stopped') && frames.some((f) => f.type === 'resources'));
      assert.equal(stopped.find((f) => f.type === 'server').data.resources, null);
      assert.deepEqual(stopped.find((f) => f.type === 'resources').data, { [ofAlice.id]: null });

      // Host samples are for admins.
      agent.send({ type: 'heartbeat', metrics: METRICS, docker: HELLO.docker });
      const stats = await forAdmin.nextMatching((f) => f.type === 'node_stats');
      assert.equal(stats.data.nodeId, node.id);
      assert.equal(stats.data.online, true);
      assert.deepEqual(stats.data.metrics, METRICS);

      // A viewer arriving now sees that sample at once, not after the next heartbeat.
      const late = await subscribe(app.url, admin);
      assert.deepEqual(late.snapshot.nodeStats.find((n: Json) => n.nodeId === node.id)?.metrics, METRICS);
      late.stream.close();
      const lateUser = await subscribe(app.url, alice);
      assert.deepEqual(lateUser.snapshot.nodeStats, [], 'host samples are for admins');
      lateUser.stream.close();
    } finally {
      agent.close();
    }

    const offline = await forAdmin.nextMatching((f) => f.type === 'node' && f.data.id === node.id);
    assert.equal(offline.data.status, 'offline');
    const dropped = await forAlice.nextMatching((f) => f.type === 'server');
    assert.deepEqual([dropped.data.id, dropped.data.nodeOnline], [ofAlice.id, false]);

    assert.ok(!forAlice.seen.some((f) => f.type.startsWith('node')), 'no node frames for a user');
    assert.ok(!forBob.seen.some((f) => f.type.startsWith('node')), 'no node frames for a user');
    assert.ok(!forBob.seen.some((f) => f.type === 'server_notice'), "no notices about another user's server");
  });

  test('opening the stream costs exactly one request of the rate limit, and nothing it carries costs more', async () => {
    const carol = await createUser(app.url, admin.token, { name: 'Carol' });
    const before = Number((await api(app.url, '/users/me', { token: carol.token })).headers.get('x-ratelimit-remaining'));
    const stream = await openStream(app.url, carol);
    assert.equal(Number(stream.response.headers.get('x-ratelimit-remaining')), before - 1);
    assert.match(stream.response.headers.get('x-ratelimit-limit') ?? '', /^\d+$/);
    assert.match(stream.response.headers.get('x-ratelimit-reset') ?? '', /^\d+$/);
    assert.equal((await stream.next()).type, 'snapshot');
    for (const name of ['c1', 'c2', 'c3']) {
      const server = await createServer(carol.id, name);
      assert.equal((await stream.next()).data.id, server.id);
    }
    const afterwards = await api(app.url, '/users/me', { token: carol.token });
    assert.equal(Number(afterwards.headers.get('x-ratelimit-remaining')), before - 2);
  });

  test("a suspended user's stream says signed_out and ends", async () => {
    const dave = await createUser(app.url, admin.token, { name: 'Dave' });
    const { stream } = await subscribe(app.url, dave);
    const suspended = await api(app.url, `/admin/users/${dave.id}`, { token: admin.token, method: 'PATCH', body: { suspended: true } });
    assert.equal(suspended.status, 200, suspended.text);
    assert.deepEqual(await stream.next(), { type: 'signed_out', data: { reason: 'account_suspended' } });
    assert.deepEqual(await stream.ends(), []);
  });

  test('signing out, or revoking the API key the stream was opened with, ends it with the reason', async () => {
    const erin = await createUser(app.url, admin.token, { name: 'Erin' });
    const key = await api(app.url, '/users/me/api-keys', { token: erin.token, body: { name: 'stream' } });
    assert.equal(key.status, 201, key.text);
    const byKey = await subscribe(app.url, { ...erin, token: key.body.data.secret });
    const bySession = await subscribe(app.url, erin);

    assertNoContent(await api(app.url, `/users/me/api-keys/${key.body.data.id}`, { token: erin.token, method: 'DELETE' }));
    assert.deepEqual(await byKey.stream.next(), { type: 'signed_out', data: { reason: 'api_key_revoked' } });
    await byKey.stream.ends();

    assertNoContent(await api(app.url, '/auth/signout', { token: erin.token, method: 'POST' }));
    assert.deepEqual(await bySession.stream.next(), { type: 'signed_out', data: { reason: 'session_revoked' } });
    await bySession.stream.ends();
  });

  test('a role change ends the stream without signed_out, so the reconnect brings the new view', async () => {
    const frank = await createUser(app.url, admin.token, { name: 'Frank' });
    const { stream } = await subscribe(app.url, frank);
    const promoted = await api(app.url, `/admin/users/${frank.id}`, { token: admin.token, method: 'PATCH', body: { role: 'admin' } });
    assert.equal(promoted.status, 200, promoted.text);
    await stream.ends();
    assert.ok(!stream.seen.some((f) => f.type === 'signed_out'));
    const again = await subscribe(app.url, frank);
    assert.ok(again.snapshot.nodes.some((n: Json) => n.id === offlineNode.id), 'now an admin: nodes in the snapshot');
  });

  test('the stream is in the OpenAPI document as text/event-stream', async () => {
    const doc = (await api(app.url, '/api/v1/openapi.json')).body;
    const operation = doc.paths['/api/v1/events']?.get;
    assert.ok(operation, 'GET /api/v1/events documented');
    assert.deepEqual(operation.tags, ['events']);
    assert.match(operation.summary, /event/i);
    for (const type of ['snapshot', 'server_deleted', 'resources', 'node_stats', 'signed_out']) assert.match(operation.description, new RegExp(type));
    assert.ok(operation.responses['200'].content['text/event-stream'].schema, 'a 200 text/event-stream response');
  });
});

describe('GET /api/v1/events at shutdown', () => {
  test('closing the controller ends every open stream at once', async () => {
    const app = await startTestApp();
    const admin = await signUpAdmin(app.url);
    const first = await subscribe(app.url, admin);
    const second = await subscribe(app.url, admin);
    const started = Date.now();
    await app.close();
    assert.ok(Date.now() - started < 2000, `close took ${Date.now() - started} ms`);
    await first.stream.ends(1000);
    await second.stream.ends(1000);
  });
});
