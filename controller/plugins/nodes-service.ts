import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { NodesService } from '../nodes/nodes-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    nodesService: NodesService;
  }
}

export const nodesServicePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('nodesService', new NodesService({ nodes: app.nodes, servers: app.servers, agents: app.agents, specs: app.serverSpecs, log: app.log }));
  },
  { name: 'nodes-service', dependencies: ['nodes-repository', 'servers-repository', 'agent-hub', 'server-specs'] },
);
