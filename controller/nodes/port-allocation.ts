import { AppError, type PortRange, type ServerPort } from '../../contracts/index.ts';
import type { StoredNode } from '../store/document-schema.ts';
import { portKey, type PortHolder } from '../store/node-allocations.ts';

/** Who holds a port on a node: a server, or the node's own console (a clash in host mode). */
interface Holder {
  serverId: string | null;
  name: string;
}

/** What a new or changed server asks for: exactly these ports, or ports laid out like these (the blueprint's). */
export type PortsWanted = readonly ServerPort[] | { like: readonly ServerPort[] };

const key = (port: number, protocol: string): string => `${port}/${protocol}`;

/** The node's ports as a write sees them: who holds a port (portKey), and a server's name for messages. */
export interface HeldPorts {
  holder: PortHolder;
  nameOf(serverId: string): string;
  /** From `start`, below which port number every port of `protocol` is held: where the free-port search may start. */
  floor(protocol: 'tcp' | 'udp', start: number): number;
}

/**
 * Who holds `port` on `node` (but `excludeId`, the server being changed): a server's id, the
 * node's console (null) — with host networking a game there would fight the console for it, and
 * in bridge mode a published port there would too — or undefined when it is free. Names are
 * looked up only for a refusal's message: the free-port search asks this for every candidate.
 */
function holderOf(node: StoredNode, held: HeldPorts, excludeId: string | null, port: number, protocol: string): string | null | undefined {
  if (port === node.consolePort && protocol === 'tcp') return null;
  const serverId = held.holder(portKey(port, protocol));
  return serverId === excludeId ? undefined : serverId;
}

/**
 * The ports a server gets on `node`, decided inside the store's serialised write so two
 * concurrent creates can never both take one port. Named ports are checked and kept (a port
 * outside the node's ranges is the admin's explicit choice); otherwise the blueprint's ports are
 * placed in the node's free ranges, keeping their spacing (games derive a query port from the
 * game port, and a TCP/UDP pair shares its number).
 */
export function placePorts(node: StoredNode, held: HeldPorts, wanted: PortsWanted, excludeId: string | null): ServerPort[] {
  const holder = (port: number, protocol: string) => holderOf(node, held, excludeId, port, protocol);
  if (!('like' in wanted)) {
    assertFree(node, wanted, holder, held);
    return wanted.map(({ port, protocol }) => ({ port, protocol }));
  }
  return allocateLike(node, wanted.like, holder, held);
}

function assertFree(node: StoredNode, ports: readonly ServerPort[], holderOfPort: (port: number, protocol: string) => string | null | undefined, held: HeldPorts): void {
  const seen = new Set<string>();
  ports.forEach(({ port, protocol }, index) => {
    const label = key(port, protocol);
    if (seen.has(label)) {
      throw new AppError('VALIDATION_ERROR', `Port ${label} is listed twice`, { [`ports.${index}.port`]: `${label} is listed twice` });
    }
    seen.add(label);
    const serverId = holderOfPort(port, protocol);
    if (serverId === undefined) return;
    const holder: Holder = serverId === null ? { serverId: null, name: "the node's console" } : { serverId, name: held.nameOf(serverId) };
    throw new AppError('PORT_IN_USE', `Port ${label} on node ${node.name} is already used by ${holder.serverId ? `server "${holder.name}" (${holder.serverId})` : holder.name}`, {
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
function allocateLike(node: StoredNode, like: readonly ServerPort[], holderOfPort: (port: number, protocol: string) => string | null | undefined, held: HeldPorts): ServerPort[] {
  if (like.length === 0) return [];
  const lowest = Math.min(...like.map((p) => p.port));
  const offsets = like.map(({ port, protocol }) => ({ offset: port - lowest, protocol }));
  const span = Math.max(...offsets.map((o) => o.offset));
  const fits = (base: number): boolean =>
    offsets.every(({ offset, protocol }) => inRanges(node.portRanges, base + offset) && holderOfPort(base + offset, protocol) === undefined);
  // No base puts a port below its protocol's floor: those are all held.
  const firstStart = Math.min(...node.portRanges.map((r) => r.start));
  const lowestPossible = node.portRanges.length === 0 ? 0 : Math.max(...offsets.map(({ offset, protocol }) => held.floor(protocol, firstStart) - offset));
  const base = fits(lowest) ? lowest : firstFittingBase(node.portRanges, span, fits, lowestPossible);
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
function firstFittingBase(ranges: readonly PortRange[], span: number, fits: (base: number) => boolean, from: number): number | undefined {
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    for (let base = Math.max(range.start, from); base + span <= range.end; base += 1) if (fits(base)) return base;
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
