import type { CreateNodeBody, Node, NodeStats, UpdateNodeBody } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { appStore } from '../../store/index.ts';

export interface IssuedToken {
  nodeId: string;
  token: string;
  command: string;
  issuedAt: string;
}

/**
 * Node changes go to the API, and its answer into the store at once, so the table shows the
 * change before the event stream confirms it (the stream's word wins after).
 */
function remember(node: Node): Node {
  appStore.getState().applyFrame({ type: 'node', data: node });
  return node;
}

export async function registerNode(body: CreateNodeBody): Promise<Node> {
  return remember(await api.post<Node>('/nodes', body));
}

export async function updateNode(id: string, changes: UpdateNodeBody): Promise<Node> {
  return remember(await api.patch<Node>(`/nodes/${id}`, changes));
}

export async function removeNode(id: string): Promise<void> {
  await api.delete(`/nodes/${id}`);
  appStore.getState().applyFrame({ type: 'node_deleted', data: { id } });
}

/** The answer is the only time the token is readable; the node now has a token, whatever the stream says yet. */
export async function issueToken(node: Node): Promise<IssuedToken> {
  const issued = await api.post<IssuedToken>(`/admin/nodes/${node.id}/token`);
  const current = appStore.getState().live.nodes[node.id] ?? node;
  if (!current.hasToken) remember({ ...current, hasToken: true });
  return issued;
}

/** Until the event stream has sent its first snapshot, the page asks once for the list itself. */
export async function loadNodesOnce(): Promise<void> {
  const nodes = await api.all<Node>('/nodes');
  for (const node of nodes) remember(node);
}

/**
 * Host metrics arrive with each heartbeat (every 30 s by default): a node the store has no
 * sample for yet is asked once, so the meters are not empty for half a minute.
 */
export async function loadMissingStats(): Promise<void> {
  const { live } = appStore.getState();
  const missing = Object.keys(live.nodes).filter((id) => !live.nodeStats[id]);
  await Promise.all(missing.map(async (id) => {
    const stats = await api.get<NodeStats>(`/nodes/${id}/stats`);
    // A stream sample that came meanwhile is newer than this answer.
    if (!appStore.getState().live.nodeStats[id]) appStore.getState().applyFrame({ type: 'node_stats', data: stats });
  }));
}
