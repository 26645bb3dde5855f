import { EventEmitter } from 'node:events';
import { AppError, DEFAULT_BIND_ADDRESS, DEFAULT_PORT_RANGES, type CreateNodeBody, type DockerStatus, type NetworkModes, type UpdateNodeBody } from '../../contracts/index.ts';
import { RESOURCE_KINDS, sumResources } from '../nodes/allocation.ts';
import { definedOnly } from './defined-only.ts';
import { newId } from '../security/ids.ts';
import { hashSecret } from '../security/secrets.ts';
import type { DocumentStore } from './document-store.ts';
import type { StoredNode } from './document-schema.ts';

export type NewNode = Omit<CreateNodeBody, 'bindAddress' | 'portRanges'> &
  Partial<Pick<CreateNodeBody, 'bindAddress' | 'portRanges'>> & { local?: boolean };

/** Emitted only once the write is on disk. */
export interface NodesRepositoryEvents {
  /** A node was registered, or its record changed (settings, token, what its agent reported). */
  changed: [id: string];
  deleted: [id: string];
}

export class NodesRepository extends EventEmitter<NodesRepositoryEvents> {
  #indexRevision = -1;
  #byTokenHash = new Map<string, StoredNode>();

  readonly #store: DocumentStore;

  constructor(store: DocumentStore) {
    super();
    this.#store = store;
  }

  all(): readonly StoredNode[] {
    return this.#store.data.nodes;
  }

  findById(id: string): StoredNode | undefined {
    return this.#store.data.nodes.find((n) => n.id === id);
  }

  findLocal(): StoredNode | undefined {
    return this.#store.data.nodes.find((n) => n.local);
  }

  /** The node a `strk_node_` token belongs to, if it is that node's current token. */
  findByToken(token: string): StoredNode | undefined {
    if (this.#indexRevision !== this.#store.revision) {
      this.#byTokenHash = new Map(this.#store.data.nodes.flatMap((n) => (n.tokenHash ? [[n.tokenHash, n] as const] : [])));
      this.#indexRevision = this.#store.revision;
    }
    return this.#byTokenHash.get(hashSecret(token));
  }

  /** Networking left out takes the API's defaults (every interface, the default ranges). */
  async create(input: NewNode): Promise<StoredNode> {
    const created = await this.#store.mutate((doc) => {
      const node: StoredNode = {
        id: newId('node'),
        name: input.name,
        host: input.host,
        consolePort: input.consolePort,
        consoleTls: input.consoleTls,
        hostNetwork: input.hostNetwork,
        bindAddress: input.bindAddress ?? DEFAULT_BIND_ADDRESS,
        portRanges: input.portRanges ?? DEFAULT_PORT_RANGES.map((r) => ({ ...r })),
        networkModes: null,
        memory: input.memory,
        disk: input.disk,
        cpu: input.cpu,
        tokenHash: null,
        tokenIssuedAt: null,
        local: input.local ?? false,
        lastSeenAt: null,
        agentVersion: null,
        docker: null,
        createdAt: new Date().toISOString(),
      };
      doc.nodes.push(node);
      return node;
    });
    this.emit('changed', created.id);
    return created;
  }

  /** Replaces the node's token; the old one stops matching in the same write. */
  async setToken(id: string, token: string): Promise<StoredNode> {
    const updated = await this.#store.mutate((doc) => {
      const node = doc.nodes.find((n) => n.id === id);
      if (!node) throw new AppError('NOT_FOUND', 'Node not found');
      node.tokenHash = hashSecret(token);
      node.tokenIssuedAt = new Date().toISOString();
      return node;
    });
    this.emit('changed', id);
    return updated;
  }

  /** Changes a node; capacity may not drop below what its servers already hold. */
  async update(id: string, changes: UpdateNodeBody): Promise<StoredNode> {
    const updated = await this.#store.mutate((doc) => {
      const node = doc.nodes.find((n) => n.id === id);
      if (!node) throw new AppError('NOT_FOUND', 'Node not found');
      const allocated = sumResources(doc.servers.filter((s) => s.nodeId === id));
      const short: Record<string, string> = {};
      for (const resource of RESOURCE_KINDS) {
        const wanted = changes[resource];
        if (wanted !== undefined && wanted < allocated[resource]) short[resource] = `${allocated[resource]} is allocated to servers on this node`;
      }
      if (Object.keys(short).length > 0) throw new AppError('INSUFFICIENT_CAPACITY', 'The node would offer less than its servers already hold', short);
      Object.assign(node, definedOnly(changes));
      return node;
    });
    this.emit('changed', id);
    return updated;
  }

  /** Where clients reach the node's console; the local node's follows the app's own settings. */
  setConsoleEndpoint(id: string, endpoint: { host: string; consolePort: number }): Promise<void> {
    return this.#patch(id, endpoint);
  }

  /** What an agent told us about itself when it connected or left. */
  recordAgent(id: string, facts: { agentVersion?: string; docker?: DockerStatus; networkModes?: NetworkModes | null; lastSeenAt: string }): Promise<void> {
    return this.#patch(id, facts);
  }

  async delete(id: string): Promise<StoredNode> {
    const deleted = await this.#store.mutate((doc) => {
      const node = doc.nodes.find((n) => n.id === id);
      if (!node) throw new AppError('NOT_FOUND', 'Node not found');
      const servers = doc.servers.filter((s) => s.nodeId === id).length;
      if (servers > 0) {
        throw new AppError('NODE_HAS_SERVERS', `${servers} server(s) still live on this node; delete or move them first`, { servers });
      }
      doc.nodes = doc.nodes.filter((n) => n.id !== id);
      return node;
    });
    this.emit('deleted', id);
    return deleted;
  }

  /** Writes facts about a node that may have gone meanwhile; nothing to announce if it has. */
  async #patch(id: string, facts: Partial<StoredNode>): Promise<void> {
    const found = await this.#store.mutate((doc) => {
      const node = doc.nodes.find((n) => n.id === id);
      if (node) Object.assign(node, facts);
      return node !== undefined;
    });
    if (found) this.emit('changed', id);
  }
}
