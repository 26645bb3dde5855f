import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LocalAgentStatusSchema, dataEnvelope } from '../../../contracts/index.ts';
import { ok } from '../respond.ts';

export const localAgentRoute: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/local-agent', {
    onRequest: app.requireAdmin,
    schema: {
      tags: ['admin'],
      summary: "The embedded agent for the controller's own machine: running, or why not (Docker missing, turned off)",
      response: { 200: dataEnvelope(LocalAgentStatusSchema) },
    },
  }, async () => ok(app.localAgentStatus.get()));
};
