import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ServersService } from '../servers/servers-service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    serversService: ServersService;
  }
}

export const serversServicePlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('serversService', new ServersService({
      servers: app.servers,
      blueprints: app.blueprints,
      nodes: app.nodes,
      users: app.users,
      agents: app.agents,
      specs: app.serverSpecs,
      liveServers: app.liveServers,
      log: app.log,
    }));
  },
  {
    name: 'servers-service',
    dependencies: ['servers-repository', 'blueprints-repository', 'nodes-repository', 'users-repository', 'agent-hub', 'server-specs', 'live-servers'],
  },
);
