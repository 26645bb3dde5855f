import { AppError, type ServerStatus } from '../../contracts/index.ts';
import { newId } from '../security/ids.ts';
import { definedOnly } from './defined-only.ts';
import type { DocumentStore } from './document-store.ts';
import type { Document, StoredServer } from './document-schema.ts';

export type NewServer = Omit<StoredServer, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'statusReason'>;
export type ServerChanges = Partial<Omit<StoredServer, 'id' | 'nodeId' | 'blueprintId' | 'createdAt' | 'updatedAt'>>;

export class ServersRepository {
  constructor(private readonly store: DocumentStore) {}

  all(): readonly StoredServer[] {
    return this.store.data.servers;
  }

  findById(id: string): StoredServer | undefined {
    return this.store.data.servers.find((s) => s.id === id);
  }

  onNode(nodeId: string): StoredServer[] {
    return this.store.data.servers.filter((s) => s.nodeId === nodeId);
  }

  /** Creates the record; the capacity check runs inside the write, so two creates cannot both take the last MiB. */
  create(input: NewServer): Promise<StoredServer> {
    return this.store.mutate((doc) => {
      assertCapacity(doc, input.nodeId, input, null);
      const now = new Date().toISOString();
      const server: StoredServer = { ...input, id: newId('srv'), status: 'installing', statusReason: null, createdAt: now, updatedAt: now };
      doc.servers.push(server);
      return server;
    });
  }

  update(id: string, changes: ServerChanges): Promise<StoredServer> {
    return this.store.mutate((doc) => {
      const server = doc.servers.find((s) => s.id === id);
      if (!server) throw new AppError('NOT_FOUND', 'Server not found');
      const next = { ...server, ...definedOnly(changes) };
      if (next.memory !== server.memory || next.disk !== server.disk || next.cpu !== server.cpu) assertCapacity(doc, server.nodeId, next, id);
      Object.assign(server, next, { updatedAt: new Date().toISOString() });
      return server;
    });
  }

  /** Records what the agent reports; a no-op write is skipped. */
  async setStatus(id: string, status: ServerStatus, reason: string | null): Promise<void> {
    const current = this.findById(id);
    if (!current || (current.status === status && current.statusReason === reason)) return;
    await this.store.mutate((doc) => {
      const server = doc.servers.find((s) => s.id === id);
      if (server) Object.assign(server, { status, statusReason: reason });
    });
  }

  delete(id: string): Promise<void> {
    return this.store.mutate((doc) => {
      doc.servers = doc.servers.filter((s) => s.id !== id);
    });
  }
}

function assertCapacity(doc: Document, nodeId: string, wanted: { memory: number; disk: number; cpu: number }, excludeId: string | null): void {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new AppError('VALIDATION_ERROR', 'The node does not exist', { nodeId: 'no such node' });
  const others = doc.servers.filter((s) => s.nodeId === nodeId && s.id !== excludeId);
  const short: Record<string, string> = {};
  for (const resource of ['memory', 'disk', 'cpu'] as const) {
    const used = others.reduce((sum, s) => sum + s[resource], 0);
    const free = node[resource] - used;
    if (wanted[resource] > free) short[resource] = `${wanted[resource]} requested, ${Math.max(0, free)} free of ${node[resource]}`;
  }
  if (Object.keys(short).length > 0) {
    throw new AppError('INSUFFICIENT_CAPACITY', `Node ${node.name} does not have enough capacity left`, short);
  }
}

