import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, assertData, assertError, assertValidation, signUpAdmin, startTestApp, tempDir, type Account, type TestApp } from '../../support/controller.ts';

/**
 * A node's networking settings over real HTTP: the port ranges and bind address an admin sets
 * (with their defaults and validation), what the node detail says they expose, the ports in
 * use, the OpenAPI document naming them, and a data file from before these settings existed.
 */
describe('node networking settings through the API', () => {
  let app: TestApp;
  let admin: Account;
  let dataDir: string;

  before(async () => {
    dataDir = await tempDir('node-networking');
    app = await startTestApp({ dataDir });
    admin = await signUpAdmin(app.url);
  });
  after(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const node = { name: 'n', host: '127.0.0.1', memory: 4096, disk: 8192, cpu: 400 };

  test('a new node binds every interface and draws ports from the default ranges; the detail says what is exposed', async () => {
    const res = await api(app.url, '/nodes', { token: admin.token, body: node });
    assertData(res, 201);
    const created = res.body.data;
    assert.equal(created.bindAddress, '0.0.0.0');
    assert.deepEqual(created.portRanges, [{ start: 25565, end: 25665 }, { start: 27015, end: 27115 }]);
    assert.equal(created.networkModes, null, 'unknown until an agent reports');
    assert.equal(created.networkProblem, null);
    assert.equal(created.portsInUse, 0);
    assert.match(created.exposure, /^Published ports: .*every interface/);

    const patched = await api(app.url, `/nodes/${created.id}`, {
      token: admin.token, method: 'PATCH', body: { hostNetwork: true, bindAddress: '127.0.0.1', portRanges: [{ start: 30000, end: 30009 }] },
    });
    assertData(patched);
    assert.equal(patched.body.data.bindAddress, '127.0.0.1');
    assert.deepEqual(patched.body.data.portRanges, [{ start: 30000, end: 30009 }]);
    assert.match(patched.body.data.exposure, /^Host networking: games are told to listen on 127\.0\.0\.1/);

    const server = await api(app.url, '/servers', { token: admin.token, body: { name: 'mc', nodeId: created.id, blueprintId: 'minecraft-java', memory: 1024, cpu: 100, disk: 1024 } });
    assertData(server, 201);
    assert.deepEqual(server.body.data.ports, [{ port: 30000, protocol: 'tcp' }], "outside the ranges, the blueprint's 25565 moves into them");
    assert.equal((await api(app.url, `/nodes/${created.id}`, { token: admin.token })).body.data.portsInUse, 1);
  });

  test('a bind address that is not an IP and a range that ends before it starts are 422s naming the fields', async () => {
    const res = await api(app.url, '/nodes', {
      token: admin.token,
      body: { ...node, bindAddress: 'every interface', portRanges: [{ start: 30010, end: 30000 }, { start: 0, end: 70000 }] },
    });
    assertValidation(res, ['bindAddress', 'portRanges.0.end', 'portRanges.1.start', 'portRanges.1.end']);
    const created = (await api(app.url, '/nodes', { token: admin.token, body: node })).body.data;
    assertValidation(await api(app.url, `/nodes/${created.id}`, { token: admin.token, method: 'PATCH', body: { bindAddress: '300.1.1.1' } }), ['bindAddress']);
    assertData(await api(app.url, `/nodes/${created.id}`, { token: admin.token, method: 'PATCH', body: { bindAddress: '::1' } }));
  });

  test('the seed create-server example works as written: the blueprint port, then the next free one', async () => {
    const nodeId = (await api(app.url, '/nodes', { token: admin.token, body: { ...node, memory: 65536, cpu: 6400, disk: 1048576 } })).body.data.id;
    const seed = { name: 'My Server', nodeId, blueprintId: 'minecraft-java', memory: 2048, cpu: 100, disk: 10240 };
    const first = await api(app.url, '/servers', { token: admin.token, body: seed });
    const second = await api(app.url, '/servers', { token: admin.token, body: seed });
    assertData(first, 201);
    assertData(second, 201);
    assert.deepEqual(first.body.data.ports, [{ port: 25565, protocol: 'tcp' }]);
    assert.deepEqual(second.body.data.ports, [{ port: 25566, protocol: 'tcp' }]);
    const taken = await api(app.url, '/servers', { token: admin.token, body: { ...seed, name: 'named', ports: [{ port: 25566, protocol: 'tcp' }] } });
    assertError(taken, 409, 'PORT_IN_USE');
    assert.equal(taken.body.error.details.serverId, second.body.data.id);
    assert.equal(taken.body.error.details.field, 'ports.0.port');
  });

  test('ten creates at once over HTTP get ten distinct ports; with the ranges full, the next is NO_FREE_PORTS', async () => {
    const nodeId = (await api(app.url, '/nodes', {
      token: admin.token, body: { ...node, memory: 65536, cpu: 6400, disk: 1048576, portRanges: [{ start: 31000, end: 31009 }] },
    })).body.data.id;
    const body = { name: 'burst', nodeId, blueprintId: 'minecraft-java', memory: 64, cpu: 10, disk: 64 };
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(app.url, '/servers', { token: admin.token, body })));
    for (const res of answers) assertData(res, 201);
    const ports = answers.map((res) => res.body.data.ports[0].port as number).sort((a, b) => a - b);
    assert.deepEqual(ports, Array.from({ length: 10 }, (_, i) => 31000 + i));
    const full = await api(app.url, '/servers', { token: admin.token, body });
    assertError(full, 409, 'NO_FREE_PORTS');
    assert.match(full.body.error.message, /31000-31009/);
  });

  test('the OpenAPI document names the node settings', async () => {
    const res = await api(app.url, '/openapi.json');
    const text = res.text;
    for (const field of ['bindAddress', 'portRanges', 'networkModes', 'networkProblem', 'exposure', 'portsInUse']) assert.ok(text.includes(`"${field}"`), field);
  });

  test('a data file written before these settings existed reads with the defaults', async () => {
    await app.close();
    const file = join(dataDir, 'stellarstack.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { nodes: Record<string, unknown>[] };
    for (const stored of doc.nodes) {
      delete stored.bindAddress;
      delete stored.portRanges;
      delete stored.networkModes;
    }
    await writeFile(file, JSON.stringify(doc));
    app = await startTestApp({ dataDir });
    const nodes = (await api(app.url, '/nodes', { token: admin.token })).body.data as { bindAddress: string; portRanges: unknown }[];
    assert.ok(nodes.length > 0);
    for (const n of nodes) {
      assert.equal(n.bindAddress, '0.0.0.0');
      assert.deepEqual(n.portRanges, [{ start: 25565, end: 25665 }, { start: 27015, end: 27115 }]);
    }
  });
});
