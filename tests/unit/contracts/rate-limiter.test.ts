import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from '../../../contracts/rate-limiter.ts';

function clock(start = 1_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

test('a key gets `limit` events per window; the first refusal is flagged once, later ones are not', () => {
  const { now } = clock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now });
  const hits = Array.from({ length: 5 }, () => limiter.hit('a'));
  assert.deepEqual(hits.map((h) => h.allowed), [true, true, true, false, false]);
  assert.deepEqual(hits.map((h) => h.firstRefusal), [false, false, false, true, false]);
  assert.deepEqual(hits.map((h) => h.remaining), [2, 1, 0, 0, 0]);
  assert.deepEqual(hits.map((h) => h.count), [1, 2, 3, 4, 5]);
});

test('a window opens with its first event and ends windowMs later; the next event opens a fresh one', () => {
  const { time, now } = clock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now });
  assert.equal(limiter.hit('a').resetAt, 2_000);
  time.now = 1_999;
  assert.equal(limiter.hit('a').allowed, false);
  time.now = 2_000;
  const fresh = limiter.hit('a');
  assert.equal(fresh.allowed, true);
  assert.equal(fresh.resetAt, 3_000);
});

test('keys are counted apart', () => {
  const { now } = clock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now });
  assert.equal(limiter.hit('a').allowed, true);
  assert.equal(limiter.hit('b').allowed, true);
  assert.equal(limiter.hit('a').allowed, false);
});

test('retryAfterMs says how long a key is blocked, without counting', () => {
  const { time, now } = clock();
  const limiter = new RateLimiter({ limit: 2, windowMs: 60_000, now });
  assert.equal(limiter.retryAfterMs('a'), 0, 'never seen');
  limiter.hit('a');
  assert.equal(limiter.retryAfterMs('a'), 0, 'one more is still allowed');
  limiter.hit('a');
  time.now += 15_000;
  assert.equal(limiter.retryAfterMs('a'), 45_000);
  assert.equal(limiter.retryAfterMs('a'), 45_000, 'asking counts nothing');
  time.now += 45_000;
  assert.equal(limiter.retryAfterMs('a'), 0);
});

test('sweep forgets ended windows only', () => {
  const { time, now } = clock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now });
  limiter.hit('old');
  time.now += 600;
  limiter.hit('new');
  time.now += 500;
  limiter.sweep();
  assert.equal(limiter.size, 1);
  assert.equal(limiter.hit('new').allowed, false, 'the live window kept its count');
});
