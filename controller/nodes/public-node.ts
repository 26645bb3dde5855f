import type { FastifyInstance } from 'fastify';
import type { Node } from '../../contracts/index.ts';
import type { StoredNode } from '../store/document-schema.ts';

/** A node as responses and events show it: live status from the hub, allocation from the servers on it, never its token hash. */
export function toPublicNode(app: FastifyInstance, node: StoredNode): Node {
  const servers = app.store.data.servers.filter((s) => s.nodeId === node.id);
  return {
    id: node.id,
    name: node.name,
    host: node.host,
    consolePort: node.consolePort,
    consoleTls: node.consoleTls,
    hostNetwork: node.hostNetwork,
    status: app.agents.status(node),
    lastSeenAt: app.agents.lastSeenAt(node),
    agentVersion: app.agents.agentVersion(node),
    docker: app.agents.docker(node),
    capacity: { memory: node.memory, disk: node.disk, cpu: node.cpu },
    allocated: {
      memory: servers.reduce((sum, s) => sum + s.memory, 0),
      disk: servers.reduce((sum, s) => sum + s.disk, 0),
      cpu: servers.reduce((sum, s) => sum + s.cpu, 0),
    },
    servers: servers.length,
    hasToken: node.tokenHash !== null,
    local: node.local,
    createdAt: node.createdAt,
  };
}
