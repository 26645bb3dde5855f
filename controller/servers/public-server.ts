import type { FastifyInstance } from 'fastify';
import type { Server } from '../../contracts/index.ts';
import type { StoredServer } from '../store/document-schema.ts';

/** A server as responses and events show it: the record plus what only the live side knows. */
export function toPublicServer(app: FastifyInstance, server: StoredServer): Server {
  const node = app.nodes.findById(server.nodeId);
  const port = server.ports[0];
  return {
    ...server,
    nodeName: node?.name ?? '',
    address: node && port ? `${node.host.includes(':') ? `[${node.host}]` : node.host}:${port.port}` : null,
    nodeOnline: app.agents.isOnline(server.nodeId),
    resources: app.liveServers.resourcesOf(server.id),
  };
}
