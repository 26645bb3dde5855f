import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  CreateServerBody,
  IdParamsSchema,
  ListServersQuery,
  PaginationQuerySchema,
  PowerActionSchema,
  ServerSchema,
  ServerStatusSchema,
  UpdateServerBody,
  dataEnvelope,
  pageEnvelope,
  type PowerAction,
  type ServerStatus,
} from '../../../contracts/index.ts';
import { validateVariables } from '../../blueprints/variable-rules.ts';
import { toPublicServer } from '../../servers/public-server.ts';
import { canSeeServer } from '../../servers/server-visibility.ts';
import { ok, page } from '../respond.ts';
import { visibleServer } from './access.ts';
import { consoleTokenRoute } from './console-token-route.ts';

/** The node answers a sync at once; preparing the container (an image pull can be slow) goes on there. */
const SYNC_TIMEOUT_MS = 30_000;
const POWER_TIMEOUT_MS = 30_000;
const REINSTALLABLE = new Set<ServerStatus>(['stopped', 'crashed', 'install_failed']);
const DELETE_TIMEOUT_MS = 120_000;

const PowerResultSchema = z.object({ serverId: z.string(), action: PowerActionSchema, status: ServerStatusSchema });

export const serversRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireUser);

  /**
   * Pushes the current record to its node; an offline node picks it up from its next welcome.
   * The node answers at once with the status it leads to (a refusal rejects); an image pull or
   * an install goes on there, and its outcome (install_failed with the reason, say) reaches the
   * record through the agent's status events.
   */
  async function pushToNode(serverId: string, reinstall = false): Promise<void> {
    const spec = app.serverSpec(serverId);
    const server = app.servers.findById(serverId);
    if (!spec || !server || !app.agents.isOnline(server.nodeId)) return;
    const described = await app.agents.request(server.nodeId, 'server.sync', { spec, reinstall }, SYNC_TIMEOUT_MS);
    await app.servers.setStatus(serverId, described.status, described.reason);
  }

  /** Create and change keep their record whatever the node says; the status tells the rest. */
  function handOffQuietly(serverId: string, log: FastifyBaseLogger): Promise<unknown> {
    return pushToNode(serverId).catch((error: unknown) => log.warn({ err: error, serverId }, 'could not hand the server to its node yet'));
  }

  app.get('/servers', {
    schema: {
      tags: ['servers'],
      summary: 'List servers: admins see all, users their own',
      querystring: PaginationQuerySchema.extend(ListServersQuery.shape),
      response: { 200: pageEnvelope(ServerSchema) },
    },
  }, async (request) => {
    const user = request.identity!.user;
    const { status, nodeId } = request.query;
    const servers = app.servers.all().filter((s) =>
      canSeeServer(user, s) &&
      (status === undefined || s.status === status) &&
      (nodeId === undefined || s.nodeId === nodeId));
    return page(servers.map((s) => toPublicServer(app, s)), request.query);
  });

  app.post('/servers', {
    onRequest: app.requireAdmin,
    schema: {
      tags: ['servers'],
      summary: 'Create a server from a blueprint on a node (admin); it installs on the node, then stops',
      body: CreateServerBody,
      response: { 201: dataEnvelope(ServerSchema) },
    },
  }, async (request, reply) => {
    const body = request.body;
    const blueprint = app.blueprints.get(body.blueprintId);
    const problems: Record<string, string> = {};
    if (!blueprint) problems.blueprintId = 'no such blueprint';
    if (!app.nodes.findById(body.nodeId)) problems.nodeId = 'no such node';
    const ownerId = body.ownerId ?? request.identity!.user.id;
    if (!app.repos.users.findById(ownerId)) problems.ownerId = 'no such user';
    const image = body.image ?? (blueprint ? Object.values(blueprint.images)[0] : undefined);
    if (blueprint && image && !Object.values(blueprint.images).includes(image)) problems.image = `must be one of the blueprint's images: ${Object.values(blueprint.images).join(', ')}`;
    if (Object.keys(problems).length > 0 || !blueprint || !image) throw new AppError('VALIDATION_ERROR', 'The server cannot be created as asked', problems);
    const variables = validateVariables(blueprint, body.variables, { asAdmin: true });
    const server = await app.servers.create({
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
      ports: body.ports ?? blueprint.ports.map(({ port, protocol }) => ({ port, protocol })),
      variables,
      restartPolicy: body.restartPolicy ?? { enabled: false, maxRetries: 3 },
    });
    // The record stands either way; the status (installing → stopped, or install_failed with
    // the reason) tells the rest.
    await handOffQuietly(server.id, request.log);
    return reply.status(201).send(ok(toPublicServer(app, app.servers.findById(server.id) ?? server)));
  });

  app.get('/servers/:id', {
    schema: { tags: ['servers'], summary: 'Get a server with live status and resource usage', params: IdParamsSchema, response: { 200: dataEnvelope(ServerSchema) } },
  }, async (request) => ok(toPublicServer(app, visibleServer(app, request, request.params.id))));

  app.patch('/servers/:id', {
    schema: {
      tags: ['servers'],
      summary: 'Update a server: owners may rename it and set user-editable variables; admins may change anything',
      params: IdParamsSchema,
      body: UpdateServerBody,
      response: { 200: dataEnvelope(ServerSchema) },
    },
  }, async (request) => {
    const server = visibleServer(app, request, request.params.id);
    const asAdmin = request.identity!.user.role === 'admin';
    const body = request.body;
    const adminOnly = (['memory', 'cpu', 'disk', 'swap', 'ownerId', 'image', 'ports', 'restartPolicy'] as const).filter((k) => body[k] !== undefined);
    if (!asAdmin && adminOnly.length > 0) {
      throw new AppError('FORBIDDEN', `Only an admin can change ${adminOnly.join(', ')}`);
    }
    const blueprint = app.blueprints.get(server.blueprintId);
    if (body.ownerId !== undefined && !app.repos.users.findById(body.ownerId)) throw new AppError('VALIDATION_ERROR', 'No such user', { ownerId: 'no such user' });
    if (body.image !== undefined && blueprint && !Object.values(blueprint.images).includes(body.image)) {
      throw new AppError('VALIDATION_ERROR', 'Unknown image', { image: `must be one of the blueprint's images: ${Object.values(blueprint.images).join(', ')}` });
    }
    const variables = body.variables === undefined || !blueprint
      ? undefined
      : validateVariables(blueprint, { ...server.variables, ...body.variables }, { asAdmin, previous: server.variables });
    const updated = await app.servers.update(server.id, { ...body, variables });
    await handOffQuietly(updated.id, request.log);
    return ok(toPublicServer(app, app.servers.findById(updated.id) ?? updated));
  });

  app.delete('/servers/:id', {
    schema: {
      tags: ['servers'],
      summary: 'Delete a server: removes its container and files on the node, then the record',
      description: 'Refused with NODE_OFFLINE while the node is offline. `?force=true` deletes the record anyway (for a node that is gone for good); the node keeps whatever it had.',
      params: IdParamsSchema,
      querystring: z.object({ force: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
      response: { 204: z.null().describe('No Content') },
    },
  }, async (request, reply) => {
    const server = visibleServer(app, request, request.params.id);
    if (request.identity!.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Only an admin can delete a server');
    // Files and container go first: a record deleted while the node is offline would leave them behind forever.
    if (!(request.query.force && !app.agents.isOnline(server.nodeId))) {
      await app.agents.request(server.nodeId, 'server.delete', { serverId: server.id }, DELETE_TIMEOUT_MS);
    }
    await app.servers.delete(server.id);
    app.liveServers.forget(server.id);
    return reply.status(204).send(null);
  });

  app.post('/servers/:id/reinstall', {
    schema: {
      tags: ['servers'],
      summary: "Reinstall a stopped server: recreates its container and runs the blueprint's install script again",
      params: IdParamsSchema,
      response: { 200: dataEnvelope(PowerResultSchema.omit({ action: true })) },
    },
  }, async (request) => {
    const server = visibleServer(app, request, request.params.id);
    if (!app.agents.isOnline(server.nodeId)) throw new AppError('NODE_OFFLINE', 'The node is offline: its agent is not connected');
    if (!REINSTALLABLE.has(server.status)) {
      throw new AppError('INVALID_STATE', `cannot reinstall server ${server.id}: it is ${server.status}; stop it first`, { status: server.status });
    }
    // A refusal from the node comes back as the answer; a long image pull does not hold the request.
    await pushToNode(server.id, true);
    const current = app.servers.findById(server.id) ?? server;
    return ok({ serverId: server.id, status: current.status });
  });

  for (const action of PowerActionSchema.options) {
    app.post(`/servers/:id/${action}`, {
      schema: {
        tags: ['servers'],
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} server; answers with the status the action leads to`,
        params: IdParamsSchema,
        response: { 200: dataEnvelope(PowerResultSchema) },
      },
    }, async (request) => {
      const server = visibleServer(app, request, request.params.id);
      const status = await power(server.nodeId, server.id, action);
      return ok({ serverId: server.id, action, status });
    });
  }

  async function power(nodeId: string, serverId: string, action: PowerAction): Promise<ServerStatus> {
    const result = await app.agents.request(nodeId, 'server.power', { serverId, action }, POWER_TIMEOUT_MS);
    return result.status;
  }

  await app.register(consoleTokenRoute);
};
