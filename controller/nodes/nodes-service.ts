import type { FastifyBaseLogger } from 'fastify';
import { AGENT_LINK_CLOSE } from '../../contracts/agent-link-close.ts';
import { AppError, NODE_TOKEN_PREFIX, type NodeStats, type UpdateNodeBody } from '../../contracts/index.ts';
import type { AgentHub } from '../agents/agent-hub.ts';
import { newSecret } from '../security/secrets.ts';
import type { ServerSpecs } from '../servers/server-specs.ts';
import { networkProblem } from './node-networking.ts';
import type { StoredNode } from '../store/document-schema.ts';
import type { NodesRepository } from '../store/nodes-repository.ts';
import type { ServersRepository } from '../store/servers-repository.ts';

/** Pushing new node settings to a server on it: the agent answers at once, so a minute is generous. */
const RESYNC_TIMEOUT_MS = 60_000;

export interface NodesServiceSources {
  nodes: NodesRepository;
  servers: ServersRepository;
  agents: AgentHub;
  specs: ServerSpecs;
  log: FastifyBaseLogger;
}

/** Nodes as admins manage them: a record, its token, and the agent that holds the token. */
export class NodesService {
  readonly #sources: NodesServiceSources;

  constructor(sources: NodesServiceSources) {
    this.#sources = sources;
  }

  get(id: string): StoredNode {
    const node = this.#sources.nodes.findById(id);
    if (!node) throw new AppError('NOT_FOUND', 'Node not found');
    return node;
  }

  /**
   * Capacity may not drop below what its servers hold (the repository checks, in the write).
   * A networking mode the node's engine does not offer is refused: every server on it would be
   * unreachable. Ranges only steer new allocations; servers keep the ports they hold.
   */
  async update(id: string, changes: UpdateNodeBody): Promise<StoredNode> {
    const current = this.get(id);
    if (changes.hostNetwork !== undefined) {
      const problem = networkProblem({ ...current, hostNetwork: changes.hostNetwork }, this.#sources.agents.networkModes(current));
      if (problem) throw new AppError('NETWORK_UNAVAILABLE', problem, { hostNetwork: changes.hostNetwork, networkModes: this.#sources.agents.networkModes(current) });
    }
    const node = await this.#sources.nodes.update(id, changes);
    const networkingChanged = (changes.hostNetwork !== undefined && changes.hostNetwork !== current.hostNetwork) ||
      (changes.bindAddress !== undefined && changes.bindAddress !== current.bindAddress);
    if (networkingChanged) this.#resyncServers(node.id);
    return node;
  }

  /** Refused while servers live on it; revokes its token and disconnects its agent. */
  async delete(id: string): Promise<void> {
    const node = await this.#sources.nodes.delete(id);
    this.#sources.agents.disconnect(node.id, AGENT_LINK_CLOSE.nodeDeleted, 'node deleted');
    this.#sources.agents.forget(node.id);
  }

  /** A new token, shown once: the previous one stops working and an agent using it is cut off. */
  async issueToken(id: string): Promise<{ node: StoredNode; token: string }> {
    this.get(id);
    const token = newSecret(NODE_TOKEN_PREFIX);
    const node = await this.#sources.nodes.setToken(id, token);
    this.#sources.agents.disconnect(node.id, AGENT_LINK_CLOSE.tokenRevoked, 'token revoked');
    return { node, token };
  }

  /** Live host metrics; for an offline node, the last sample and when it was taken. */
  stats(id: string): NodeStats {
    return this.#sources.agents.stats(this.get(id));
  }

  /** Networking lives in each server's spec: push them again; running servers pick it up at their next start. */
  #resyncServers(nodeId: string): void {
    const { servers, agents, specs, log } = this.#sources;
    for (const server of servers.onNode(nodeId)) {
      const spec = specs.of(server.id);
      if (!spec) continue;
      agents.request(nodeId, 'server.sync', { spec, reinstall: false }, RESYNC_TIMEOUT_MS).catch((error: unknown) => {
        log.warn({ err: error, serverId: server.id }, 'could not push new node settings to a server');
      });
    }
  }
}
