import { EventEmitter } from 'node:events';
import { AppError, type ServerStatus } from '../../contracts/index.ts';
import { RESOURCE_KINDS, sumResources, type Resources } from '../nodes/allocation.ts';
import { newId } from '../security/ids.ts';
import { definedOnly } from './defined-only.ts';
import { replaceRecord } from './replace-record.ts';
import type { DocumentStore } from './document-store.ts';
import type { Document, StoredServer } from './document-schema.ts';

export type NewServer = Omit<StoredServer, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'statusReason'>;
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

  constructor(store: DocumentStore) {
    super();
    this.#store = store;
  }

  all(): readonly StoredServer[] {
    return this.#store.data.servers;
  }

  findById(id: string): StoredServer | undefined {
    return this.#store.findById('servers', id);
  }

  onNode(nodeId: string): StoredServer[] {
    return this.#store.data.servers.filter((s) => s.nodeId === nodeId);
  }

  /** Creates the record; the capacity check runs inside the write, so two creates cannot both take the last MiB. */
  async create(input: NewServer): Promise<StoredServer> {
    const server = await this.#store.mutate((doc) => {
      assertCapacity(doc, input.nodeId, input, null);
      const now = new Date().toISOString();
      const created: StoredServer = { ...input, id: newId('srv'), status: 'installing', statusReason: null, createdAt: now, updatedAt: now };
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
      if (resized) assertCapacity(doc, current.nodeId, next, id);
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

function assertCapacity(doc: Document, nodeId: string, wanted: Resources, excludeId: string | null): void {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new AppError('VALIDATION_ERROR', 'The node does not exist', { nodeId: 'no such node' });
  const used = sumResources(doc.servers.filter((s) => s.nodeId === nodeId && s.id !== excludeId));
  const short: Record<string, string> = {};
  for (const resource of RESOURCE_KINDS) {
    const free = node[resource] - used[resource];
    if (wanted[resource] > free) short[resource] = `${wanted[resource]} requested, ${Math.max(0, free)} free of ${node[resource]}`;
  }
  if (Object.keys(short).length > 0) {
    throw new AppError('INSUFFICIENT_CAPACITY', `Node ${node.name} does not have enough capacity left`, short);
  }
}
