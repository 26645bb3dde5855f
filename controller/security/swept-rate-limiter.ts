import type { FastifyInstance } from 'fastify';
import { RateLimiter, type RateLimiterOptions } from '../../contracts/rate-limiter.ts';

/**
 * A rate limiter keyed by clients, whose ended windows are forgotten once per window length
 * while the app runs, so the number of clients ever seen cannot grow its memory without bound.
 */
export function sweptRateLimiter<Key = string>(app: FastifyInstance, options: RateLimiterOptions): RateLimiter<Key> {
  const limiter = new RateLimiter<Key>(options);
  const sweeper = setInterval(() => limiter.sweep(), options.windowMs);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  return limiter;
}
