import type { FastifyInstance } from 'fastify';
import type { Server } from '../../contracts/index.ts';
import type { StoredServer } from '../store/document-schema.ts';

/** A server as responses and events show it: the record plus what only the live side knows. */
export function toPublicServer(app: FastifyInstance, server: StoredServer): Server {
  return {
    ...server,
    nodeOnline: app.agents.isOnline(server.nodeId),
    resources: app.liveServers.resourcesOf(server.id),
  };
}
