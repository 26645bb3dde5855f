import type { FastifyInstance } from 'fastify';
import type { Node } from '../../contracts/index.ts';
import type { StoredNode } from '../store/document-schema.ts';
import { describeExposure, networkProblem } from './node-networking.ts';

/** A node as responses and events show it: live status from the hub, allocation from the servers on it, never its token hash. */
export function toPublicNode(app: FastifyInstance, node: StoredNode): Node {
  const { servers, ports: portsInUse, ...allocated } = app.servers.allocatedOn(node.id);
  const networkModes = app.agents.networkModes(node);
  return {
    id: node.id,
    name: node.name,
    host: node.host,
    consolePort: node.consolePort,
    consoleTls: node.consoleTls,
    hostNetwork: node.hostNetwork,
    bindAddress: node.bindAddress,
    portRanges: node.portRanges,
    networkModes,
    networkProblem: networkProblem(node, networkModes),
    exposure: describeExposure(node),
    status: app.agents.status(node),
    lastSeenAt: app.agents.lastSeenAt(node),
    agentVersion: app.agents.agentVersion(node),
    docker: app.agents.docker(node),
    capacity: { memory: node.memory, disk: node.disk, cpu: node.cpu },
    allocated,
    servers,
    portsInUse,
    hasToken: node.tokenHash !== null,
    local: node.local,
    createdAt: node.createdAt,
  };
}
