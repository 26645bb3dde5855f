import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { sweptRateLimiter } from '../../../controller/security/swept-rate-limiter.ts';

test('a swept limiter forgets every client whose window has ended, so new addresses cannot grow it for ever', async () => {
  const app = Fastify();
  const limiter = sweptRateLimiter(app, { limit: 10, windowMs: 50 });
  for (let i = 0; i < 1000; i++) limiter.hit(`203.0.113.${i % 250}/${i}`);
  assert.equal(limiter.size, 1000);
  const deadline = Date.now() + 5000;
  while (limiter.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(limiter.size, 0, 'every ended window is gone');
  await app.close();
});
