import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../contracts/index.ts';
import type { RateLimiter } from '../../contracts/rate-limiter.ts';
import type { RateLimits } from '../config.ts';
import { sweptRateLimiter } from '../security/swept-rate-limiter.ts';

export type RateLimitBucket = 'general' | 'auth' | 'admin';

export interface PasswordAttempts {
  /**
   * Throws RATE_LIMITED (with Retry-After) when the email, or unless told otherwise the address,
   * has used up its attempts; counts nothing.
   */
  assertAllowed(request: FastifyRequest, reply: FastifyReply, email: string, options?: { address?: boolean }): void;
  /** Counts one failed guess against the email and, unless the request was already counted, the address. */
  failed(request: FastifyRequest, email: string, options?: { countAddress?: boolean }): void;
  /** Counts one attempt for the email (sign-up, where every attempt probes an address). */
  attempt(request: FastifyRequest, reply: FastifyReply, email: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a request against its limit and sets the headers; throws RATE_LIMITED over the limit. */
    countRequest: (request: FastifyRequest, reply: FastifyReply) => void;
    /** Password guesses: the auth limit per client address and per target email, whoever is signed in. */
    passwordAttempts: PasswordAttempts;
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
 * Fixed-window limits per client key (the user when authenticated, else the address; always
 * the address for sign-in and sign-up), one
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

    const refuse = (reply: FastifyReply, limit: number, resetAt: number): AppError => {
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      reply.header('Retry-After', retryAfter);
      return new AppError('RATE_LIMITED', `Too many requests: the limit is ${limit} per ${limits.windowMs / 1000} s; retry in ${retryAfter} s`, {
        limit,
        retryAfter,
      });
    };

    app.decorate('countRequest', (request: FastifyRequest, reply: FastifyReply) => {
      const bucket = bucketOf(request);
      const limiter = limiters[bucket];
      const { limit } = limiter;
      // Sign-in and sign-up are keyed on the address always: keyed on a user, any stolen or
      // throw-away session attached to the request would buy an attacker a fresh budget.
      const key = bucket !== 'auth' && request.identity ? `user:${request.identity.user.id}` : `ip:${request.ip}`;
      const hit = limiter.hit(key);
      reply.header('X-RateLimit-Limit', limit);
      reply.header('X-RateLimit-Remaining', hit.remaining);
      reply.header('X-RateLimit-Reset', Math.ceil(hit.resetAt / 1000));
      if (!hit.allowed) throw refuse(reply, limit, hit.resetAt);
    });

    const auth = limiters.auth;
    const emailKey = (email: string) => `email:${email.toLowerCase()}`;
    app.decorate('passwordAttempts', {
      assertAllowed(request, reply, email, options = {}) {
        const keys = options.address === false ? [emailKey(email)] : [`ip:${request.ip}`, emailKey(email)];
        for (const key of keys) {
          const waitMs = auth.retryAfterMs(key);
          if (waitMs > 0) throw refuse(reply, auth.limit, Date.now() + waitMs);
        }
      },
      failed(request, email, options = {}) {
        auth.hit(emailKey(email));
        if (options.countAddress !== false) auth.hit(`ip:${request.ip}`);
      },
      attempt(request, reply, email) {
        const hit = auth.hit(emailKey(email));
        if (!hit.allowed) throw refuse(reply, auth.limit, hit.resetAt);
      },
    } satisfies PasswordAttempts);
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
