import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../../../../agent/transport/backoff.ts';

test('delays double up to the cap, each drawn between half the first delay and the ceiling', () => {
  const lowest = new Backoff(100, 1000, () => 0);
  const highest = new Backoff(100, 1000, () => 1);
  assert.deepEqual(Array.from({ length: 6 }, () => lowest.next()), [50, 50, 50, 50, 50, 50]);
  assert.deepEqual(Array.from({ length: 6 }, () => highest.next()), [100, 200, 400, 800, 1000, 1000]);
});

test('reset starts again from the short delays; longest jumps to the cap and stays there', () => {
  const backoff = new Backoff(100, 1000, () => 1);
  backoff.next();
  backoff.next();
  backoff.reset();
  assert.equal(backoff.next(), 100);
  assert.equal(backoff.longest(), 1000);
  assert.equal(backoff.next(), 1000);
});
