import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type Server } from '../../../contracts/index.ts';
import type { StoredServer } from '../../store/document-schema.ts';

/**
 * The server if the caller may see it: admins see every server, users their own. Anyone
 * else gets the same 404 as for an id that does not exist, so ids leak nothing.
 */
export function visibleServer(app: FastifyInstance, request: FastifyRequest, id: string): StoredServer {
  const server = app.servers.findById(id);
  const user = request.identity!.user;
  if (!server || (user.role !== 'admin' && server.ownerId !== user.id)) throw new AppError('NOT_FOUND', 'Server not found');
  return server;
}

export function toPublicServer(app: FastifyInstance, server: StoredServer): Server {
  return {
    ...server,
    nodeOnline: app.agents.isOnline(server.nodeId),
    resources: app.liveServers.resourcesOf(server.id),
  };
}
