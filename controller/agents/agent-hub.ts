import { EventEmitter } from 'node:events';
import { AGENT_LINK_CLOSE } from '../../contracts/agent-link-close.ts';
import {
  AGENT_PROTOCOL_VERSION,
  AppError,
  type AgentEvent,
  type AgentMethod,
  type AgentParams,
  type AgentReply,
  type ClientConsoleFrame,
  type DockerStatus,
  type HostMetrics,
  type NetworkModes,
  type NodeStats,
  type NodeStatus,
  type ServerConsoleFrame,
  type ServerSpec,
} from '../../contracts/index.ts';
import { randomBase62 } from '../security/ids.ts';
import type { StoredNode } from '../store/document-schema.ts';
import type { NodesRepository } from '../store/nodes-repository.ts';
import type { AgentConnection } from './agent-connection.ts';

export interface AgentHubEvents {
  /** A node's agent said hello: the node is online from now on. */
  online: [nodeId: string];
  offline: [nodeId: string];
  /** A heartbeat stored a new host sample for the node (read it with stats()). */
  sample: [nodeId: string];
  /** A validated event from the agent of `nodeId`; listeners must check the resource is on that node. */
  agentEvent: [nodeId: string, event: AgentEvent];
}

/** Where a relayed console session's frames from the agent go. */
export interface RelaySink {
  deliver(frame: ServerConsoleFrame): void;
  /** The agent ended the session or the node went away. */
  ended(reason: 'closed' | 'node_offline'): void;
}

export interface RelayHandle {
  send(frame: ClientConsoleFrame): void;
  close(): void;
}

interface RelaySession {
  nodeId: string;
  sink: RelaySink;
}

interface Sample {
  metrics: HostMetrics;
  sampledAt: string;
}

export interface AgentHubOptions {
  nodes: NodesRepository;
  heartbeatIntervalSeconds: number;
  consolePublicKey: string;
  /** What a node should run; sent in every welcome. */
  specsFor: (nodeId: string) => ServerSpec[];
}

/** How long an agent has to say hello after connecting. */
const HELLO_TIMEOUT_MS = 10_000;
/** Missed heartbeats after which a silent link is dropped (the field notes' "unhealthy" mark). */
const MISSED_HEARTBEATS_ALLOWED = 3;

/**
 * Every live agent link, keyed by node. Knows which nodes are online, their latest host
 * sample, and routes requests to them; routes and the servers module use it, never a socket.
 */
export class AgentHub extends EventEmitter<AgentHubEvents> {
  readonly #connections = new Map<string, AgentConnection>();
  readonly #samples = new Map<string, Sample>();
  readonly #lastSeen = new Map<string, string>();
  readonly #dockerStatus = new Map<string, DockerStatus>();
  readonly #networkModes = new Map<string, NetworkModes | null>();
  readonly #relays = new Map<string, RelaySession>();
  readonly #livenessTimer: NodeJS.Timeout;

  readonly #options: AgentHubOptions;

  constructor(options: AgentHubOptions) {
    super();
    this.#options = options;
    this.#livenessTimer = setInterval(() => this.#dropSilentLinks(), options.heartbeatIntervalSeconds * 1000);
    this.#livenessTimer.unref();
  }

  isOnline(nodeId: string): boolean {
    return this.#connections.get(nodeId)?.hello != null;
  }

  status(node: StoredNode): NodeStatus {
    if (this.isOnline(node.id)) return 'online';
    return node.lastSeenAt === null && !this.#lastSeen.has(node.id) ? 'pending' : 'offline';
  }

  lastSeenAt(node: StoredNode): string | null {
    return this.#lastSeen.get(node.id) ?? node.lastSeenAt;
  }

  /** The connected agent's own word first: the stored copy lags by one durable write. */
  agentVersion(node: StoredNode): string | null {
    return this.#connections.get(node.id)?.hello?.agentVersion ?? node.agentVersion;
  }

  docker(node: StoredNode): DockerStatus | null {
    return this.#dockerStatus.get(node.id) ?? node.docker;
  }

  /** The network modes the node's engine offers, as its agent last said (null: not known). */
  networkModes(node: StoredNode): NetworkModes | null {
    return this.#networkModes.has(node.id) ? (this.#networkModes.get(node.id) ?? null) : node.networkModes;
  }

  stats(node: StoredNode): NodeStats {
    const sample = this.#samples.get(node.id);
    return { nodeId: node.id, online: this.isOnline(node.id), sampledAt: sample?.sampledAt ?? null, metrics: sample?.metrics ?? null };
  }

  /**
   * Sends a request to a node's agent; the reply's type comes from the contracts' request
   * table, and the reply is checked against it. An offline node is a NODE_OFFLINE conflict,
   * not a hang.
   */
  request<M extends AgentMethod>(nodeId: string, method: M, params: AgentParams<M>, timeoutMs = 30_000): Promise<AgentReply<M>> {
    const connection = this.#connections.get(nodeId);
    if (!connection?.hello) return Promise.reject(new AppError('NODE_OFFLINE', 'The node is offline: its agent is not connected'));
    return connection.request(method, params, timeoutMs);
  }

  /**
   * Opens a console session on a node's agent, carried over its link: the relay speaks the
   * same protocol as the node's own console port, and the agent does the authorisation.
   */
  openRelay(nodeId: string, serverId: string, sink: RelaySink): RelayHandle {
    const connection = this.#connections.get(nodeId);
    if (!connection?.hello) throw new AppError('NODE_OFFLINE', 'The node is offline: its agent is not connected');
    const sessionId = randomBase62(16);
    this.#relays.set(sessionId, { nodeId, sink });
    connection.send({ type: 'relay_open', sessionId, serverId });
    return {
      send: (frame) => this.#connections.get(nodeId)?.send({ type: 'relay_frame', sessionId, frame }),
      close: () => {
        if (this.#relays.delete(sessionId)) this.#connections.get(nodeId)?.send({ type: 'relay_close', sessionId });
      },
    };
  }

  disconnect(nodeId: string, code: number, reason: string): void {
    this.#connections.get(nodeId)?.close(code, reason);
  }

  /** Takes over a freshly authenticated socket for `node`. A second link for the same node replaces the first. */
  adopt(node: StoredNode, connection: AgentConnection): void {
    const previous = this.#connections.get(node.id);
    if (previous) previous.close(AGENT_LINK_CLOSE.replaced, 'replaced by a newer connection');
    this.#connections.set(node.id, connection);

    const helloTimer = setTimeout(() => {
      if (!connection.hello) connection.close(AGENT_LINK_CLOSE.noHello, 'no hello');
    }, HELLO_TIMEOUT_MS);

    connection.on('hello', (hello) => {
      clearTimeout(helloTimer);
      const now = new Date().toISOString();
      this.#lastSeen.set(node.id, now);
      this.#dockerStatus.set(node.id, hello.docker);
      this.#networkModes.set(node.id, hello.networkModes);
      const current = this.#options.nodes.findById(node.id);
      connection.send({
        type: 'welcome',
        nodeId: node.id,
        protocol: AGENT_PROTOCOL_VERSION,
        heartbeatIntervalSeconds: this.#options.heartbeatIntervalSeconds,
        consolePublicKey: this.#options.consolePublicKey,
        hostNetwork: current?.hostNetwork ?? node.hostNetwork,
        servers: this.#options.specsFor(node.id),
      });
      this.#options.nodes.recordAgent(node.id, { agentVersion: hello.agentVersion, docker: hello.docker, networkModes: hello.networkModes, lastSeenAt: now }).catch(() => {});
      this.emit('online', node.id);
    });
    connection.on('heartbeat', (metrics, docker, networkModes) => {
      const now = new Date().toISOString();
      this.#lastSeen.set(node.id, now);
      this.#samples.set(node.id, { metrics, sampledAt: now });
      this.#dockerStatus.set(node.id, docker);
      // Docker may have come up (or lost its bridge) since the hello; the record follows the change only.
      if (!sameModes(this.#networkModes.get(node.id) ?? null, networkModes)) {
        this.#networkModes.set(node.id, networkModes);
        this.#options.nodes.recordAgent(node.id, { networkModes, lastSeenAt: now }).catch(() => {});
      }
      this.emit('sample', node.id);
    });
    connection.on('event', (event) => this.emit('agentEvent', node.id, event));
    connection.on('relay', (sessionId, frame) => {
      const relay = this.#relays.get(sessionId);
      // A session id belongs to one node: another node cannot write into it.
      if (relay?.nodeId === node.id) relay.sink.deliver(frame);
    });
    connection.on('relayClosed', (sessionId) => {
      const relay = this.#relays.get(sessionId);
      if (relay?.nodeId !== node.id) return;
      this.#relays.delete(sessionId);
      relay.sink.ended('closed');
    });
    connection.on('close', () => {
      clearTimeout(helloTimer);
      if (this.#connections.get(node.id) !== connection) return;
      this.#connections.delete(node.id);
      if (!connection.hello) return;
      const lastSeenAt = this.#lastSeen.get(node.id) ?? new Date().toISOString();
      this.#options.nodes.recordAgent(node.id, { lastSeenAt, docker: this.#dockerStatus.get(node.id), networkModes: this.#networkModes.get(node.id) ?? null }).catch(() => {});
      for (const [sessionId, relay] of this.#relays) {
        if (relay.nodeId !== node.id) continue;
        this.#relays.delete(sessionId);
        relay.sink.ended('node_offline');
      }
      this.emit('offline', node.id);
    });
  }

  forget(nodeId: string): void {
    this.#samples.delete(nodeId);
    this.#lastSeen.delete(nodeId);
    this.#dockerStatus.delete(nodeId);
    this.#networkModes.delete(nodeId);
  }

  close(): void {
    clearInterval(this.#livenessTimer);
    for (const connection of this.#connections.values()) connection.close(1001, 'controller shutting down');
  }

  #dropSilentLinks(): void {
    const limit = this.#options.heartbeatIntervalSeconds * 1000 * MISSED_HEARTBEATS_ALLOWED;
    const now = Date.now();
    for (const connection of this.#connections.values()) {
      if (now - connection.lastFrameAt > limit) connection.close(AGENT_LINK_CLOSE.heartbeatMissed, 'heartbeats missed');
    }
  }
}

function sameModes(a: NetworkModes | null, b: NetworkModes | null): boolean {
  return a === b || (a !== null && b !== null && a.host === b.host && a.bridge === b.bridge);
}
