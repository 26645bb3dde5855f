import { RESOURCE_KINDS, sumResources, type Resources } from '../nodes/allocation.ts';
import { diffRecords } from './document-changes.ts';
import type { DocumentStore } from './document-store.ts';
import type { StoredServer } from './document-schema.ts';

/** What the servers on one node hold, and how many they are. */
export interface NodeAllocation extends Resources {
  servers: number;
}

/**
 * What each node has handed out, kept in step with every commit instead of summed over all
 * servers per question: a create's capacity check and each node view cost the same with 10
 * servers or 10,000.
 */
export class NodeAllocations {
  readonly #store: DocumentStore;
  /** Null until first asked, and again after a commit that replaced the servers whole. */
  #byNode: Map<string, NodeAllocation> | null = null;

  constructor(store: DocumentStore) {
    this.#store = store;
    store.onCommit((changes) => {
      if (!this.#byNode) return;
      if (changes === null) {
        this.#byNode = null;
        return;
      }
      for (const change of changes) {
        if ('set' in change) {
          if (change.set === 'servers') this.#byNode = null;
        } else if ('put' in change && change.put === 'servers') {
          // The store still shows the state before this commit: take out what the record replaced.
          this.#add(store.findById('servers', change.record.id), -1);
          this.#add(change.record as StoredServer, 1);
        } else if ('delete' in change && change.delete === 'servers') {
          this.#add(store.findById('servers', change.id), -1);
        }
        if (!this.#byNode) return;
      }
    });
  }

  /** What the committed servers on `nodeId` hold. */
  of(nodeId: string): NodeAllocation {
    return { ...(this.#table().get(nodeId) ?? empty()) };
  }

  /**
   * What the servers of a write's draft hold on `nodeId`: the committed sum, moved by whatever
   * the draft added, replaced or removed (found by reference, so it costs the change).
   */
  inDraft(draft: readonly StoredServer[], nodeId: string): NodeAllocation {
    const committed = this.#store.data.servers;
    const used = this.of(nodeId);
    if (draft === committed) return used;
    const diff = diffRecords(committed, draft);
    if (!diff) return { ...sumResources(draft.filter((s) => s.nodeId === nodeId)), servers: draft.filter((s) => s.nodeId === nodeId).length };
    const move = (server: StoredServer | undefined, sign: 1 | -1) => {
      if (server?.nodeId !== nodeId) return;
      for (const kind of RESOURCE_KINDS) used[kind] += sign * server[kind];
      used.servers += sign;
    };
    for (const server of diff.puts) {
      move(this.#store.findById('servers', server.id), -1);
      move(server, 1);
    }
    for (const id of diff.deletes) move(this.#store.findById('servers', id), -1);
    return used;
  }

  #table(): Map<string, NodeAllocation> {
    if (!this.#byNode) {
      this.#byNode = new Map();
      for (const server of this.#store.data.servers) this.#add(server, 1);
    }
    return this.#byNode;
  }

  #add(server: StoredServer | undefined, sign: 1 | -1): void {
    if (!server) return;
    const table = this.#table();
    let entry = table.get(server.nodeId);
    if (!entry) {
      entry = empty();
      table.set(server.nodeId, entry);
    }
    for (const kind of RESOURCE_KINDS) entry[kind] += sign * server[kind];
    entry.servers += sign;
    if (entry.servers === 0) table.delete(server.nodeId);
  }
}

function empty(): NodeAllocation {
  return { memory: 0, disk: 0, cpu: 0, servers: 0 };
}
