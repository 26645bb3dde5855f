import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  CreateNodeBody,
  UpdateNodeBody,
  IdParamsSchema,
  NODE_TOKEN_PREFIX,
  NodeSchema,
  NodeStatsSchema,
  NodeTokenResultSchema,
  PaginationQuerySchema,
  dataEnvelope,
  pageEnvelope,
} from '../../../contracts/index.ts';
import { CLOSE_NODE_DELETED, CLOSE_TOKEN_REVOKED } from '../../agents/agent-connection.ts';
import { newSecret } from '../../security/secrets.ts';
import { ok, page } from '../respond.ts';
import { agentCommand } from './agent-command.ts';
import { toPublicNode } from '../../nodes/public-node.ts';

export const nodesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', app.requireAdmin);

  function findNode(id: string) {
    const node = app.nodes.findById(id);
    if (!node) throw new AppError('NOT_FOUND', 'Node not found');
    return node;
  }

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
  }, async (request) => ok(toPublicNode(app, findNode(request.params.id))));

  app.patch('/nodes/:id', {
    schema: {
      tags: ['nodes'],
      summary: "Change a node's name, console endpoint, capacity or networking; servers on it get the new settings",
      params: IdParamsSchema,
      body: UpdateNodeBody,
      response: { 200: dataEnvelope(NodeSchema) },
    },
  }, async (request) => {
    const node = await app.nodes.update(request.params.id, request.body);
    if (request.body.hostNetwork !== undefined) resyncServers(node.id);
    return ok(toPublicNode(app, node));
  });

  /** Networking lives in each server's spec: push them again; running servers pick it up at their next start. */
  function resyncServers(nodeId: string): void {
    for (const server of app.servers.onNode(nodeId)) {
      const spec = app.serverSpec(server.id);
      if (!spec) continue;
      app.agents.request(nodeId, 'server.sync', { spec, reinstall: false }, 60_000).catch((error: unknown) => {
        app.log.warn({ err: error, serverId: server.id }, 'could not push new node settings to a server');
      });
    }
  }

  app.delete('/nodes/:id', {
    schema: {
      tags: ['nodes'],
      summary: 'Remove a node: refused while servers live on it; revokes its token and disconnects its agent',
      params: IdParamsSchema,
      response: { 204: z.null().describe('No Content') },
    },
  }, async (request, reply) => {
    const node = await app.nodes.delete(request.params.id);
    app.agents.disconnect(node.id, CLOSE_NODE_DELETED, 'node deleted');
    app.agents.forget(node.id);
    return reply.status(204).send(null);
  });

  app.get('/nodes/:id/stats', {
    schema: {
      tags: ['nodes'],
      summary: "Live host metrics from the node's agent; for an offline node, the last sample and when it was taken",
      params: IdParamsSchema,
      response: { 200: dataEnvelope(NodeStatsSchema) },
    },
  }, async (request) => ok(app.agents.stats(findNode(request.params.id))));

  app.post('/admin/nodes/:id/token', {
    schema: {
      tags: ['admin'],
      summary: 'Generate node token: shown once; revokes the previous token and disconnects an agent using it',
      params: IdParamsSchema,
      response: { 201: dataEnvelope(NodeTokenResultSchema) },
    },
  }, async (request, reply) => {
    findNode(request.params.id);
    const token = newSecret(NODE_TOKEN_PREFIX);
    const node = await app.nodes.setToken(request.params.id, token);
    app.agents.disconnect(node.id, CLOSE_TOKEN_REVOKED, 'token revoked');
    const controllerUrl = `${request.protocol}://${request.host}`;
    return reply.status(201).send(ok({
      nodeId: node.id,
      token,
      command: agentCommand(controllerUrl, token, node.consolePort),
      issuedAt: node.tokenIssuedAt ?? new Date().toISOString(),
    }));
  });
};
