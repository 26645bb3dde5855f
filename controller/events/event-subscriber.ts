import type { EventFrame, Node, NodeStats, Server, ServerResources } from '../../contracts/index.ts';
import type { Identity } from '../plugins/auth.ts';
import { canSeeServer, type Viewer } from '../servers/server-visibility.ts';
import type { StoredServer } from '../store/document-schema.ts';
import type { SignedOutReason } from './credential-check.ts';
import type { SseStream } from './sse-stream.ts';

/**
 * One open stream and what its viewer may see: servers by the rule the REST routes use,
 * nodes only for admins. It remembers what it has told the viewer, so a server that leaves
 * the viewer's sight (deleted, or given to another owner) becomes `server_deleted` for
 * exactly those who had it, and a node frame that would repeat the last one is not sent.
 */
export class EventSubscriber {
  /** Fixed for the stream's life: a role change ends the stream, and the reconnect brings the new view. */
  readonly viewer: Viewer;
  readonly #knownServers = new Set<string>();
  readonly #nodeSignatures = new Map<string, string>();

  constructor(readonly identity: Identity, readonly stream: SseStream) {
    this.viewer = { id: identity.user.id, role: identity.user.role };
  }

  get #isAdmin(): boolean {
    return this.viewer.role === 'admin';
  }

  maySee(server: StoredServer): boolean {
    return canSeeServer(this.viewer, server);
  }

  /** `servers` are already the ones this viewer may see. */
  snapshot(servers: Server[], nodes: Node[], nodeStats: NodeStats[]): void {
    for (const server of servers) this.#knownServers.add(server.id);
    const visibleNodes = this.#isAdmin ? nodes : [];
    for (const node of visibleNodes) this.#nodeSignatures.set(node.id, nodeSignature(node));
    this.stream.send({ type: 'snapshot', data: { servers, nodes: visibleNodes, nodeStats: this.#isAdmin ? nodeStats : [] } });
  }

  /** `view` is computed once per change, by whichever subscriber needs it first. */
  serverChanged(server: StoredServer, view: () => Server): void {
    if (this.maySee(server)) {
      this.#knownServers.add(server.id);
      this.stream.send({ type: 'server', data: view() });
    } else {
      this.serverGone(server.id);
    }
  }

  serverGone(id: string): void {
    if (this.#knownServers.delete(id)) this.stream.send({ type: 'server_deleted', data: { id } });
  }

  /** The servers of `batch` this viewer has; nothing is sent when that is none of them. */
  resources(batch: ReadonlyMap<string, ServerResources | null>): void {
    const data: Record<string, ServerResources | null> = {};
    let any = false;
    for (const [id, sample] of batch) {
      if (!this.#knownServers.has(id)) continue;
      data[id] = sample;
      any = true;
    }
    if (any) this.stream.send({ type: 'resources', data });
  }

  /** A pull, install or disk notice, for viewers who have that server. */
  notice(data: Extract<EventFrame, { type: 'server_notice' }>['data']): void {
    if (this.#knownServers.has(data.serverId)) this.stream.send({ type: 'server_notice', data });
  }

  node(node: Node, signature = nodeSignature(node)): void {
    if (!this.#isAdmin || this.#nodeSignatures.get(node.id) === signature) return;
    this.#nodeSignatures.set(node.id, signature);
    this.stream.send({ type: 'node', data: node });
  }

  nodeGone(id: string): void {
    if (!this.#isAdmin) return;
    this.#nodeSignatures.delete(id);
    this.stream.send({ type: 'node_deleted', data: { id } });
  }

  nodeStats(stats: NodeStats): void {
    if (this.#isAdmin) this.stream.send({ type: 'node_stats', data: stats });
  }

  signOut(reason: SignedOutReason): void {
    this.stream.send({ type: 'signed_out', data: { reason } });
    this.stream.end();
  }
}

/**
 * What a node frame says, minus lastSeenAt: every heartbeat moves it, and `node_stats`
 * already carries the time of each sample. A change anywhere else is worth a frame.
 */
export function nodeSignature(node: Node): string {
  const { lastSeenAt: _moving, ...rest } = node;
  return JSON.stringify(rest);
}
