import { EventEmitter } from 'node:events';
import { AppError, type ServerStatus } from '../../contracts/index.ts';
import { RESOURCE_KINDS, type Resources } from '../nodes/allocation.ts';
import { placePorts, type HeldPorts, type PortsWanted } from '../nodes/port-allocation.ts';
import { newId } from '../security/ids.ts';
import { definedOnly } from './defined-only.ts';
import { NodeAllocations, type NodeAllocation } from './node-allocations.ts';
import { replaceRecord } from './replace-record.ts';
import type { DocumentStore } from './document-store.ts';
import type { Document, StoredNode, StoredServer } from './document-schema.ts';

export type NewServer = Omit<StoredServer, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'statusReason' | 'ports'> & { ports: PortsWanted };
export type ServerChanges = Partial<Omit<StoredServer, 'id' | 'nodeId' | 'blueprintId' | 'createdAt' | 'updatedAt'>>;

/** Emitted only once the write is on disk, so a listener never announces what a failed write undid. */
export interface ServersRepositoryEvents {
  /** A server was created or any of its fields changed, its status included: read the record for its new state. */
  changed: [id: string];
  deleted: [id: string];
  /** What servers hold on a node changed (one was created, resized or deleted), so the node's allocation did. */
  allocationChanged: [nodeId: string];
}

export class ServersRepository extends EventEmitter<ServersRepositoryEvents> {
  readonly #store: DocumentStore;
  readonly #allocations: NodeAllocations;

  constructor(store: DocumentStore) {
    super();
    this.#store = store;
    this.#allocations = new NodeAllocations(store);
  }

  /** What the servers on a node hold in all, and how many there are. */
  allocatedOn(nodeId: string): NodeAllocation {
    return this.#allocations.of(nodeId);
  }

  all(): readonly StoredServer[] {
    return this.#store.data.servers;
  }

  findById(id: string): StoredServer | undefined {
    return this.#store.findById('servers', id);
  }

  /**
   * One page of the servers `matches` accepts (all when null), in creation order, and how many
   * it accepts in all. Only the page is copied; without a filter the count is the list's length,
   * so a page costs its own size however many servers there are.
   */
  page(matches: ((server: StoredServer) => boolean) | null, offset: number, limit: number): { items: StoredServer[]; total: number } {
    const servers = this.#store.data.servers;
    if (!matches) return { items: servers.slice(offset, offset + limit), total: servers.length };
    const items: StoredServer[] = [];
    let total = 0;
    for (const server of servers) {
      if (!matches(server)) continue;
      if (total >= offset && items.length < limit) items.push(server);
      total += 1;
    }
    return { items, total };
  }

  /** The node's ports as a write's draft holds them; names are looked up only for a refusal's message. */
  #heldPorts(draft: readonly StoredServer[], nodeId: string): HeldPorts {
    return {
      holder: this.#allocations.portHolderInDraft(draft, nodeId),
      floor: (protocol, start) => this.#allocations.floorOf(nodeId, protocol, start),
      nameOf: (serverId) => draft.find((s) => s.id === serverId)?.name ?? serverId,
    };
  }

  onNode(nodeId: string): StoredServer[] {
    return this.#store.data.servers.filter((s) => s.nodeId === nodeId);
  }

  /**
   * Creates the record; the capacity check and the port allocation run inside the write, so two
   * creates cannot both take the last MiB or the same port.
   */
  async create(input: NewServer): Promise<StoredServer> {
    const server = await this.#store.mutate((doc) => {
      const node = assertCapacity(doc, input.nodeId, input, this.#allocations.inDraft(doc.servers, input.nodeId));
      const ports = placePorts(node, this.#heldPorts(doc.servers, input.nodeId), input.ports, null);
      const now = new Date().toISOString();
      const created: StoredServer = { ...input, ports, id: newId('srv'), status: 'installing', statusReason: null, createdAt: now, updatedAt: now };
      doc.servers.push(created);
      return created;
    });
    this.emit('changed', server.id);
    this.emit('allocationChanged', server.nodeId);
    return server;
  }

  async update(id: string, changes: ServerChanges): Promise<StoredServer> {
    const { server, resized } = await this.#store.mutate((doc) => {
      const current = doc.servers.find((s) => s.id === id);
      if (!current) throw new AppError('NOT_FOUND', 'Server not found');
      const next = { ...current, ...definedOnly(changes) };
      const resized = next.memory !== current.memory || next.disk !== current.disk || next.cpu !== current.cpu;
      if (resized) assertCapacity(doc, current.nodeId, next, withoutServer(this.#allocations.inDraft(doc.servers, current.nodeId), current));
      // Checked in the write for the same reason as in create: a concurrent change may take the port.
      if (changes.ports !== undefined) next.ports = placePorts(nodeOf(doc, current.nodeId), this.#heldPorts(doc.servers, current.nodeId), changes.ports, id);
      const server = replaceRecord(doc.servers, id, () => ({ ...next, updatedAt: new Date().toISOString() }))!;
      return { server, resized };
    });
    this.emit('changed', server.id);
    if (resized) this.emit('allocationChanged', server.nodeId);
    return server;
  }

  /** Records what the agent reports; a no-op write is skipped. */
  async setStatus(id: string, status: ServerStatus, reason: string | null): Promise<void> {
    const current = this.findById(id);
    if (!current || (current.status === status && current.statusReason === reason)) return;
    const found = await this.#store.mutate((doc) => {
      return replaceRecord(doc.servers, id, (server) => ({ ...server, status, statusReason: reason })) !== undefined;
    });
    if (found) this.emit('changed', id);
  }

  async delete(id: string): Promise<void> {
    const removed = await this.#store.mutate((doc) => {
      const server = doc.servers.find((s) => s.id === id);
      doc.servers = doc.servers.filter((s) => s.id !== id);
      return server;
    });
    if (!removed) return;
    this.emit('deleted', id);
    this.emit('allocationChanged', removed.nodeId);
  }
}

/** What the node holds for everything but `server`, whose own share is being changed. */
function withoutServer(used: NodeAllocation, server: StoredServer): Resources {
  return { memory: used.memory - server.memory, disk: used.disk - server.disk, cpu: used.cpu - server.cpu };
}

function nodeOf(doc: Document, nodeId: string): StoredNode {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new AppError('VALIDATION_ERROR', 'The node does not exist', { nodeId: 'no such node' });
  return node;
}

/** Returns the node, which has room for `wanted` beside `used`: what it already holds for other servers, as of the draft being written. */
function assertCapacity(doc: Document, nodeId: string, wanted: Resources, used: Resources): StoredNode {
  const node = nodeOf(doc, nodeId);
  const short: Record<string, string> = {};
  for (const resource of RESOURCE_KINDS) {
    const free = node[resource] - used[resource];
    if (wanted[resource] > free) short[resource] = `${wanted[resource]} requested, ${Math.max(0, free)} free of ${node[resource]}`;
  }
  if (Object.keys(short).length > 0) {
    throw new AppError('INSUFFICIENT_CAPACITY', `Node ${node.name} does not have enough capacity left`, short);
  }
  return node;
}
