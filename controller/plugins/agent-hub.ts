import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, NODE_TOKEN_PREFIX } from '../../contracts/index.ts';
import { AgentConnection } from '../agents/agent-connection.ts';
import { AgentHub } from '../agents/agent-hub.ts';
import { FailureLimiter } from '../agents/failure-limiter.ts';
import { ensureSigningKey } from '../console/signing-key.ts';
import type { StoredNode } from '../store/document-schema.ts';
import { NodesRepository } from '../store/nodes-repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    agents: AgentHub;
    nodes: NodesRepository;
  }
  interface FastifyRequest {
    agentNode: StoredNode | null;
  }
}

/** Bad node tokens allowed per address per minute before every attempt from it is refused. */
const MAX_BAD_TOKENS_PER_MINUTE = 10;

/**
 * The agent link: agents dial `GET /api/v1/agent` as a WebSocket with
 * `Authorization: Bearer strk_node_…`. The token is checked before the upgrade, so a bad one
 * gets an ordinary 401 envelope and never a socket.
 */
export const agentHubPlugin = fp(
  async (app: FastifyInstance, options: { heartbeatIntervalSeconds: number }) => {
    const nodes = new NodesRepository(app.store);
    const signingKey = await ensureSigningKey(app.store);
    const hub = new AgentHub({ nodes, heartbeatIntervalSeconds: options.heartbeatIntervalSeconds, consolePublicKey: signingKey.publicKey });
    app.decorate('nodes', nodes);
    app.decorate('agents', hub);
    app.decorateRequest('agentNode', null);
    app.addHook('preClose', async () => hub.close());

    const badTokens = new FailureLimiter(MAX_BAD_TOKENS_PER_MINUTE, 60_000);

    function authenticateAgent(request: FastifyRequest, reply: FastifyReply): void {
      const blockedFor = badTokens.blockedFor(request.ip);
      if (blockedFor > 0) {
        // Like every other 429 here; the agent's link waits for exactly this header.
        reply.header('Retry-After', blockedFor);
        throw new AppError('RATE_LIMITED', `Too many bad node tokens from this address; retry in ${blockedFor} s`, { retryAfter: blockedFor });
      }
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      const token = match?.[1];
      const node = token?.startsWith(NODE_TOKEN_PREFIX) ? nodes.findByToken(token) : undefined;
      if (!node) {
        badTokens.recordFailure(request.ip);
        throw new AppError('UNAUTHORIZED', 'Invalid node token');
      }
      request.agentNode = node;
    }

    app.get('/api/v1/agent', {
      websocket: true,
      schema: { hide: true },
      onRequest: async (request, reply) => authenticateAgent(request, reply),
    }, (socket, request) => {
      const node = request.agentNode;
      if (!node) return socket.close(1008, 'unauthenticated');
      hub.adopt(node, new AgentConnection(node.id, socket));
    });
  },
  { name: 'agent-hub', dependencies: ['store', 'rate-limit'] },
);
