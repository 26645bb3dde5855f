import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ConsoleRevoker } from '../console/console-revoker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Closes a user's console sessions on the agents when their access ends. */
    consoleRevoker: ConsoleRevoker;
  }
}

export const consoleRevokerPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('consoleRevoker', new ConsoleRevoker({ hub: app.agents, warn: (message) => app.log.warn(message) }));
  },
  { name: 'console-revoker', dependencies: ['agent-hub'] },
);
