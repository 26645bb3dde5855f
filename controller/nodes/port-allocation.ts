import { AppError, type PortRange, type ServerPort } from '../../contracts/index.ts';
import type { StoredNode, StoredServer } from '../store/document-schema.ts';

/** Who holds a port on a node: a server, or the node's own console (a clash in host mode). */
interface Holder {
  serverId: string | null;
  name: string;
}

/** What a new or changed server asks for: exactly these ports, or ports laid out like these (the blueprint's). */
export type PortsWanted = readonly ServerPort[] | { like: readonly ServerPort[] };

const key = (port: number, protocol: string): string => `${port}/${protocol}`;

/**
 * Every port held on `node` by its servers (but `excludeId`, the server being changed), plus
 * the agent's console port: with host networking a game there would fight the console for it,
 * and in bridge mode a published port there would too.
 */
function heldPorts(node: StoredNode, servers: readonly StoredServer[], excludeId: string | null): Map<string, Holder> {
  const held = new Map<string, Holder>([[key(node.consolePort, 'tcp'), { serverId: null, name: "the node's console" }]]);
  for (const server of servers) {
    if (server.nodeId !== node.id || server.id === excludeId) continue;
    for (const { port, protocol } of server.ports) held.set(key(port, protocol), { serverId: server.id, name: server.name });
  }
  return held;
}

/**
 * The ports a server gets on `node`, decided inside the store's serialised write so two
 * concurrent creates can never both take one port. Named ports are checked and kept (a port
 * outside the node's ranges is the admin's explicit choice); otherwise the blueprint's ports are
 * placed in the node's free ranges, keeping their spacing (games derive a query port from the
 * game port, and a TCP/UDP pair shares its number).
 */
export function placePorts(node: StoredNode, servers: readonly StoredServer[], wanted: PortsWanted, excludeId: string | null): ServerPort[] {
  const held = heldPorts(node, servers, excludeId);
  if (!('like' in wanted)) {
    assertFree(node, wanted, held);
    return wanted.map(({ port, protocol }) => ({ port, protocol }));
  }
  return allocateLike(node, wanted.like, held);
}

function assertFree(node: StoredNode, ports: readonly ServerPort[], held: Map<string, Holder>): void {
  const seen = new Set<string>();
  ports.forEach(({ port, protocol }, index) => {
    const portKey = key(port, protocol);
    if (seen.has(portKey)) {
      throw new AppError('VALIDATION_ERROR', `Port ${portKey} is listed twice`, { [`ports.${index}.port`]: `${portKey} is listed twice` });
    }
    seen.add(portKey);
    const holder = held.get(portKey);
    if (!holder) return;
    throw new AppError('PORT_IN_USE', `Port ${portKey} on node ${node.name} is already used by ${holder.serverId ? `server "${holder.name}" (${holder.serverId})` : holder.name}`, {
      port,
      protocol,
      field: `ports.${index}.port`,
      serverId: holder.serverId,
      serverName: holder.name,
    });
  });
}

/**
 * The blueprint's own ports when they are inside the ranges and free (players know 25565), else
 * the lowest base in the ranges where the whole block fits and is free.
 */
function allocateLike(node: StoredNode, like: readonly ServerPort[], held: Map<string, Holder>): ServerPort[] {
  if (like.length === 0) return [];
  const lowest = Math.min(...like.map((p) => p.port));
  const offsets = like.map(({ port, protocol }) => ({ offset: port - lowest, protocol }));
  const span = Math.max(...offsets.map((o) => o.offset));
  const fits = (base: number): boolean =>
    offsets.every(({ offset, protocol }) => inRanges(node.portRanges, base + offset) && !held.has(key(base + offset, protocol)));
  const base = fits(lowest) ? lowest : firstFittingBase(node.portRanges, span, fits);
  if (base === undefined) {
    const wanted = like.map((p) => key(p.port, p.protocol)).join(', ');
    throw new AppError('NO_FREE_PORTS', `Node ${node.name} has no free ports for ${wanted} in its port ranges (${describeRanges(node.portRanges)}): widen the ranges or name the ports`, {
      ports: wanted,
      portRanges: node.portRanges,
    });
  }
  return offsets.map(({ offset, protocol }) => ({ port: base + offset, protocol }));
}

/** The lowest base in the ranges from which a block `span` wide stays inside one range and fits. */
function firstFittingBase(ranges: readonly PortRange[], span: number, fits: (base: number) => boolean): number | undefined {
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    for (let base = range.start; base + span <= range.end; base += 1) if (fits(base)) return base;
  }
  return undefined;
}

function inRanges(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => port >= r.start && port <= r.end);
}

export function describeRanges(ranges: readonly PortRange[]): string {
  if (ranges.length === 0) return 'none';
  return ranges.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`)).join(', ');
}

/** How many ports the servers on a node hold, for the node's public view. */
export function countPortsInUse(servers: readonly StoredServer[]): number {
  return servers.reduce((n, s) => n + s.ports.length, 0);
}
