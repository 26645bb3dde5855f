import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LocalAgentStatusSchema, dataEnvelope, type LocalAgentStatus } from '../../../contracts/index.ts';
import { ok } from '../respond.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** What the bootstrap (desktop or headless) last said about the embedded local agent. */
    localAgentStatus: LocalAgentStatusBoard;
  }
}

/**
 * The local agent is started by the bootstrap, outside the app; this is where it reports how
 * that went, so every admin UI (the desktop window or a LAN browser) can say why this machine
 * runs no game servers.
 */
export class LocalAgentStatusBoard {
  private status: LocalAgentStatus;

  constructor(enabled: boolean) {
    this.status = enabled
      ? { enabled, running: false, problem: null, reason: null, nodeId: null }
      : { enabled, running: false, problem: 'disabled', reason: 'turned off for this controller', nodeId: null };
  }

  get(): LocalAgentStatus {
    return this.status;
  }

  set(status: LocalAgentStatus): void {
    this.status = LocalAgentStatusSchema.parse(status);
  }
}

export const localAgentRoute: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/local-agent', {
    schema: {
      tags: ['admin'],
      summary: "The embedded agent for the controller's own machine: running, or why not (Docker missing, turned off)",
      response: { 200: dataEnvelope(LocalAgentStatusSchema) },
    },
  }, async () => ok(app.localAgentStatus.get()));
};
