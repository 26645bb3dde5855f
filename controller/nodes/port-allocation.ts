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
}

/**
 * Who holds `port` on `node` (but `excludeId`, the server being changed): a server, or the
 * agent's console port — with host networking a game there would fight the console for it, and
 * in bridge mode a published port there would too.
 */
function holderOf(node: StoredNode, held: HeldPorts, excludeId: string | null, port: number, protocol: string): Holder | undefined {
  if (port === node.consolePort && protocol === 'tcp') return { serverId: null, name: "the node's console" };
  const serverId = held.holder(portKey(port, protocol));
  if (serverId === undefined || serverId === excludeId) return undefined;
  return { serverId, name: held.nameOf(serverId) };
}

/**
 * The ports a server gets on `node`, decided inside the store's serialised write so two
 * concurrent creates can never both take one port. Named ports are checked and kept (a port
 * outside the node's ranges is the admin's explicit choice); otherwise the blueprint's ports are
 * placed in the node's free ranges, keeping their spacing (games derive a query port from the
 * game port, and a TCP/UDP pair shares its number).
 */
export function placePorts(node: StoredNode, held: HeldPorts, wanted: PortsWanted, excludeId: string | null): ServerPort[] {
  const isHeld = (port: number, protocol: string) => holderOf(node, held, excludeId, port, protocol);
  if (!('like' in wanted)) {
    assertFree(node, wanted, isHeld);
    return wanted.map(({ port, protocol }) => ({ port, protocol }));
  }
  return allocateLike(node, wanted.like, isHeld);
}

function assertFree(node: StoredNode, ports: readonly ServerPort[], held: (port: number, protocol: string) => Holder | undefined): void {
  const seen = new Set<string>();
  ports.forEach(({ port, protocol }, index) => {
    const label = key(port, protocol);
    if (seen.has(label)) {
      throw new AppError('VALIDATION_ERROR', `Port ${label} is listed twice`, { [`ports.${index}.port`]: `${label} is listed twice` });
    }
    seen.add(label);
    const holder = held(port, protocol);
    if (!holder) return;
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
function allocateLike(node: StoredNode, like: readonly ServerPort[], held: (port: number, protocol: string) => Holder | undefined): ServerPort[] {
  if (like.length === 0) return [];
  const lowest = Math.min(...like.map((p) => p.port));
  const offsets = like.map(({ port, protocol }) => ({ offset: port - lowest, protocol }));
  const span = Math.max(...offsets.map((o) => o.offset));
  const fits = (base: number): boolean =>
    offsets.every(({ offset, protocol }) => inRanges(node.portRanges, base + offset) && held(base + offset, protocol) === undefined);
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
