import type { Server, ServerStatus } from '../../../contracts/index.ts';

export interface ServerFilter {
  text: string;
  status: ServerStatus | 'all';
  nodeId: string | 'all';
}

export const NO_FILTER: ServerFilter = { text: '', status: 'all', nodeId: 'all' };

/**
 * The servers a filter keeps, by name. Not by status: a live list whose rows jump when a
 * server starts is hard to click; the status filter answers "what is crashed?".
 * Text matches name, id, blueprint and node name.
 */
export function filterServers(servers: readonly Server[], filter: ServerFilter, nodeNames: Readonly<Record<string, string>> = {}): Server[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return servers
    .filter((server) => {
      if (filter.status !== 'all' && server.status !== filter.status) return false;
      if (filter.nodeId !== 'all' && server.nodeId !== filter.nodeId) return false;
      if (words.length === 0) return true;
      const haystack = `${server.name} ${server.id} ${server.blueprintId} ${nodeNames[server.nodeId] ?? ''}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function countByStatus(statuses: readonly ServerStatus[]): Record<ServerStatus, number> {
  const counts: Record<ServerStatus, number> = { installing: 0, install_failed: 0, stopped: 0, starting: 0, running: 0, stopping: 0, crashed: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}
