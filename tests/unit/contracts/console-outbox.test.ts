import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerConsoleFrame } from '../../../contracts/index.ts';
import { ConsoleOutbox, type ConsoleOutboxOptions } from '../../../contracts/console-outbox.ts';

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

function outboxFor(target: ReturnType<typeof viewer>, options: Partial<ConsoleOutboxOptions> = {}) {
  return new ConsoleOutbox({ capacity: 10, batchMaxLines: 4, batchMaxChars: 1000, send: (f) => target.send(f), onFailure: () => {}, ...options });
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
  const outbox = outboxFor(target, { capacity: 3 });
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
  for (const line of lines) outbox.enqueue(line);
  outbox.drain();
  assert.deepEqual(target.lines(), lines);
  assert.equal(outbox.droppedLines, 0);
});

test('a busy viewer loses its oldest lines, counted, and gets the newest once it drains', async () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacity: 5, batchMaxLines: 100 });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  for (let i = 0; i < 20; i += 1) outbox.enqueue(`line ${i}`);
  outbox.drain();
  assert.equal(target.frames.length, 1, 'nothing more while the viewer is busy');
  assert.equal(outbox.droppedLines, 15);
  target.release();
  await settle();
  assert.deepEqual(target.lines(), ['first', 'line 15', 'line 16', 'line 17', 'line 18', 'line 19']);
});

test('frames pushed out of a full outbox are not lost: the newest of each kind goes first when the viewer drains', async () => {
  const target = viewer();
  const outbox = outboxFor(target, { capacity: 2 });
  target.state.blocked = true;
  outbox.push({ type: 'console', data: 'first' });
  outbox.enqueue({ type: 'status', data: 'starting' });
  outbox.enqueue({ type: 'status', data: 'running' });
  for (let i = 0; i < 5; i += 1) outbox.enqueue(`line ${i}`);
  target.release();
  await settle();
  assert.deepEqual(target.frames.slice(1), [
    { type: 'status', data: 'running' },
    { type: 'console', data: { lines: ['line 3', 'line 4'] } },
  ]);
});

test('a viewer whose send throws or rejects fails once, and nothing is sent to it afterwards', async () => {
  for (const failing of [() => { throw new Error('gone'); }, () => Promise.reject(new Error('gone'))]) {
    const failures: unknown[] = [];
    let sent = 0;
    const outbox = new ConsoleOutbox({
      capacity: 10, batchMaxLines: 1, batchMaxChars: 1000,
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
