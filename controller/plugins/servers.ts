import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ServerSpec } from '../../contracts/index.ts';
import { LiveServerState } from '../servers/live-server-state.ts';
import { buildServerSpec } from '../servers/server-spec.ts';
import { BlueprintsRepository } from '../store/blueprints-repository.ts';
import { ServersRepository } from '../store/servers-repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    servers: ServersRepository;
    blueprints: BlueprintsRepository;
    liveServers: LiveServerState;
    /** The spec an agent needs for a server, or null if its blueprint or node is gone. */
    serverSpec: (serverId: string) => ServerSpec | null;
  }
}

export const serversPlugin = fp(
  async (app: FastifyInstance) => {
    const servers = new ServersRepository(app.store);
    const blueprints = new BlueprintsRepository(app.store);
    const serverSpec = (serverId: string): ServerSpec | null => {
      const server = servers.findById(serverId);
      const blueprint = server && blueprints.get(server.blueprintId);
      const node = server && app.nodes.findById(server.nodeId);
      return server && blueprint && node ? buildServerSpec(server, blueprint, node) : null;
    };
    app.decorate('servers', servers);
    app.decorate('blueprints', blueprints);
    app.decorate('serverSpec', serverSpec);
    app.decorate('liveServers', new LiveServerState(app.agents, servers, serverSpec, app.log));
  },
  { name: 'servers', dependencies: ['store', 'agent-hub'] },
);
