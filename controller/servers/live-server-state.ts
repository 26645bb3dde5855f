import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { AgentEvent, ServerNotice, ServerResources } from '../../contracts/index.ts';
import type { AgentHub } from '../agents/agent-hub.ts';
import type { ServersRepository } from '../store/servers-repository.ts';

export interface LiveServerStateEvents {
  /** A server's latest resource sample, or null once it has none (stopped, node offline, deleted). */
  resources: [serverId: string, resources: ServerResources | null];
  /** Progress of a pull or install, or a warning, as the node reported it. */
  notice: [serverId: string, notice: ServerNotice];
}

/**
 * Keeps server records in step with what agents report. An agent may only speak about servers
 * placed on its own node: a report about any other server is refused (a compromised node
 * must not be able to touch another node's servers).
 */
export class LiveServerState extends EventEmitter<LiveServerStateEvents> {
  readonly #resources = new Map<string, ServerResources>();
  readonly #servers: ServersRepository;
  readonly #log: FastifyBaseLogger;

  constructor(hub: AgentHub, servers: ServersRepository, log: FastifyBaseLogger) {
    super();
    this.#servers = servers;
    this.#log = log;
    hub.on('agentEvent', (nodeId, event) => this.#apply(nodeId, event));
    hub.on('offline', (nodeId) => {
      for (const server of this.#servers.onNode(nodeId)) this.forget(server.id);
    });
  }

  resourcesOf(serverId: string): ServerResources | null {
    return this.#resources.get(serverId) ?? null;
  }

  forget(serverId: string): void {
    if (this.#resources.delete(serverId)) this.emit('resources', serverId, null);
  }

  #apply(nodeId: string, event: AgentEvent): void {
    const server = this.#servers.findById(event.serverId);
    if (!server || server.nodeId !== nodeId) {
      this.#log.warn({ nodeId, serverId: event.serverId, event: event.event }, 'refused an agent report about a server not on its node');
      return;
    }
    if (event.event === 'server_resources') {
      this.#resources.set(server.id, event.resources);
      this.emit('resources', server.id, event.resources);
      return;
    }
    if (event.event === 'server_notice') {
      this.emit('notice', server.id, event.notice);
      return;
    }
    if (event.status !== 'running' && event.status !== 'starting') this.forget(server.id);
    this.#servers.setStatus(server.id, event.status, event.reason).catch((error: unknown) => {
      this.#log.error({ err: error, serverId: server.id }, 'could not record a server status');
    });
  }
}
