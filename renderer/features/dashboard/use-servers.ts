import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Node } from '../../../contracts/index.ts';
import { appStore, useStore } from '../../store/index.ts';
import { filterServers, type ServerFilter } from './server-filters.ts';

/** What decides a server's place in a filtered list; resources are not part of it. */
function listShape(servers: Record<string, { id: string; name: string; status: string; nodeId: string }>): string {
  let key = '';
  for (const server of Object.values(servers)) key += `${server.id}\u0000${server.name}\u0000${server.status}\u0000${server.nodeId}\u0001`;
  return key;
}

/**
 * The ids of the servers a filter keeps. Recomputed only when a server's name, status or node
 * changes, not when its resources tick, so the list does not re-sort every second.
 */
export function useFilteredServerIds(filter: ServerFilter): string[] {
  const shape = useStore((s) => listShape(s.live.servers));
  const nodeNames = useStore(useShallow((s) => Object.fromEntries(Object.values(s.live.nodes).map((n) => [n.id, n.name]))));
  return useMemo(() => {
    void shape;
    const servers = Object.values(appStore.getState().live.servers);
    return filterServers(servers, filter, nodeNames).map((s) => s.id);
  }, [shape, filter, nodeNames]);
}

export function useNodes(): Node[] {
  return useStore(useShallow((s) => Object.values(s.live.nodes).sort((a, b) => a.name.localeCompare(b.name))));
}
