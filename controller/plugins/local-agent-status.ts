import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LocalAgentStatusBoard } from '../local-agent-status-board.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the bootstrap (desktop or headless) last said about the embedded local agent. */
    localAgentStatus: LocalAgentStatusBoard;
  }
}

export const localAgentStatusPlugin = fp(
  async (app: FastifyInstance, options: { enabled: boolean }) => {
    app.decorate('localAgentStatus', new LocalAgentStatusBoard(options.enabled));
  },
  { name: 'local-agent-status' },
);
