import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { AppError } from '../../../../contracts/index.ts';
import { sumResources } from '../../../../controller/nodes/allocation.ts';
import { DocumentStore } from '../../../../controller/store/document-store.ts';
import { NodesRepository } from '../../../../controller/store/nodes-repository.ts';
import { ServersRepository, type NewServer } from '../../../../controller/store/servers-repository.ts';
import { tempDir } from '../../../support/controller.ts';

let dir: string;
let store: DocumentStore;
let servers: ServersRepository;
let nodeA: string;
let nodeB: string;

before(async () => {
  dir = await tempDir('allocations');
  store = await DocumentStore.open(dir);
  servers = new ServersRepository(store);
  const nodes = new NodesRepository(store);
  const node = (name: string) => nodes.create({ name, host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: false, memory: 1000, disk: 1000, cpu: 1000 });
  nodeA = (await node('a')).id;
  nodeB = (await node('b')).id;
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function server(nodeId: string, memory: number): NewServer {
  return { name: 's', description: '', nodeId, blueprintId: 'minecraft-java', ownerId: 'usr_x', image: 'i', memory, cpu: 10, disk: 10, swap: 0, ports: [], variables: {}, restartPolicy: { enabled: false, maxRetries: 0 } };
}

/** The slow, obviously right answer: add up every server on the node. */
function summed(nodeId: string) {
  const on = servers.all().filter((s) => s.nodeId === nodeId);
  return { ...sumResources(on), servers: on.length, ports: on.reduce((n, s) => n + s.ports.length, 0) };
}

test('what a node holds follows creates, resizes and deletes without summing every server', async () => {
  const first = await servers.create(server(nodeA, 100));
  await servers.create(server(nodeB, 50));
  assert.deepEqual(servers.allocatedOn(nodeA), summed(nodeA));
  await servers.update(first.id, { memory: 300 });
  await servers.setStatus(first.id, 'running', null);
  assert.deepEqual(servers.allocatedOn(nodeA), { memory: 300, disk: 10, cpu: 10, servers: 1, ports: 0 });
  await servers.delete(first.id);
  assert.deepEqual(servers.allocatedOn(nodeA), summed(nodeA));
  assert.deepEqual(servers.allocatedOn(nodeB), summed(nodeB));
});

test('creates queued into one write see each other: two cannot both take the last of a node', async () => {
  const left = 1000 - servers.allocatedOn(nodeA).memory;
  const results = await Promise.allSettled([servers.create(server(nodeA, left)), servers.create(server(nodeA, left))]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.ok(refused.reason instanceof AppError && refused.reason.code === 'INSUFFICIENT_CAPACITY', String(refused.reason));
  assert.deepEqual(servers.allocatedOn(nodeA), summed(nodeA));
  assert.equal(servers.allocatedOn(nodeA).memory, 1000);
});

test('a resize is checked against what the other servers hold, not against itself', async () => {
  const big = servers.all().find((s) => s.nodeId === nodeA && s.memory > 100)!;
  // Shrinking and growing back within its own share must pass on a full node.
  await servers.update(big.id, { memory: big.memory - 1 });
  await servers.update(big.id, { memory: big.memory });
  await assert.rejects(servers.update(big.id, { memory: big.memory + 1 }), (e: unknown) => e instanceof AppError && e.code === 'INSUFFICIENT_CAPACITY');
  assert.deepEqual(servers.allocatedOn(nodeA), summed(nodeA));
});

test('ports held on a node follow creates and deletes; creates queued into one write cannot both take a port', async () => {
  const like = { like: [{ port: 30000, protocol: 'tcp' as const }] };
  const widen = new NodesRepository(store);
  await widen.update(nodeB, { portRanges: [{ start: 30000, end: 30001 }] });
  const [first, second] = await Promise.all([servers.create({ ...server(nodeB, 1), ports: like }), servers.create({ ...server(nodeB, 1), ports: like })]);
  assert.deepEqual([first.ports[0]?.port, second.ports[0]?.port].sort(), [30000, 30001]);
  assert.equal(servers.allocatedOn(nodeB).ports, summed(nodeB).ports);
  await assert.rejects(servers.create({ ...server(nodeB, 1), ports: like }), (error: unknown) => error instanceof AppError && error.code === 'NO_FREE_PORTS');
  await assert.rejects(servers.create({ ...server(nodeB, 1), ports: [{ port: 30001, protocol: 'tcp' }] }), (error: unknown) => error instanceof AppError && error.code === 'PORT_IN_USE');
  // A deleted server's port is free again, for automatic placement and for a named one.
  await servers.delete(first.id);
  assert.equal((await servers.create({ ...server(nodeB, 1), ports: like })).ports[0]?.port, first.ports[0]?.port);
  assert.equal(servers.allocatedOn(nodeB).ports, summed(nodeB).ports);
});
