import { RESOURCE_KINDS, sumResources, type Resources } from '../nodes/allocation.ts';
import { diffRecords } from './document-changes.ts';
import type { DocumentStore } from './document-store.ts';
import type { StoredServer } from './document-schema.ts';

/** What the servers on one node hold, and how many they are. */
export interface NodeAllocation extends Resources {
  servers: number;
  /** How many ports they hold. */
  ports: number;
}

/** A port and its protocol as one number, for cheap lookups: the port twice, plus one for UDP. */
export function portKey(port: number, protocol: string): number {
  return port * 2 + (protocol === 'udp' ? 1 : 0);
}

/** Which server holds a port on one node (by portKey), or undefined when it is free. */
export type PortHolder = (key: number) => string | undefined;

/**
 * What each node has handed out, kept in step with every commit instead of summed over all
 * servers per question: a create's capacity check and each node view cost the same with 10
 * servers or 10,000.
 */
export class NodeAllocations {
  readonly #store: DocumentStore;
  /** Null until first asked, and again after a commit that replaced the servers whole. */
  #byNode: Map<string, NodeAllocation> | null = null;
  /** Per node, who holds each port (portKey → server id); built and dropped with #byNode. */
  #heldByNode = new Map<string, Map<number, string>>();
  /**
   * Per node and protocol, a port number below which every port is held: the free-port search
   * starts there instead of walking every taken port from the bottom of the range. Raised past
   * held ports as servers take them, lowered when one is freed; built and dropped with #byNode.
   */
  #floors = new Map<string, Map<'tcp' | 'udp', { start: number; value: number }>>();

  constructor(store: DocumentStore) {
    this.#store = store;
    store.onCommit((changes) => {
      if (!this.#byNode) return;
      if (changes === null) {
        this.#byNode = null;
        this.#heldByNode = new Map();
        this.#floors = new Map();
        return;
      }
      for (const change of changes) {
        if ('set' in change) {
          if (change.set === 'servers') {
            this.#byNode = null;
            this.#heldByNode = new Map();
            this.#floors = new Map();
          }
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
    if (!diff) {
      const onNode = draft.filter((s) => s.nodeId === nodeId);
      return { ...sumResources(onNode), servers: onNode.length, ports: onNode.reduce((n, s) => n + s.ports.length, 0) };
    }
    const move = (server: StoredServer | undefined, sign: 1 | -1) => {
      if (server?.nodeId !== nodeId) return;
      for (const kind of RESOURCE_KINDS) used[kind] += sign * server[kind];
      used.servers += sign;
      used.ports += sign * server.ports.length;
    };
    for (const server of diff.puts) {
      move(this.#store.findById('servers', server.id), -1);
      move(server, 1);
    }
    for (const id of diff.deletes) move(this.#store.findById('servers', id), -1);
    return used;
  }

  /**
   * Who holds each port on `nodeId` as a write's draft has it: the committed index, overlaid
   * with what the draft changed (found by reference), so placing a port costs the same with 10
   * servers on the node or 10,000.
   */
  portHolderInDraft(draft: readonly StoredServer[], nodeId: string): PortHolder {
    this.#table();
    const committed = this.#heldByNode.get(nodeId) ?? new Map<number, string>();
    if (draft === this.#store.data.servers) return (key) => committed.get(key);
    const diff = diffRecords(this.#store.data.servers, draft);
    if (!diff) {
      const held = new Map<number, string>();
      for (const server of draft) if (server.nodeId === nodeId) for (const p of server.ports) held.set(portKey(p.port, p.protocol), server.id);
      return (key) => held.get(key);
    }
    // undefined in the overlay means "freed by this draft".
    const overlay = new Map<number, string | undefined>();
    const release = (server: StoredServer | undefined) => {
      if (server?.nodeId !== nodeId) return;
      for (const p of server.ports) overlay.set(portKey(p.port, p.protocol), undefined);
    };
    for (const server of diff.puts) release(this.#store.findById('servers', server.id));
    for (const id of diff.deletes) release(this.#store.findById('servers', id));
    for (const server of diff.puts) {
      if (server.nodeId === nodeId) for (const p of server.ports) overlay.set(portKey(p.port, p.protocol), server.id);
    }
    return (key) => (overlay.has(key) ? overlay.get(key) : committed.get(key));
  }

  #table(): Map<string, NodeAllocation> {
    if (!this.#byNode) {
      this.#byNode = new Map();
      this.#heldByNode = new Map();
      this.#floors = new Map();
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
    entry.ports += sign * server.ports.length;
    if (entry.servers === 0) table.delete(server.nodeId);
    let held = this.#heldByNode.get(server.nodeId);
    if (!held) {
      held = new Map();
      this.#heldByNode.set(server.nodeId, held);
    }
    const floors = this.#floors.get(server.nodeId);
    for (const { port, protocol } of server.ports) {
      const key = portKey(port, protocol);
      if (sign === 1) held.set(key, server.id);
      else if (held.get(key) === server.id) {
        held.delete(key);
        const floor = floors?.get(protocol);
        if (floor && port >= floor.start) floor.value = Math.min(floor.value, port);
      }
    }
    if (held.size === 0) this.#heldByNode.delete(server.nodeId);
  }

  /**
   * A port number from `start` below which every `protocol` port on `nodeId` is held by a
   * committed server. Raised lazily past held ports, so over time it costs the ports taken, not
   * a walk from `start` per question. A write's own draft may have freed one lower: the search
   * then finds a free port a little higher than the lowest, never a held one.
   */
  floorOf(nodeId: string, protocol: 'tcp' | 'udp', start: number): number {
    this.#table();
    let floors = this.#floors.get(nodeId);
    if (!floors) {
      floors = new Map();
      this.#floors.set(nodeId, floors);
    }
    let floor = floors.get(protocol);
    if (!floor || floor.start !== start) {
      floor = { start, value: start };
      floors.set(protocol, floor);
    }
    const held = this.#heldByNode.get(nodeId);
    while (held?.has(portKey(floor.value, protocol))) floor.value += 1;
    return floor.value;
  }
}

function empty(): NodeAllocation {
  return { memory: 0, disk: 0, cpu: 0, servers: 0, ports: 0 };
}
