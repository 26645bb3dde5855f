import type { FastifyBaseLogger } from 'fastify';
import {
  AppError,
  type Blueprint,
  type CreateServerBody,
  type PaginationQuery,
  type PowerAction,
  type ServerPort,
  type ServerStatus,
  type UpdateServerBody,
} from '../../contracts/index.ts';
import type { AgentHub } from '../agents/agent-hub.ts';
import { validateVariables } from '../blueprints/variable-rules.ts';
import { networkProblem } from '../nodes/node-networking.ts';
import type { BlueprintsRepository } from '../store/blueprints-repository.ts';
import type { StoredServer } from '../store/document-schema.ts';
import type { NodesRepository } from '../store/nodes-repository.ts';
import type { ServersRepository } from '../store/servers-repository.ts';
import type { UsersRepository } from '../store/users-repository.ts';
import type { LiveServerState } from './live-server-state.ts';
import type { ServerSpecs } from './server-specs.ts';
import { canSeeServer, type Viewer } from './server-visibility.ts';

/** The node answers a sync at once; preparing the container (an image pull can be slow) goes on there. */
const SYNC_TIMEOUT_MS = 30_000;
const POWER_TIMEOUT_MS = 30_000;
const DELETE_TIMEOUT_MS = 120_000;
const REINSTALLABLE = new Set<ServerStatus>(['stopped', 'crashed', 'install_failed']);
/** Ports change only while no process holds them: a running game keeps listening on the old ones. */
const PORTS_CHANGEABLE = new Set<ServerStatus>(['stopped', 'crashed', 'install_failed', 'installing']);
/** Power actions that (re)start the game, and so need a way for players to reach it. */
const STARTING_ACTIONS = new Set<PowerAction>(['start', 'restart']);
/** States a node refuses to start from whatever the variables say. */
const UNSTARTABLE_STATES = new Set<ServerStatus>(['installing', 'install_failed']);
/** Fields only an admin may change; an owner may rename a server and set its user-editable variables. */
const ADMIN_ONLY_FIELDS = ['memory', 'cpu', 'disk', 'swap', 'ownerId', 'image', 'ports', 'restartPolicy'] as const;

export interface ServersServiceSources {
  servers: ServersRepository;
  blueprints: BlueprintsRepository;
  nodes: NodesRepository;
  users: UsersRepository;
  agents: AgentHub;
  specs: ServerSpecs;
  liveServers: LiveServerState;
  log: FastifyBaseLogger;
}

export interface ServerListFilter {
  status?: ServerStatus | undefined;
  nodeId?: string | undefined;
}

/**
 * The rules of game servers: who sees and changes what, what a new server must name, and the
 * round trips to its node. Records change through the repository; nodes hear of it here.
 */
export class ServersService {
  readonly #sources: ServersServiceSources;

  constructor(sources: ServersServiceSources) {
    this.#sources = sources;
  }

  /** One page of what the viewer may see (admins every server, users their own), and how many there are in all. */
  list(viewer: Viewer, filter: ServerListFilter, page: PaginationQuery): { items: StoredServer[]; total: number } {
    const { status, nodeId } = filter;
    const everything = viewer.role === 'admin' && status === undefined && nodeId === undefined;
    const matches = everything
      ? null
      : (s: StoredServer) => canSeeServer(viewer, s) && (status === undefined || s.status === status) && (nodeId === undefined || s.nodeId === nodeId);
    return this.#sources.servers.page(matches, (page.page - 1) * page.limit, page.limit);
  }

  /**
   * The server if the viewer may see it. Anyone else gets the same 404 as for an id that does
   * not exist, so ids leak nothing.
   */
  visible(viewer: Viewer, id: string): StoredServer {
    const server = this.#sources.servers.findById(id);
    if (!server || !canSeeServer(viewer, server)) throw new AppError('NOT_FOUND', 'Server not found');
    return server;
  }

  /**
   * Creates the record (capacity is checked inside the write) and hands it to its node. The
   * record stands either way; the status (installing → stopped, or install_failed with the
   * reason) tells the rest.
   */
  async create(body: CreateServerBody, creatorId: string): Promise<StoredServer> {
    const { servers, blueprints, nodes, users } = this.#sources;
    const blueprint = blueprints.get(body.blueprintId);
    const problems: Record<string, string> = {};
    if (!blueprint) problems.blueprintId = 'no such blueprint';
    if (!nodes.findById(body.nodeId)) problems.nodeId = 'no such node';
    const ownerId = body.ownerId ?? creatorId;
    if (!users.findById(ownerId)) problems.ownerId = 'no such user';
    const image = body.image ?? (blueprint ? Object.values(blueprint.images)[0] : undefined);
    if (blueprint && image && !hasImage(blueprint, image)) problems.image = imageProblem(blueprint);
    if (Object.keys(problems).length > 0 || !blueprint || !image) throw new AppError('VALIDATION_ERROR', 'The server cannot be created as asked', problems);
    this.#assertReachable(body.nodeId);
    const variables = validateVariables(blueprint, body.variables, { asAdmin: true });
    const server = await servers.create({
      name: body.name,
      description: body.description ?? '',
      nodeId: body.nodeId,
      blueprintId: blueprint.id,
      ownerId,
      image,
      memory: body.memory,
      cpu: body.cpu,
      disk: body.disk,
      swap: body.swap,
      // Named ports are taken as asked (and refused if held); otherwise the store places the
      // blueprint's ports in the node's free ranges, inside the same write as the check.
      ports: body.ports ?? { like: blueprint.ports },
      variables,
      restartPolicy: body.restartPolicy ?? { enabled: false, maxRetries: 3 },
    });
    await this.#handOffQuietly(server.id);
    return servers.findById(server.id) ?? server;
  }

  /** Owners may rename a server and set user-editable variables; admins may change anything. */
  async update(viewer: Viewer, id: string, body: UpdateServerBody): Promise<StoredServer> {
    const { servers, blueprints, users } = this.#sources;
    const server = this.visible(viewer, id);
    const asAdmin = viewer.role === 'admin';
    const adminOnly = ADMIN_ONLY_FIELDS.filter((k) => body[k] !== undefined);
    if (!asAdmin && adminOnly.length > 0) {
      throw new AppError('FORBIDDEN', `Only an admin can change ${adminOnly.join(', ')}`);
    }
    if (body.ports !== undefined && !PORTS_CHANGEABLE.has(server.status) && !samePorts(body.ports, server.ports)) {
      throw new AppError('INVALID_STATE', `cannot change the ports of server ${server.id}: it is ${server.status}; stop it first`, { status: server.status });
    }
    const blueprint = blueprints.get(server.blueprintId);
    if (body.ownerId !== undefined && !users.findById(body.ownerId)) throw new AppError('VALIDATION_ERROR', 'No such user', { ownerId: 'no such user' });
    if (body.image !== undefined && blueprint && !hasImage(blueprint, body.image)) {
      throw new AppError('VALIDATION_ERROR', 'Unknown image', { image: imageProblem(blueprint) });
    }
    const variables = body.variables === undefined || !blueprint
      ? undefined
      : validateVariables(blueprint, { ...server.variables, ...body.variables }, { asAdmin, previous: server.variables });
    const updated = await servers.update(server.id, { ...body, variables });
    await this.#handOffQuietly(updated.id);
    return servers.findById(updated.id) ?? updated;
  }

  /**
   * Removes the container and files on the node, then the record: a record deleted while the
   * node is offline would leave them behind forever, so that is refused (NODE_OFFLINE) unless
   * `force` says the node is gone for good.
   */
  async delete(viewer: Viewer, id: string, { force }: { force: boolean }): Promise<void> {
    const { servers, agents, liveServers } = this.#sources;
    const server = this.visible(viewer, id);
    if (viewer.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can delete a server');
    if (!(force && !agents.isOnline(server.nodeId))) {
      await agents.request(server.nodeId, 'server.delete', { serverId: server.id }, DELETE_TIMEOUT_MS);
    }
    await servers.delete(server.id);
    liveServers.forget(server.id);
  }

  /**
   * Recreates a stopped server's container and runs the install again. A refusal from the node
   * comes back as the answer; a long image pull does not hold the caller.
   */
  async reinstall(viewer: Viewer, id: string): Promise<ServerStatus> {
    const server = this.visible(viewer, id);
    if (!this.#sources.agents.isOnline(server.nodeId)) throw new AppError('NODE_OFFLINE', 'The node is offline: its agent is not connected');
    if (!REINSTALLABLE.has(server.status)) {
      throw new AppError('INVALID_STATE', `cannot reinstall server ${server.id}: it is ${server.status}; stop it first`, { status: server.status });
    }
    await this.#pushToNode(server.id, true);
    return (this.#sources.servers.findById(server.id) ?? server).status;
  }

  /**
   * Asks the node for a power action; answers with the status it leads to. A start of a server
   * whose blueprint has a licence to accept (Minecraft's EULA) is refused until it is accepted:
   * the game would only stop again at once, with a reason nobody reads in time.
   */
  async power(viewer: Viewer, id: string, action: PowerAction): Promise<ServerStatus> {
    const server = this.visible(viewer, id);
    // A node that cannot run the server at all is the first thing to fix; the EULA comes after.
    if (STARTING_ACTIONS.has(action)) this.#assertReachable(server.nodeId);
    // A server still installing, or whose install failed, is refused by its node for that reason
    // (INVALID_STATE): asking for a licence first would send the admin the wrong way.
    if ((action === 'start' || action === 'restart') && !UNSTARTABLE_STATES.has(server.status)) this.#assertEulaAccepted(server);
    const result = await this.#sources.agents.request(server.nodeId, 'server.power', { serverId: server.id, action }, POWER_TIMEOUT_MS);
    return result.status;
  }

  /** Stops an install under way on the node; answers with the status it leads to (install_failed). */
  async cancelInstall(viewer: Viewer, id: string): Promise<ServerStatus> {
    const server = this.visible(viewer, id);
    if (server.status !== 'installing') {
      throw new AppError('INVALID_STATE', `cannot cancel the install of server ${server.id}: it is ${server.status}, not installing`, { status: server.status });
    }
    const result = await this.#sources.agents.request(server.nodeId, 'server.install.cancel', { serverId: server.id }, POWER_TIMEOUT_MS);
    await this.#sources.servers.setStatus(server.id, result.status, 'the install was cancelled');
    return result.status;
  }

  #assertEulaAccepted(server: StoredServer): void {
    const eula = this.#sources.blueprints.get(server.blueprintId)?.eula;
    if (!eula) return;
    const value = server.variables[eula.variable] ?? '';
    if (value === 'true') return;
    throw new AppError(
      'EULA_NOT_ACCEPTED',
      `${server.name} cannot start until its EULA is accepted: read ${eula.url}, then set ${eula.variable} to true`,
      { variable: eula.variable, url: eula.url },
    );
  }

  /**
   * Pushes the current record to its node; an offline node picks it up from its next welcome.
   * The node answers at once with the status it leads to (a refusal rejects); an image pull or
   * an install goes on there, and its outcome (install_failed with the reason, say) reaches the
   * record through the agent's status events.
   */
  async #pushToNode(serverId: string, reinstall = false): Promise<void> {
    const { servers, agents, specs } = this.#sources;
    const spec = specs.of(serverId);
    const server = servers.findById(serverId);
    if (!spec || !server || !agents.isOnline(server.nodeId)) return;
    const described = await agents.request(server.nodeId, 'server.sync', { spec, reinstall }, SYNC_TIMEOUT_MS);
    await servers.setStatus(serverId, described.status, described.reason);
  }

  /** A game nobody could connect to is refused up front, never started into a silent dead end. */
  #assertReachable(nodeId: string): void {
    const node = this.#sources.nodes.findById(nodeId);
    const problem = node && networkProblem(node, this.#sources.agents.networkModes(node));
    if (node && problem) {
      throw new AppError('NETWORK_UNAVAILABLE', problem, { nodeId, hostNetwork: node.hostNetwork, networkModes: this.#sources.agents.networkModes(node) });
    }
  }

  /** Create and change keep their record whatever the node says; the status tells the rest. */
  #handOffQuietly(serverId: string): Promise<unknown> {
    return this.#pushToNode(serverId).catch((error: unknown) => this.#sources.log.warn({ err: error, serverId }, 'could not hand the server to its node yet'));
  }
}

function samePorts(a: readonly ServerPort[], b: readonly ServerPort[]): boolean {
  return a.length === b.length && a.every((p, i) => p.port === b[i]?.port && p.protocol === b[i]?.protocol);
}

function hasImage(blueprint: Blueprint, image: string): boolean {
  return Object.values(blueprint.images).includes(image);
}

function imageProblem(blueprint: Blueprint): string {
  return `must be one of the blueprint's images: ${Object.values(blueprint.images).join(', ')}`;
}
