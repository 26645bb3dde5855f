import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../contracts/index.ts';
import type { RateLimiter } from '../../contracts/rate-limiter.ts';
import type { RateLimits } from '../config.ts';
import { sweptRateLimiter } from '../security/swept-rate-limiter.ts';

export type RateLimitBucket = 'general' | 'auth' | 'admin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a request against its limit and sets the headers; throws RATE_LIMITED over the limit. */
    countRequest: (request: FastifyRequest, reply: FastifyReply) => void;
  }
  interface FastifyContextConfig {
    /**
     * Which limit applies; routes under /admin default to 'admin', everything else to 'general'.
     * 'none' is for the admin UI's pages and files: one page load fetches several, and they
     * must not spend the API's budget.
     */
    rateLimit?: RateLimitBucket | 'none';
  }
}

/**
 * Fixed-window limits per client key (the user when authenticated, else the address), one
 * limiter per bucket. Not @fastify/rate-limit, because the seed's X-RateLimit-Reset is a Unix
 * time, not seconds-until-reset, and because the headers must be on every response, 404s and
 * body errors included (an app-level onRequest hook is).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: { limits: RateLimits }) => {
    const { limits } = options;
    const limiters = {
      general: sweptRateLimiter(app, { limit: limits.general, windowMs: limits.windowMs }),
      auth: sweptRateLimiter(app, { limit: limits.auth, windowMs: limits.windowMs }),
      admin: sweptRateLimiter(app, { limit: limits.admin, windowMs: limits.windowMs }),
    } satisfies Record<RateLimitBucket, RateLimiter>;

    app.decorate('countRequest', (request: FastifyRequest, reply: FastifyReply) => {
      const limiter = limiters[bucketOf(request)];
      const { limit } = limiter;
      const hit = limiter.hit(request.identity ? `user:${request.identity.user.id}` : `ip:${request.ip}`);
      reply.header('X-RateLimit-Limit', limit);
      reply.header('X-RateLimit-Remaining', hit.remaining);
      reply.header('X-RateLimit-Reset', Math.ceil(hit.resetAt / 1000));
      if (!hit.allowed) {
        const retryAfter = Math.max(1, Math.ceil((hit.resetAt - Date.now()) / 1000));
        reply.header('Retry-After', retryAfter);
        throw new AppError('RATE_LIMITED', `Too many requests: the limit is ${limit} per ${limits.windowMs / 1000} s; retry in ${retryAfter} s`, {
          limit,
          retryAfter,
        });
      }
    });
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.rateLimit !== 'none') app.countRequest(request, reply);
    });
  },
  { name: 'rate-limit', dependencies: ['auth'] },
);

function bucketOf(request: FastifyRequest): RateLimitBucket {
  const configured = request.routeOptions.config?.rateLimit;
  if (configured && configured !== 'none') return configured;
  // The route's own pattern, not the raw URL: the router decodes /api/v1/%61dmin/stats to an
  // admin route, which must not slip into the general bucket. Unmatched URLs have no pattern,
  // and neither do API paths the UI's catch-all hands back as 404s (it counts those itself).
  const path = (configured === 'none' ? undefined : request.routeOptions.url) ?? request.url;
  return path.startsWith('/api/v1/admin/') ? 'admin' : 'general';
}
