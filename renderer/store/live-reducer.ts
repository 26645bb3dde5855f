import type { EventFrame, Node, NodeStats, Server } from '../../contracts/index.ts';

/**
 * What the event stream keeps current: every server and node the user may see. A pure
 * function of the frames, so the UI and its tests agree on what each frame means.
 */
export interface LiveData {
  servers: Record<string, Server>;
  nodes: Record<string, Node>;
  nodeStats: Record<string, NodeStats>;
  /** Per server, the latest pull/install progress and the latest disk notice heard on the stream. */
  notices: Record<string, ServerNotices>;
  /** False until the stream's first snapshot: lists show a loading state, not "no servers". */
  loaded: boolean;
}

export type LiveNotice = Extract<EventFrame, { type: 'server_notice' }>['data'];

export interface ServerNotices {
  /** An image pull or install under way (or just ended). */
  progress: LiveNotice | null;
  /** The disk filling up, or the stop at its limit. */
  disk: LiveNotice | null;
}

export const EMPTY_LIVE_DATA: LiveData = { servers: {}, nodes: {}, nodeStats: {}, notices: {}, loaded: false };

export function reduceLiveData(state: LiveData, frame: EventFrame): LiveData {
  switch (frame.type) {
    case 'snapshot':
      return {
        servers: byId(frame.data.servers),
        nodes: byId(frame.data.nodes),
        nodeStats: Object.fromEntries(frame.data.nodeStats.map((stats) => [stats.nodeId, stats])),
        // Notices are moments, not state: what happened before this snapshot is gone with the old stream.
        notices: {},
        loaded: true,
      };
    case 'server':
      return { ...state, servers: { ...state.servers, [frame.data.id]: frame.data } };
    case 'server_deleted':
      return { ...state, servers: without(state.servers, frame.data.id), notices: without(state.notices, frame.data.id) };
    case 'server_notice': {
      const id = frame.data.serverId;
      if (!state.servers[id]) return state;
      const previous = state.notices[id] ?? { progress: null, disk: null };
      const next = frame.data.kind === 'disk' ? { ...previous, disk: frame.data } : { ...previous, progress: frame.data };
      return { ...state, notices: { ...state.notices, [id]: next } };
    }
    case 'resources': {
      let servers = state.servers;
      for (const [id, resources] of Object.entries(frame.data)) {
        const server = servers[id];
        if (!server) continue;
        if (servers === state.servers) servers = { ...servers };
        servers[id] = { ...server, resources };
      }
      return servers === state.servers ? state : { ...state, servers };
    }
    case 'node':
      return { ...state, nodes: { ...state.nodes, [frame.data.id]: frame.data } };
    case 'node_deleted':
      return { ...state, nodes: without(state.nodes, frame.data.id), nodeStats: without(state.nodeStats, frame.data.id) };
    case 'node_stats':
      return { ...state, nodeStats: { ...state.nodeStats, [frame.data.nodeId]: frame.data } };
    case 'signed_out':
      return EMPTY_LIVE_DATA;
  }
}

function byId<T extends { id: string }>(items: readonly T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  if (!(id in record)) return record;
  const next = { ...record };
  delete next[id];
  return next;
}
