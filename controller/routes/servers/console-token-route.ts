import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, ConsoleTokenResultSchema, IdParamsSchema, dataEnvelope, type ConsolePermission } from '../../../contracts/index.ts';
import { issueConsoleToken } from '../../console/console-token.ts';

/** Owners and admins hold every console permission until sub-users exist. */
const FULL_CONSOLE: ConsolePermission[] = ['server.console', 'server.console.send', 'server.start', 'server.stop', 'server.restart', 'server.kill'];

export const consoleTokenRoute: FastifyPluginAsyncZod = async (app) => {
  app.get('/servers/:id/console-token', {
    onRequest: app.requireUser,
    schema: {
      tags: ['servers'],
      summary: 'Get console token: a 5-minute strk_console_ token for this server and user, and where it works',
      params: IdParamsSchema,
      response: { 200: dataEnvelope(ConsoleTokenResultSchema) },
    },
  }, async (request) => {
    const server = app.serversService.visible(request.identity!.user, request.params.id);
    const node = app.nodes.findById(server.nodeId);
    const key = app.store.data.consoleSigningKey;
    if (!node || !key) throw new AppError('NOT_FOUND', 'The node of this server no longer exists');
    // A read-only key may watch the console, not type into it or power the server.
    const permissions: ConsolePermission[] = request.identity!.scope === 'read-only' ? ['server.console'] : FULL_CONSOLE;
    const { token, claims } = issueConsoleToken(key.privateKey, {
      userId: request.identity!.user.id,
      nodeId: node.id,
      serverId: server.id,
      permissions,
    });
    const nodeScheme = node.consoleTls ? 'wss' : 'ws';
    const relayScheme = request.protocol === 'https' ? 'wss' : 'ws';
    const nodeHost = node.host.includes(':') && !node.host.startsWith('[') ? `[${node.host}]` : node.host;
    return {
      data: {
        consoleToken: token,
        expiresAt: new Date(claims.exp * 1000).toISOString(),
        nodeHost: node.host,
        nodePort: node.consolePort,
        consoleUrl: `${nodeScheme}://${nodeHost}:${node.consolePort}/console`,
        relayUrl: `${relayScheme}://${request.host}/api/v1/servers/${server.id}/console`,
        permissions: { canRead: permissions.includes('server.console'), canWrite: permissions.includes('server.console.send') },
      },
    };
  });
};
