import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../contracts/index.ts';

/**
 * Requests that arrive while the controller shuts down (on a kept-alive connection) get a 503
 * in our envelope, instead of Fastify's own body: clients branch on `error.code` everywhere.
 */
export const shutdownGuardPlugin = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onRequest', async (_request, reply) => {
      if (!closing) return;
      reply.header('Connection', 'close');
      throw new AppError('SHUTTING_DOWN', 'The controller is shutting down; retry in a moment');
    });
  },
  { name: 'shutdown-guard' },
);
