import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
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
} from '../../../contracts/index.ts';
import { toPublicServer } from '../../servers/public-server.ts';
import { ok, paged } from '../respond.ts';

const PowerResultSchema = z.object({ serverId: z.string(), action: PowerActionSchema, status: ServerStatusSchema });

/** Game servers; the rules are the servers service's (controller/servers/servers-service.ts). */
export const serversRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireUser);
  const service = app.serversService;

  app.get('/servers', {
    schema: {
      tags: ['servers'],
      summary: 'List servers: admins see all, users their own',
      querystring: PaginationQuerySchema.extend(ListServersQuery.shape),
      response: { 200: pageEnvelope(ServerSchema) },
    },
  }, async (request) => {
    const { items, total } = service.list(request.identity!.user, request.query, request.query);
    return paged(items.map((s) => toPublicServer(app, s)), total, request.query);
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
    const server = await service.create(request.body, request.identity!.user.id);
    return reply.status(201).send(ok(toPublicServer(app, server)));
  });

  app.get('/servers/:id', {
    schema: { tags: ['servers'], summary: 'Get a server with live status and resource usage', params: IdParamsSchema, response: { 200: dataEnvelope(ServerSchema) } },
  }, async (request) => ok(toPublicServer(app, service.visible(request.identity!.user, request.params.id))));

  app.patch('/servers/:id', {
    schema: {
      tags: ['servers'],
      summary: 'Update a server: owners may rename it and set user-editable variables; admins may change anything',
      params: IdParamsSchema,
      body: UpdateServerBody,
      response: { 200: dataEnvelope(ServerSchema) },
    },
  }, async (request) => {
    const previousOwner = app.servers.findById(request.params.id)?.ownerId;
    const server = await service.update(request.identity!.user, request.params.id, request.body);
    // The old owner's open consoles end now, not when their 5-minute token runs out.
    if (previousOwner !== undefined && server.ownerId !== previousOwner) {
      app.consoleRevoker.revoke(previousOwner, 'the server was given to another user', server.id);
    }
    return ok(toPublicServer(app, server));
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
    await service.delete(request.identity!.user, request.params.id, { force: request.query.force });
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
    const status = await service.reinstall(request.identity!.user, request.params.id);
    return ok({ serverId: request.params.id, status });
  });

  app.post('/servers/:id/install/cancel', {
    schema: {
      tags: ['servers'],
      summary: 'Cancel the install under way: its script is stopped and the server ends install_failed',
      description: 'Refused with INVALID_STATE (409) unless the server is installing. Reinstall to try again.',
      params: IdParamsSchema,
      response: { 200: dataEnvelope(PowerResultSchema.omit({ action: true })) },
    },
  }, async (request) => {
    const status = await service.cancelInstall(request.identity!.user, request.params.id);
    return ok({ serverId: request.params.id, status });
  });

  for (const action of PowerActionSchema.options) {
    app.post(`/servers/:id/${action}`, {
      schema: {
        tags: ['servers'],
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} server; answers with the status the action leads to`,
        ...(action === 'start' || action === 'restart'
          ? { description: "Refused with EULA_NOT_ACCEPTED (409, details: variable, url) while the blueprint's EULA variable is not `true`." }
          : {}),
        params: IdParamsSchema,
        response: { 200: dataEnvelope(PowerResultSchema) },
      },
    }, async (request) => {
      const status = await service.power(request.identity!.user, request.params.id, action);
      return ok({ serverId: request.params.id, action, status });
    });
  }
};
