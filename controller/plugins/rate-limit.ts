import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../contracts/index.ts';
import type { RateLimits } from '../config.ts';

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

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window limits per client key (the user when authenticated, else the address).
 * Written here rather than taken from @fastify/rate-limit because the seed's
 * X-RateLimit-Reset is a Unix time, not seconds-until-reset, and because the headers must
 * be on every response, 404s and body errors included (an app-level onRequest hook is).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, options: { limits: RateLimits }) => {
    const { limits } = options;
    const windows = new Map<string, Window>();

    // Expired windows are swept once per window length so the map cannot grow without bound.
    const sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
    }, limits.windowMs);
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));

    app.decorate('countRequest', (request: FastifyRequest, reply: FastifyReply) => {
      const bucket = bucketOf(request);
      const limit = limits[bucket];
      const key = `${bucket}:${request.identity ? `user:${request.identity.user.id}` : `ip:${request.ip}`}`;
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + limits.windowMs };
        windows.set(key, window);
      }
      window.count += 1;
      const remaining = Math.max(0, limit - window.count);
      reply.header('X-RateLimit-Limit', limit);
      reply.header('X-RateLimit-Remaining', remaining);
      reply.header('X-RateLimit-Reset', Math.ceil(window.resetAt / 1000));
      if (window.count > limit) {
        const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
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
