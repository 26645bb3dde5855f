import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, type AgentMethod, type AgentParams, type NetworkModes } from '../../../../contracts/index.ts';
import type { AgentHub } from '../../../../controller/agents/agent-hub.ts';
import type { LiveServerState } from '../../../../controller/servers/live-server-state.ts';
import { ServerSpecs } from '../../../../controller/servers/server-specs.ts';
import { ServersService } from '../../../../controller/servers/servers-service.ts';
import { BlueprintsRepository } from '../../../../controller/store/blueprints-repository.ts';
import type { StoredServer, StoredUser } from '../../../../controller/store/document-schema.ts';
import { DocumentStore } from '../../../../controller/store/document-store.ts';
import { NodesRepository } from '../../../../controller/store/nodes-repository.ts';
import { ServersRepository } from '../../../../controller/store/servers-repository.ts';
import { UsersRepository } from '../../../../controller/store/users-repository.ts';
import { tempDir } from '../../../support/controller.ts';

/** A hub whose one node is online or not, and which records what it was asked. */
class FakeHub {
  online = true;
  modes: NetworkModes | null = null;
  readonly requests: { method: AgentMethod; params: unknown }[] = [];

  isOnline(): boolean {
    return this.online;
  }

  networkModes(): NetworkModes | null {
    return this.modes;
  }

  request<M extends AgentMethod>(_nodeId: string, method: M, params: AgentParams<M>): Promise<unknown> {
    if (!this.online) return Promise.reject(new AppError('NODE_OFFLINE', 'offline'));
    this.requests.push({ method, params });
    if (method === 'server.sync') return Promise.resolve({ status: 'stopped', reason: null });
    if (method === 'server.power') return Promise.resolve({ status: 'starting' });
    if (method === 'server.install.cancel') return Promise.resolve({ status: 'install_failed' });
    return Promise.resolve({ deleted: true });
  }
}

function assertCode(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

describe('the servers service', () => {
  let dir: string;
  let store: DocumentStore;
  let hub: FakeHub;
  let servers: ServersRepository;
  let service: ServersService;
  let admin: StoredUser;
  let owner: StoredUser;
  let other: StoredUser;
  let nodeId: string;
  /** A roomy node of its own, so the port tests are not limited by what earlier tests hold. */
  let portsNodeId: string;
  const forgotten: string[] = [];

  before(async () => {
    dir = await tempDir('servers-service');
    store = await DocumentStore.open(dir);
    hub = new FakeHub();
    servers = new ServersRepository(store);
    const blueprints = new BlueprintsRepository(store);
    const nodes = new NodesRepository(store);
    const users = new UsersRepository(store);
    admin = await users.create({ email: 'admin@example.com', name: 'A', role: 'admin', passwordHash: 'x' });
    owner = await users.create({ email: 'owner@example.com', name: 'O', role: 'user', passwordHash: 'x' });
    other = await users.create({ email: 'other@example.com', name: 'X', role: 'user', passwordHash: 'x' });
    nodeId = (await nodes.create({ name: 'n1', host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: false, memory: 4096, disk: 8192, cpu: 400 })).id;
    portsNodeId = (await nodes.create({ name: 'ports', host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: false, memory: 65536, disk: 65536, cpu: 6400 })).id;
    service = new ServersService({
      servers,
      blueprints,
      nodes,
      users,
      agents: hub as unknown as AgentHub,
      specs: new ServerSpecs({ servers, blueprints, nodes }),
      liveServers: { forget: (id: string) => forgotten.push(id) } as unknown as LiveServerState,
      log: { warn: () => {} } as unknown as FastifyBaseLogger,
    });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function create(memory = 1024, variables: Record<string, string> = { EULA: 'true' }): Promise<StoredServer> {
    return service.create({ name: 'mc', nodeId, blueprintId: 'minecraft-java', memory, cpu: 100, disk: 1024, swap: 0, variables, ownerId: owner.id }, admin.id);
  }

  test('a created server is handed to its node, and the record takes the status the node answers', async () => {
    const server = await create();
    assert.equal(server.status, 'stopped');
    assert.equal(hub.requests.at(-1)?.method, 'server.sync');
  });

  test('a new server names a blueprint, node and owner that exist, and one of the blueprint images', async () => {
    await assert.rejects(
      service.create({ name: 'x', nodeId: 'node_nope', blueprintId: 'nope', memory: 16, cpu: 1, disk: 1, swap: 0, variables: {}, ownerId: 'usr_nope' }, admin.id),
      (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR' &&
        ['blueprintId', 'nodeId', 'ownerId'].every((field) => field in error.details),
    );
    await assert.rejects(
      service.create({ name: 'x', nodeId, blueprintId: 'minecraft-java', memory: 16, cpu: 1, disk: 1, swap: 0, variables: {}, image: 'evil/image' }, admin.id),
      (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR' && 'image' in error.details,
    );
  });

  test('a node hands out no more than it has', async () => {
    await assert.rejects(create(4096), assertCode('INSUFFICIENT_CAPACITY'));
  });

  test("an owner may rename their server but not change what only admins may; others do not see it", async () => {
    const server = await create();
    assert.equal((await service.update(owner, server.id, { name: 'renamed' })).name, 'renamed');
    await assert.rejects(service.update(owner, server.id, { memory: 2048 }), assertCode('FORBIDDEN'));
    await assert.rejects(service.update(other, server.id, { name: 'mine' }), assertCode('NOT_FOUND'));
    assert.equal((await service.update(admin, server.id, { memory: 512 })).memory, 512);
  });

  test('a server is deleted on its node first; while the node is offline only force deletes the record', async () => {
    const server = await create(256);
    await assert.rejects(service.delete(owner, server.id, { force: false }), assertCode('FORBIDDEN'));
    hub.online = false;
    try {
      await assert.rejects(service.delete(admin, server.id, { force: false }), assertCode('NODE_OFFLINE'));
      assert.ok(servers.findById(server.id));
      await service.delete(admin, server.id, { force: true });
    } finally {
      hub.online = true;
    }
    assert.equal(servers.findById(server.id), undefined);
    assert.ok(forgotten.includes(server.id));
  });

  test('reinstall needs an online node and a server that is not running', async () => {
    const server = await create(256);
    assert.equal(await service.reinstall(owner, server.id), 'stopped');
    const sync = hub.requests.at(-1);
    assert.equal(sync?.method, 'server.sync');
    assert.equal((sync?.params as { reinstall: boolean }).reinstall, true);
    await servers.setStatus(server.id, 'running', null);
    await assert.rejects(service.reinstall(owner, server.id), assertCode('INVALID_STATE'));
    hub.online = false;
    try {
      await assert.rejects(service.reinstall(owner, server.id), assertCode('NODE_OFFLINE'));
    } finally {
      hub.online = true;
    }
  });

  test('a start or restart is refused with EULA_NOT_ACCEPTED until the EULA variable is true; stop and kill are not', async () => {
    const server = await create(256, {});
    const asked = hub.requests.length;
    for (const action of ['start', 'restart'] as const) {
      await assert.rejects(service.power(owner, server.id, action), (error: unknown) => {
        assert.ok(error instanceof AppError && error.code === 'EULA_NOT_ACCEPTED', String(error));
        assert.deepEqual(error.details, { variable: 'EULA', url: 'https://aka.ms/MinecraftEULA' });
        assert.match(error.message, /set EULA to true/);
        return true;
      });
    }
    assert.equal(hub.requests.length, asked, 'the node was not asked');
    assert.equal(await service.power(owner, server.id, 'kill'), 'starting');
    await service.update(owner, server.id, { variables: { EULA: 'true' } });
    assert.equal(await service.power(owner, server.id, 'start'), 'starting');
    await servers.delete(server.id); // the node's capacity is for the tests after this one
  });

  test('cancelling an install is refused unless the server is installing', async () => {
    const server = await create(256);
    await assert.rejects(service.cancelInstall(owner, server.id), assertCode('INVALID_STATE'));
    await servers.setStatus(server.id, 'installing', null);
    hub.requests.length = 0;
    assert.equal(await service.cancelInstall(owner, server.id), 'install_failed');
    assert.equal(servers.findById(server.id)?.status, 'install_failed');
    assert.deepEqual(hub.requests[0], { method: 'server.install.cancel', params: { serverId: server.id } });
    await servers.delete(server.id);
  });

  test('a power action answers with the status the node says it leads to', async () => {
    const server = await create(256);
    assert.equal(await service.power(owner, server.id, 'start'), 'starting');
    await assert.rejects(service.power(other, server.id, 'start'), assertCode('NOT_FOUND'));
  });
  test('a list is one page of what the viewer may see, with the total; admins page through everything, filters apply before the page', async () => {
    const all = servers.all().map((s) => s.id);
    assert.ok(all.length >= 3, `${all.length} servers to page through`);
    const first = service.list(admin, {}, { page: 1, limit: 2 });
    assert.deepEqual({ ids: first.items.map((s) => s.id), total: first.total }, { ids: all.slice(0, 2), total: all.length });
    const second = service.list(admin, {}, { page: 2, limit: 2 });
    assert.deepEqual(second.items.map((s) => s.id), all.slice(2, 4));
    const ownerSees = servers.all().filter((s) => s.ownerId === owner.id).map((s) => s.id);
    assert.deepEqual(service.list(owner, {}, { page: 1, limit: 100 }).items.map((s) => s.id), ownerSees);
    assert.deepEqual(service.list(other, {}, { page: 1, limit: 100 }), { items: [], total: 0 });
    const stopped = servers.all().filter((s) => s.status === 'stopped').map((s) => s.id);
    const page = service.list(admin, { status: 'stopped' }, { page: 2, limit: 1 });
    assert.deepEqual({ ids: page.items.map((s) => s.id), total: page.total }, { ids: stopped.slice(1, 2), total: stopped.length });
    assert.deepEqual(service.list(admin, {}, { page: 1000, limit: 20 }).items, []);
  });

  function small(name = 'mc', ports?: { port: number; protocol: 'tcp' | 'udp' }[]): Promise<StoredServer> {
    return service.create({ name, nodeId: portsNodeId, blueprintId: 'minecraft-java', memory: 64, cpu: 10, disk: 64, swap: 0, variables: {}, ...(ports ? { ports } : {}) }, admin.id);
  }

  test("a server gets its blueprint's port when free, the next free one in the node's ranges when not", async () => {
    const first = await small();
    const second = await small();
    assert.deepEqual(first.ports, [{ port: 25565, protocol: 'tcp' }]);
    assert.deepEqual(second.ports, [{ port: 25566, protocol: 'tcp' }]);
    await service.delete(admin, first.id, { force: false });
    await service.delete(admin, second.id, { force: false });
  });

  test('two creates at once never get the same port: allocation happens inside the serialised write', async () => {
    const made = await Promise.all([small(), small(), small(), small()]);
    const ports = made.map((s) => s.ports[0]?.port);
    assert.equal(new Set(ports).size, 4, `distinct ports: ${ports.join(', ')}`);
    for (const server of made) await service.delete(admin, server.id, { force: false });
  });

  test('a named port held by another server on the node is refused, naming the port and the server', async () => {
    const holder = await small('holder', [{ port: 30000, protocol: 'tcp' }]);
    await assert.rejects(
      small('second', [{ port: 30000, protocol: 'tcp' }]),
      (error: unknown) => error instanceof AppError && error.code === 'PORT_IN_USE' && error.status === 409 &&
        error.message.includes('30000/tcp') && error.message.includes('holder') &&
        error.details.port === 30000 && error.details.serverId === holder.id,
    );
    // The same number over the other protocol is another port.
    const udp = await small('udp', [{ port: 30000, protocol: 'udp' }]);
    await service.delete(admin, udp.id, { force: false });
    await service.delete(admin, holder.id, { force: false });
  });

  test('ports change while the server is stopped, are checked against the node, and not while it runs', async () => {
    const a = await small();
    const b = await small();
    const moved = await service.update(admin, a.id, { ports: [{ port: 25600, protocol: 'tcp' }] });
    assert.deepEqual(moved.ports, [{ port: 25600, protocol: 'tcp' }]);
    await assert.rejects(service.update(admin, b.id, { ports: [{ port: 25600, protocol: 'tcp' }] }), assertCode('PORT_IN_USE'));
    await servers.setStatus(a.id, 'running', null);
    await assert.rejects(service.update(admin, a.id, { ports: [{ port: 25601, protocol: 'tcp' }] }), assertCode('INVALID_STATE'));
    // Sending the ports it already has (a whole settings form) is no change, so no refusal.
    await service.update(admin, a.id, { ports: [{ port: 25600, protocol: 'tcp' }], name: 'still running' });
    await servers.setStatus(a.id, 'stopped', null);
    for (const server of [a, b]) await service.delete(admin, server.id, { force: false });
  });

  test('a bridge-mode node whose engine has no bridge network refuses new servers and starts with the reason', async () => {
    const server = await small();
    hub.modes = { host: true, bridge: false };
    try {
      await assert.rejects(small(), (error: unknown) => error instanceof AppError && error.code === 'NETWORK_UNAVAILABLE' && /no bridge|has none/.test(error.message) && /host networking/.test(error.message));
      await assert.rejects(service.power(admin, server.id, 'start'), assertCode('NETWORK_UNAVAILABLE'));
      await assert.rejects(service.power(admin, server.id, 'restart'), assertCode('NETWORK_UNAVAILABLE'));
      // Stopping what runs is always allowed.
      assert.equal(await service.power(admin, server.id, 'stop'), 'starting');
    } finally {
      hub.modes = null;
    }
    await service.delete(admin, server.id, { force: false });
  });
});
