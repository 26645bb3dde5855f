import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import {
  AppError,
  EVENTS_KEEPALIVE_MS,
  EVENTS_RESOURCES_INTERVAL_MS,
  type Node,
  type Server,
  type ServerResources,
} from '../../contracts/index.ts';
import type { AgentHub } from '../agents/agent-hub.ts';
import type { Identity } from '../plugins/auth.ts';
import type { LiveServerState } from '../servers/live-server-state.ts';
import { canSeeServer } from '../servers/server-visibility.ts';
import type { CredentialsRepository } from '../store/credentials-repository.ts';
import type { StoredNode, StoredServer } from '../store/document-schema.ts';
import type { NodesRepository } from '../store/nodes-repository.ts';
import type { ServersRepository } from '../store/servers-repository.ts';
import type { UsersRepository } from '../store/users-repository.ts';
import { credentialEnded } from './credential-check.ts';
import { EventSubscriber, nodeSignature } from './event-subscriber.ts';
import { SseStream } from './sse-stream.ts';

export interface EventBusSources {
  servers: ServersRepository;
  nodes: NodesRepository;
  hub: AgentHub;
  liveServers: LiveServerState;
  users: UsersRepository;
  credentials: CredentialsRepository;
  /** The store's commit counter: a credential can only have been revoked by a write. */
  revision: () => number;
  publicServer: (server: StoredServer) => Server;
  publicNode: (node: StoredNode) => Node;
  log: FastifyBaseLogger;
}

export interface EventBusTiming {
  resourcesIntervalMs: number;
  keepaliveMs: number;
}

/**
 * Gathers every change a UI shows (server records, nodes, agents coming and going, host and
 * server samples) and fans it out to the open event streams, each filtered for its viewer.
 * Resource samples arrive about once a second per running server; they are coalesced to the
 * latest per server and flushed once per interval, so a stream's rate does not grow with the
 * number of servers.
 */
export class EventBus {
  readonly #subscribers = new Set<EventSubscriber>();
  readonly #pendingResources = new Map<string, ServerResources | null>();
  readonly #timers: NodeJS.Timeout[];
  #checkedRevision: number;
  #closed = false;

  readonly #sources: EventBusSources;

  constructor(sources: EventBusSources, timing: EventBusTiming = { resourcesIntervalMs: EVENTS_RESOURCES_INTERVAL_MS, keepaliveMs: EVENTS_KEEPALIVE_MS }) {
    this.#sources = sources;
    const { servers, nodes, hub, liveServers } = sources;
    servers.on('changed', this.#guard((id) => this.#serverChanged(id)));
    servers.on('deleted', this.#guard((id) => this.#each((s) => s.serverGone(id))));
    servers.on('allocationChanged', this.#guard((nodeId) => this.#nodeChanged(nodeId)));
    nodes.on('changed', this.#guard((id) => this.#nodeChanged(id)));
    nodes.on('deleted', this.#guard((id) => this.#each((s) => s.nodeGone(id))));
    hub.on('online', this.#guard((nodeId) => this.#nodeConnectionChanged(nodeId)));
    hub.on('offline', this.#guard((nodeId) => this.#nodeConnectionChanged(nodeId)));
    hub.on('sample', this.#guard((nodeId) => this.#nodeSampled(nodeId)));
    liveServers.on('resources', (serverId, resources) => {
      if (this.#subscribers.size > 0) this.#pendingResources.set(serverId, resources);
    });
    // Notices are few (a pull reports at most once a second) and each one matters: sent at once.
    liveServers.on('notice', this.#guard((serverId, notice) => {
      const at = new Date().toISOString();
      this.#each((s) => s.notice({ ...notice, serverId, at }));
    }));
    this.#checkedRevision = sources.revision();
    this.#timers = [
      setInterval(() => this.#tick(), timing.resourcesIntervalMs),
      setInterval(() => this.#keepalive(), timing.keepaliveMs),
    ];
    for (const timer of this.#timers) timer.unref();
  }

  /**
   * Opens a stream on `response` for `identity`: headers, then the snapshot of everything the
   * viewer may see, then changes. Built in one synchronous step, so no change can fall between
   * the snapshot and the first change frame.
   */
  subscribe(identity: Identity, response: ServerResponse, headers: OutgoingHttpHeaders): void {
    if (this.#closed) throw new AppError('SHUTTING_DOWN', 'The controller is shutting down; retry in a moment');
    const viewer = identity.user;
    const servers = this.#sources.servers.all().filter((s) => canSeeServer(viewer, s)).map((s) => this.#sources.publicServer(s));
    const storedNodes = viewer.role === 'admin' ? this.#sources.nodes.all() : [];
    const nodes = storedNodes.map((n) => this.#sources.publicNode(n));
    const nodeStats = storedNodes.map((n) => this.#sources.hub.stats(n)).filter((stats) => stats.metrics !== null);
    const subscriber = new EventSubscriber(identity, new SseStream(response, headers));
    subscriber.snapshot(servers, nodes, nodeStats);
    this.#subscribers.add(subscriber);
    subscriber.stream.once('close', () => this.#subscribers.delete(subscriber));
  }

  /** Ends every stream (clients reconnect to whatever comes next) and stops the timers. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const subscriber of this.#subscribers) subscriber.stream.end();
    this.#subscribers.clear();
  }

  #serverChanged(id: string): void {
    const server = this.#sources.servers.findById(id);
    // Deleted since: its own `deleted` event tells the subscribers.
    if (!server) return;
    let view: Server | undefined;
    this.#each((s) => s.serverChanged(server, () => (view ??= this.#sources.publicServer(server))));
  }

  #nodeChanged(nodeId: string): void {
    const node = this.#sources.nodes.findById(nodeId);
    if (!node) return;
    const view = this.#sources.publicNode(node);
    const signature = nodeSignature(view);
    this.#each((s) => s.node(view, signature));
  }

  /** Online or offline: the node's status, and `nodeOnline` on every server placed on it. */
  #nodeConnectionChanged(nodeId: string): void {
    this.#nodeChanged(nodeId);
    for (const server of this.#sources.servers.onNode(nodeId)) this.#serverChanged(server.id);
  }

  #nodeSampled(nodeId: string): void {
    const node = this.#sources.nodes.findById(nodeId);
    if (!node) return;
    const stats = this.#sources.hub.stats(node);
    this.#each((s) => s.nodeStats(stats));
    // A heartbeat also reports Docker's state; a node frame follows only if that changed.
    this.#nodeChanged(nodeId);
  }

  #tick(): void {
    this.#flushResources();
    if (this.#sources.revision() !== this.#checkedRevision) this.#recheckCredentials();
  }

  #keepalive(): void {
    for (const subscriber of this.#subscribers) subscriber.stream.comment('keepalive');
    // Expiry is the one way a credential ends without a write; this catches it.
    this.#recheckCredentials();
  }

  #flushResources(): void {
    if (this.#pendingResources.size === 0) return;
    const batch = new Map(this.#pendingResources);
    this.#pendingResources.clear();
    this.#each((s) => s.resources(batch));
  }

  #recheckCredentials(): void {
    this.#checkedRevision = this.#sources.revision();
    for (const subscriber of this.#subscribers) {
      const reason = credentialEnded(subscriber.identity, this.#sources);
      if (reason) subscriber.signOut(reason);
      // A new role changes what the viewer may see: the reconnect's snapshot is the new view.
      else if (this.#sources.users.findById(subscriber.viewer.id)?.role !== subscriber.viewer.role) subscriber.stream.end();
    }
  }

  #each(deliver: (subscriber: EventSubscriber) => void): void {
    for (const subscriber of this.#subscribers) deliver(subscriber);
  }

  /**
   * Repositories emit after an acknowledged write: a listener that throws must not turn that
   * write into a failed request. A bug here costs a frame, which is logged.
   */
  #guard<A extends unknown[]>(listener: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        listener(...args);
      } catch (error) {
        this.#sources.log.error({ err: error }, 'could not publish a change to the event streams');
      }
    };
  }
}
