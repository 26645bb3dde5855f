import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerConsoleFrame } from '../../../contracts/index.ts';
import { ConsoleOutbox, queuedBytes, type ConsoleOutboxOptions } from '../../../contracts/console-outbox.ts';

/** A viewer that is either quick (takes each frame at once) or stuck until released, like a full socket. */
function viewer() {
  const frames: ServerConsoleFrame[] = [];
  const waiting: (() => void)[] = [];
  const state = { blocked: false };
  return {
    frames,
    state,
    send(frame: ServerConsoleFrame) {
      frames.push(frame);
      if (state.blocked) return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      state.blocked = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
    lines: () => frames.flatMap((f) => (f.type !== 'console' ? [] : typeof f.data === 'string' ? [f.data] : f.data.lines)),
  };
}

/** Room for `lines` waiting lines like `line 12` (7 characters). */
const roomFor = (lines: number) => lines * queuedBytes('line 12');

function outboxFor(target: ReturnType<typeof viewer>, options: Partial<ConsoleOutboxOptions> = {}) {
  return new ConsoleOutbox({ capacityBytes: roomFor(10), batchMaxLines: 4, batchMaxChars: 1000, send: (f) => target.send(f), onFailure: () => {}, ...options });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('lines queued together go out batched, a single line as a plain string, other frames in their place', () => {
  const target = viewer();
  const outbox = outboxFor(target);
  for (const line of ['a', 'b', 'c', 'd', 'e']) outbox.enqueue(line);
  outbox.enqueue({ type: 'status', data: 'running' });
  outbox.enqueue('f');
  outbox.drain();
  assert.deepEqual(target.frames, [
    { type: 'console', data: { lines: ['a', 'b', 'c', 'd'] } },
    { type: 'console', data: 'e' },
    { type: 'status', data: 'running' },
    { type: 'console', data: 'f' },
  ]);
});

test('a batch stops short of batchMaxChars, but always carries at least one line', () => {
  const target = viewer();
  const outbox = outboxFor(target, { batchMaxChars: 5 });
  for (const line of ['aaa', 'bb', 'c', 'toolongline']) outbox.enqueue(line);
  outbox.drain();
  assert.deepEqual(target.frames, [
    { type: 'console', data: { lines: ['aaa', 'bb'] } },
    { type: 'console', data: 'c' },
    { type: 'console', data: 'toolongline' },
  ]);
});

test('push passes a frame straight through to an idle viewer, as it was batched on the earlier hop', () => {
  const target = viewer();
  const outbox = outboxFor(target, { batchMaxLines: 3 });
  const frames: ServerConsoleFrame[] = [
    { type: 'console', data: { lines: ['1', '2', '3', '4'] } },
    { type: 'console', data: '5' },
    { type: 'token_expired' },
  ];
  for (const frame of frames) outbox.push(frame);
  assert.deepEqual(target.frames, frames);
});

test('while the viewer is busy, a pushed console frame queues as its lines and goes out re-batched', async () => {
  const target = viewer();
  const outbox = outboxFor(target, { batchMaxLines: 3 });
  target.state.blocked = true;
  outbox.push({ type: 'status', data: 'running' });
  outbox.push({ type: 'console', data: { lines: ['1', '2', '3', '4'] } });
  outbox.push({ type: 'console', data: '5' });
  target.release();
  await settle();
  assert.deepEqual(target.frames, [
    { type: 'status', data: 'running' },
    { type: 'console', data: { lines: ['1', '2', '3'] } },
    { type: 'console', data: { lines: ['4', '5'] } },
  ]);
});

test('a quick viewer never loses a line, however far a burst overflows the capacity', () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacityBytes: roomFor(3) });
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
  for (const line of lines) outbox.enqueue(line);
  outbox.drain();
  assert.deepEqual(target.lines(), lines);
  assert.equal(outbox.droppedLines, 0);
});

test('a busy viewer waits without loss until its bytes exceed the capacity, then loses its oldest lines and gets one throttled notice where the gap is', async () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacityBytes: roomFor(5), batchMaxLines: 100 });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  for (let i = 10; i < 15; i += 1) outbox.enqueue(`line ${i}`);
  assert.equal(outbox.droppedLines, 0, 'up to the capacity, a busy viewer loses nothing');
  assert.equal(outbox.queuedBytes, roomFor(5));
  for (let i = 15; i < 30; i += 1) outbox.enqueue(`line ${i}`);
  outbox.drain();
  assert.equal(target.frames.length, 1, 'nothing more while the viewer is busy');
  assert.equal(outbox.droppedLines, 15);
  assert.ok(outbox.queuedBytes <= roomFor(5));
  target.release();
  await settle();
  assert.deepEqual(target.frames.slice(1), [
    { type: 'throttled', data: { dropped: 15 } },
    { type: 'console', data: { lines: ['line 25', 'line 26', 'line 27', 'line 28', 'line 29'] } },
  ]);

  // Keeping up again: no more notices.
  outbox.enqueue('line 30');
  outbox.drain();
  assert.deepEqual(target.frames.at(-1), { type: 'console', data: 'line 30' });
  assert.equal(target.frames.filter((f) => f.type === 'throttled').length, 1);
});

test('long lines count by their size: a few large lines fill the same capacity as many short ones', () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacityBytes: 10_000 });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  for (let i = 0; i < 10; i += 1) outbox.enqueue('x'.repeat(2_000));
  assert.ok(outbox.queuedBytes <= 10_000, `${outbox.queuedBytes} bytes waiting`);
  assert.equal(outbox.droppedLines, 6, 'four 2 KB lines fit in 10 KB');
});

test('a smaller capacity (a server\'s viewers sharing its bound) applies from the next line', () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacityBytes: roomFor(100) });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  for (let i = 10; i < 60; i += 1) outbox.enqueue(`line ${i}`);
  assert.equal(outbox.droppedLines, 0);
  outbox.capacityBytes = roomFor(10);
  outbox.enqueue('line 60');
  assert.equal(outbox.queuedBytes, roomFor(10));
  assert.equal(outbox.droppedLines, 41);
});

test('frames pushed out of a full outbox are not lost: the newest of each kind goes first when the viewer drains', async () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacityBytes: roomFor(2) });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  outbox.enqueue({ type: 'status', data: 'starting' });
  outbox.enqueue({ type: 'status', data: 'running' });
  for (let i = 0; i < 5; i += 1) outbox.enqueue(`line ${i}`);
  target.release();
  await settle();
  assert.deepEqual(target.frames.slice(1), [
    { type: 'status', data: 'running' },
    { type: 'throttled', data: { dropped: 3 } },
    { type: 'console', data: { lines: ['line 3', 'line 4'] } },
  ]);
});

test('a viewer whose send throws or rejects fails once, and nothing is sent to it afterwards', async () => {
  for (const failing of [() => { throw new Error('gone'); }, () => Promise.reject(new Error('gone'))]) {
    const failures: unknown[] = [];
    let sent = 0;
    const outbox = new ConsoleOutbox({
      capacityBytes: 1000, batchMaxLines: 1, batchMaxChars: 1000,
      send: () => {
        sent += 1;
        return failing();
      },
      onFailure: (error) => failures.push(error),
    });
    outbox.push({ type: 'console', data: { lines: ['a', 'b'] } });
    await settle();
    outbox.push({ type: 'console', data: 'c' });
    await settle();
    assert.equal(sent, 1);
    assert.equal(failures.length, 1);
    assert.match(String(failures[0]), /gone/);
  }
});

test('close drops what is queued and refuses more', async () => {
  const target = viewer();
  const outbox = outboxFor(target);
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  outbox.push({ type: 'console', data: 'queued' });
  outbox.close();
  target.release();
  outbox.push({ type: 'console', data: 'after' });
  await settle();
  assert.deepEqual(target.lines(), ['first']);
});
