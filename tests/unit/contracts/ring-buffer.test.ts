import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../../contracts/ring-buffer.ts';

test('a full ring buffer overwrites its oldest item and reports what it pushed out', () => {
  const ring = new RingBuffer<number>(3);
  for (const n of [1, 2, 3]) assert.equal(ring.push(n).evicted, false);
  assert.deepEqual(ring.push(4), { evicted: true, item: 1 });
  assert.deepEqual(ring.toArray(), [2, 3, 4]);
});

test('shift and peek take from the oldest end across the wrap-around', () => {
  const ring = new RingBuffer<string>(2);
  ring.push('a');
  ring.push('b');
  ring.push('c');
  assert.equal(ring.peek(), 'b');
  assert.equal(ring.shift(), 'b');
  ring.push('d');
  assert.deepEqual(ring.toArray(), ['c', 'd']);
  assert.equal(ring.shift(), 'c');
  assert.equal(ring.shift(), 'd');
  assert.equal(ring.shift(), undefined);
  assert.equal(ring.size, 0);
});

test('a ring buffer needs a positive capacity', () => {
  assert.throws(() => new RingBuffer(0), RangeError);
});
