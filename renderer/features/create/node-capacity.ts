import type { Node } from '../../../contracts/api/nodes.ts';
import { sizeOfMiB } from '../blueprints/amounts.ts';

/** Memory and disk in MiB, CPU in percent of one core: the API's units. */
export interface Resources {
  memory: number;
  cpu: number;
  disk: number;
}

export const RESOURCE_KEYS = ['memory', 'cpu', 'disk'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/**
 * What a node can still give a new server: what it offers minus what its servers hold. The
 * API refuses a server that does not fit (409 INSUFFICIENT_CAPACITY) with the same sum; an
 * over-committed node shows 0, never a negative amount.
 */
export function capacityLeft(node: Pick<Node, 'capacity' | 'allocated'>): Resources {
  return {
    memory: Math.max(0, node.capacity.memory - node.allocated.memory),
    cpu: Math.max(0, node.capacity.cpu - node.allocated.cpu),
    disk: Math.max(0, node.capacity.disk - node.allocated.disk),
  };
}

/** The resources a request asks for beyond what is left; `null` values (not a number yet) never exceed. */
export function exceeded(left: Resources, wanted: Partial<Record<ResourceKey, number | null>>): Set<ResourceKey> {
  const over = new Set<ResourceKey>();
  for (const key of RESOURCE_KEYS) {
    const value = wanted[key];
    if (typeof value === 'number' && value > left[key]) over.add(key);
  }
  return over;
}

/** "node-1 — 12.5 GiB / 700% CPU / 180 GiB free", with "(offline)" when the node is not online. */
export function describeNodeOption(node: Pick<Node, 'name' | 'status' | 'capacity' | 'allocated'>): string {
  const left = capacityLeft(node);
  const free = `${sizeOfMiB(left.memory)} / ${left.cpu}% CPU / ${sizeOfMiB(left.disk)} free`;
  const status = node.status === 'online' ? '' : node.status === 'pending' ? ' (not connected yet)' : ' (offline)';
  return `${node.name} — ${free}${status}`;
}

/** The node a new server goes to unless changed: the first online one by name, else the first. */
export function preferredNodeId(nodes: readonly Pick<Node, 'id' | 'name' | 'status'>[]): string {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return (sorted.find((n) => n.status === 'online') ?? sorted[0])?.id ?? '';
}
