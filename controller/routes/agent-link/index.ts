import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AGENT_LINK_CLOSE } from '../../../contracts/agent-link-close.ts';
import { AppError, NODE_TOKEN_PREFIX } from '../../../contracts/index.ts';
import { AgentConnection } from '../../agents/agent-connection.ts';
import { sweptRateLimiter } from '../../security/swept-rate-limiter.ts';
import type { StoredNode } from '../../store/document-schema.ts';

declare module 'fastify' {
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
export const agentLinkRoute: FastifyPluginAsync = async (app) => {
  app.decorateRequest('agentNode', null);
  // Failures only are counted, so a token cannot be guessed by brute force.
  const badTokens = sweptRateLimiter(app, { limit: MAX_BAD_TOKENS_PER_MINUTE, windowMs: 60_000 });

  function authenticateAgent(request: FastifyRequest, reply: FastifyReply): void {
    const blockedFor = Math.ceil(badTokens.retryAfterMs(request.ip) / 1000);
    if (blockedFor > 0) {
      // Like every other 429 here; the agent's link waits for exactly this header.
      reply.header('Retry-After', blockedFor);
      throw new AppError('RATE_LIMITED', `Too many bad node tokens from this address; retry in ${blockedFor} s`, { retryAfter: blockedFor });
    }
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const token = match?.[1];
    const node = token?.startsWith(NODE_TOKEN_PREFIX) ? app.nodes.findByToken(token) : undefined;
    if (!node) {
      badTokens.hit(request.ip);
      throw new AppError('UNAUTHORIZED', 'Invalid node token');
    }
    request.agentNode = node;
  }

  app.get('/agent', {
    websocket: true,
    schema: { hide: true },
    onRequest: async (request, reply) => authenticateAgent(request, reply),
  }, (socket, request) => {
    const node = request.agentNode;
    if (!node) return socket.close(AGENT_LINK_CLOSE.unauthenticated, 'unauthenticated');
    app.agents.adopt(node, new AgentConnection(node.id, socket));
  });
};
