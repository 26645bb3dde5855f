import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateNodeBody,
  UpdateNodeBody,
  IdParamsSchema,
  NodeSchema,
  NodeStatsSchema,
  NodeTokenResultSchema,
  PaginationQuerySchema,
  dataEnvelope,
  pageEnvelope,
} from '../../../contracts/index.ts';
import { ok, page } from '../respond.ts';
import { agentCommand } from './agent-command.ts';
import { toPublicNode } from '../../nodes/public-node.ts';

/** Nodes (admin); the rules are the nodes service's (controller/nodes/nodes-service.ts). */
export const nodesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);
  const service = app.nodesService;

  app.get('/nodes', {
    schema: { tags: ['nodes'], summary: 'List nodes (admin)', querystring: PaginationQuerySchema, response: { 200: pageEnvelope(NodeSchema) } },
  }, async (request) => page(app.nodes.all().map((n) => toPublicNode(app, n)), request.query));

  app.post('/nodes', {
    schema: {
      tags: ['nodes'],
      summary: 'Register a node; then issue it a token with POST /admin/nodes/:id/token',
      body: CreateNodeBody,
      response: { 201: dataEnvelope(NodeSchema) },
    },
  }, async (request, reply) => {
    const node = await app.nodes.create(request.body);
    return reply.status(201).send(ok(toPublicNode(app, node)));
  });

  app.get('/nodes/:id', {
    schema: { tags: ['nodes'], summary: 'Get node details with live status', params: IdParamsSchema, response: { 200: dataEnvelope(NodeSchema) } },
  }, async (request) => ok(toPublicNode(app, service.get(request.params.id))));

  app.patch('/nodes/:id', {
    schema: {
      tags: ['nodes'],
      summary: "Change a node's name, console endpoint, capacity or networking; servers on it get the new settings",
      params: IdParamsSchema,
      body: UpdateNodeBody,
      response: { 200: dataEnvelope(NodeSchema) },
    },
  }, async (request) => ok(toPublicNode(app, await service.update(request.params.id, request.body))));

  app.delete('/nodes/:id', {
    schema: {
      tags: ['nodes'],
      summary: 'Remove a node: refused while servers live on it; revokes its token and disconnects its agent',
      params: IdParamsSchema,
      response: { 204: z.null().describe('No Content') },
    },
  }, async (request, reply) => {
    await service.delete(request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/nodes/:id/stats', {
    schema: {
      tags: ['nodes'],
      summary: "Live host metrics from the node's agent; for an offline node, the last sample and when it was taken",
      params: IdParamsSchema,
      response: { 200: dataEnvelope(NodeStatsSchema) },
    },
  }, async (request) => ok(service.stats(request.params.id)));

  app.post('/admin/nodes/:id/token', {
    schema: {
      tags: ['admin'],
      summary: 'Generate node token: shown once; revokes the previous token and disconnects an agent using it',
      params: IdParamsSchema,
      response: { 201: dataEnvelope(NodeTokenResultSchema) },
    },
  }, async (request, reply) => {
    const { node, token } = await service.issueToken(request.params.id);
    const controllerUrl = `${request.protocol}://${request.host}`;
    return reply.status(201).send(ok({
      nodeId: node.id,
      token,
      command: agentCommand(controllerUrl, token, node.consolePort),
      issuedAt: node.tokenIssuedAt ?? new Date().toISOString(),
    }));
  });
};
