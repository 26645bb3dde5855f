import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LiveServerState } from '../servers/live-server-state.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Server records kept in step with agents' reports, and each server's latest resource sample. */
    liveServers: LiveServerState;
  }
}

export const liveServersPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('liveServers', new LiveServerState(app.agents, app.servers, app.log));
  },
  { name: 'live-servers', dependencies: ['agent-hub', 'servers-repository'] },
);
