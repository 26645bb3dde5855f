import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AgentHub } from '../agents/agent-hub.ts';
import { ensureSigningKey } from '../console/signing-key.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every live agent link; requests to nodes go through it (the link itself is routes/agent). */
    agents: AgentHub;
  }
}

export const agentHubPlugin = fp(
  async (app: FastifyInstance, options: { heartbeatIntervalSeconds: number }) => {
    const signingKey = await ensureSigningKey(app.store);
    const hub = new AgentHub({
      nodes: app.nodes,
      heartbeatIntervalSeconds: options.heartbeatIntervalSeconds,
      consolePublicKey: signingKey.publicKey,
      specsFor: (nodeId) => app.serverSpecs.onNode(nodeId),
    });
    app.decorate('agents', hub);
    app.addHook('preClose', async () => hub.close());
  },
  { name: 'agent-hub', dependencies: ['store', 'nodes-repository', 'server-specs'] },
);
