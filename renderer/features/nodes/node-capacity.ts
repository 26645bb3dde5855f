import type { HostMetrics, Node, NodeStats } from '../../../contracts/index.ts';
import { formatBytes, formatCores, formatMiB, formatPercent } from '../../lib/format.ts';

export type MeterTone = '' | 'warn' | 'danger';

/** A share in 0..1 for a meter; null when there is nothing to divide by. */
export function share(used: number, total: number): number | null {
  if (!Number.isFinite(used) || !Number.isFinite(total) || total <= 0) return null;
  return Math.max(0, Math.min(1, used / total));
}

/** Amber past three quarters, red past nine tenths: the same thresholds as the dashboard. */
export function meterTone(value: number | null): MeterTone {
  if (value === null) return '';
  if (value > 0.9) return 'danger';
  if (value > 0.75) return 'warn';
  return '';
}

export interface MeterLine {
  key: 'cpu' | 'memory' | 'disk';
  label: string;
  share: number | null;
  text: string;
}

/** What the node's servers were promised against what the node offers, in the API's units. */
export function allocationLines(node: Pick<Node, 'allocated' | 'capacity'>): MeterLine[] {
  const { allocated, capacity } = node;
  return [
    { key: 'memory', label: 'Memory', share: share(allocated.memory, capacity.memory), text: `${mib(allocated.memory)} / ${compactMiB(capacity.memory)}` },
    { key: 'cpu', label: 'CPU', share: share(allocated.cpu, capacity.cpu), text: `${coresNumber(allocated.cpu)} / ${formatCores(capacity.cpu)}` },
    { key: 'disk', label: 'Disk', share: share(allocated.disk, capacity.disk), text: `${mib(allocated.disk)} / ${compactMiB(capacity.disk)}` },
  ];
}

/** Nothing allocated reads "0 / 8 GiB", not "0 B / 8 GiB". */
function mib(value: number): string {
  return value === 0 ? '0' : compactMiB(value);
}

/** A MiB amount as short as it reads well: "192 MiB", "22.5 GiB". */
export function compactMiB(value: number): string {
  return value === 0 ? '0 MiB' : short(formatMiB(value));
}

/** "192 MiB" rather than "192.0 MiB": table cells are narrow. */
function short(size: string): string {
  return size.replace(/\.0(?= [KMGT]?i?B$)/, '');
}

/** "1.5" rather than "1.5 cores" on the left of "1.5 / 8 cores". */
function coresNumber(percentOfOneCore: number): string {
  const cores = percentOfOneCore / 100;
  return Number.isInteger(cores) ? String(cores) : cores.toFixed(1);
}

/** What the host itself is doing, as the agent last sampled it. */
export function hostLines(metrics: HostMetrics | null | undefined): MeterLine[] {
  if (!metrics) {
    return [
      { key: 'cpu', label: 'CPU', share: null, text: '—' },
      { key: 'memory', label: 'Memory', share: null, text: '—' },
      { key: 'disk', label: 'Disk', share: null, text: '—' },
    ];
  }
  return [
    { key: 'cpu', label: 'CPU', share: share(metrics.cpu, 100), text: formatPercent(metrics.cpu) },
    { key: 'memory', label: 'Memory', share: share(metrics.memory.used, metrics.memory.total), text: `${short(formatBytes(metrics.memory.used))} / ${short(formatBytes(metrics.memory.total))}` },
    { key: 'disk', label: 'Disk', share: share(metrics.disk.used, metrics.disk.total), text: `${short(formatBytes(metrics.disk.used))} / ${short(formatBytes(metrics.disk.total))}` },
  ];
}

/**
 * When the agent was last heard from. Node frames leave out lastSeenAt changes (every
 * heartbeat would send one), while each stats sample carries its own time: the later wins.
 */
export function lastSeen(node: Pick<Node, 'lastSeenAt'>, stats: Pick<NodeStats, 'sampledAt'> | undefined): string | null {
  const times = [node.lastSeenAt, stats?.sampledAt ?? null].filter((t): t is string => t !== null && Number.isFinite(Date.parse(t)));
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}
