import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerConsoleFrame } from '../../../../contracts/index.ts';
import { ConsolePipeline } from '../../../../agent/server/console-pipeline.ts';
import type { ConsoleViewer } from '../../../../agent/server/console-frames.ts';
import { queuedBytes } from '../../../../contracts/console-outbox.ts';
import { until } from '../../../support/fake-environment.ts';

/** A viewer that takes every frame at once and remembers it. */
function fastViewer(): ConsoleViewer & { frames: ServerConsoleFrame[]; lines(): string[] } {
  const frames: ServerConsoleFrame[] = [];
  return {
    frames,
    send: (frame) => void frames.push(frame),
    lines: () => linesOf(frames),
  };
}

/** A viewer stuck on its first frame until `release()`, like a socket with a full buffer. */
function slowViewer(): ConsoleViewer & { frames: ServerConsoleFrame[]; release(): void; lines(): string[] } {
  const frames: ServerConsoleFrame[] = [];
  let blocked = true;
  const waiting: (() => void)[] = [];
  return {
    frames,
    send(frame) {
      frames.push(frame);
      if (!blocked) return;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      blocked = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
    lines: () => linesOf(frames),
  };
}

function linesOf(frames: ServerConsoleFrame[]): string[] {
  return frames.flatMap((frame) => {
    if (frame.type !== 'console') return [];
    return typeof frame.data === 'string' ? [frame.data] : frame.data.lines;
  });
}

function numbered(from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i += 1) text += `line ${i}\n`;
  return text;
}

test('the backlog keeps the most recent lines up to its configured size', () => {
  const pipeline = new ConsolePipeline({ backlogLines: 500 });
  pipeline.push(numbered(0, 1200));
  const backlog = pipeline.backlog();
  assert.equal(backlog.length, 500);
  assert.equal(backlog[0], 'line 700');
  assert.equal(backlog[499], 'line 1199');
  pipeline.dispose();
});

test('the backlog defaults to 150 lines', () => {
  const pipeline = new ConsolePipeline();
  pipeline.push(numbered(0, 200));
  assert.equal(pipeline.backlog().length, 150);
  pipeline.dispose();
});

test('a viewer subscribing with replay gets the backlog, then live lines, with no gap or repeat', () => {
  const pipeline = new ConsolePipeline();
  pipeline.push('old 1\nold 2\n');
  const viewer = fastViewer();
  pipeline.subscribe(viewer, { replayBacklog: true, initial: [{ type: 'status', data: 'running' }] });
  pipeline.push('new 1\n');
  assert.deepEqual(viewer.frames, [
    { type: 'status', data: 'running' },
    { type: 'backlog', data: { lines: ['old 1', 'old 2'] } },
    { type: 'console', data: 'new 1' },
  ]);
  pipeline.dispose();
});

test('lines of one chunk reach a viewer batched as { lines }', () => {
  const pipeline = new ConsolePipeline();
  const viewer = fastViewer();
  pipeline.subscribe(viewer);
  pipeline.push('a\nb\nc\n');
  assert.deepEqual(viewer.frames, [{ type: 'console', data: { lines: ['a', 'b', 'c'] } }]);
  pipeline.dispose();
});

test('a line split across chunks reaches viewers and line listeners once, whole', () => {
  const pipeline = new ConsolePipeline();
  const viewer = fastViewer();
  const heard: string[] = [];
  pipeline.subscribe(viewer);
  pipeline.onLine((line) => heard.push(line));
  pipeline.push('Done (');
  pipeline.push('1.0s)!\n');
  assert.deepEqual(heard, ['Done (1.0s)!']);
  assert.deepEqual(viewer.lines(), ['Done (1.0s)!']);
  pipeline.dispose();
});

/** A viewer behind a socket that is busy now and then: every other frame it asks to wait a tick, like a socket over its high-water mark. */
function socketLikeViewer(): ConsoleViewer & { frames: ServerConsoleFrame[]; lines(): string[] } {
  const frames: ServerConsoleFrame[] = [];
  return {
    frames,
    send(frame) {
      frames.push(frame);
      if (frames.length % 2 === 0) return new Promise<void>((resolve) => setImmediate(resolve));
    },
    lines: () => linesOf(frames),
  };
}

test('a fast, finite burst of 50,000 lines reaches every viewer that keeps up, whole and in order, with no throttled notice', async () => {
  const pipeline = new ConsolePipeline();
  const quick = fastViewer();
  const busyAtTimes = socketLikeViewer();
  pipeline.subscribe(quick);
  pipeline.subscribe(busyAtTimes);
  // 8 KiB chunks cut anywhere, pushed as fast as a stream could hand them over.
  const text = numbered(0, 50_000);
  for (let start = 0; start < text.length; start += 8192) pipeline.push(text.slice(start, start + 8192));

  const expected = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);
  assert.deepEqual(quick.lines(), expected);
  await until(() => busyAtTimes.lines().length === 50_000, 'the socket-like viewer to get every line');
  assert.deepEqual(busyAtTimes.lines(), expected);
  for (const viewer of [quick, busyAtTimes]) assert.equal(viewer.frames.filter((f) => f.type === 'throttled').length, 0);
  // Batched: far fewer frames than lines.
  assert.ok(quick.frames.length < 1_000, `${quick.frames.length} frames`);
  pipeline.dispose();
});

test('lines a slow viewer loses still reach the backlog and line listeners (done detection never misses)', () => {
  const pipeline = new ConsolePipeline({ viewerQueueBytes: 100, backlogLines: 500 });
  const heard: string[] = [];
  const slow = slowViewer();
  pipeline.subscribe(slow);
  pipeline.onLine((line) => heard.push(line));
  pipeline.push(`${numbered(0, 100)}Done (2s)!\n`);
  assert.equal(heard.length, 101);
  assert.equal(heard.at(-1), 'Done (2s)!');
  assert.equal(pipeline.backlog().at(-1), 'Done (2s)!');
  pipeline.dispose();
});

test('a slow viewer loses its oldest lines, and is told how many, while a fast viewer gets every line, and the reader never waits', async () => {
  // Room for the newest 50 lines ("line 950" … "line 999", 8 characters each).
  const pipeline = new ConsolePipeline({ viewerQueueBytes: 50 * queuedBytes('line 999'), batchMaxLines: 20 });
  const fast = fastViewer();
  const slow = slowViewer();
  pipeline.subscribe(slow);
  pipeline.subscribe(fast);

  // Several chunks, each bigger than the viewer queue, as from a busy server.
  for (let i = 0; i < 1000; i += 250) pipeline.push(numbered(i, i + 250));

  const expected = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
  assert.deepEqual(fast.lines(), expected);
  assert.equal(slow.frames.length, 1, 'the slow viewer is still busy with its first frame');

  slow.release();
  await until(() => slow.lines().at(-1) === 'line 999', 'the slow viewer to catch up');
  const got = slow.lines();
  // Its first batch, then only the newest 50 lines: everything in between was dropped.
  assert.deepEqual(got.slice(0, 20), expected.slice(0, 20));
  assert.deepEqual(got.slice(20), expected.slice(950));
  assert.deepEqual(slow.frames.filter((f) => f.type === 'throttled'), [{ type: 'throttled', data: { dropped: 930 } }]);
  assert.equal(fast.frames.filter((f) => f.type === 'throttled').length, 0);
  pipeline.dispose();
});

test('a server\'s slow viewers share its bound: more of them means less waiting output each, never more in total', () => {
  const lineBytes = queuedBytes('line 999');
  const pipeline = new ConsolePipeline({ viewerQueueBytes: 100 * lineBytes, serverQueueBytes: 200 * lineBytes, batchMaxLines: 1000 });
  const slow = [slowViewer(), slowViewer(), slowViewer(), slowViewer()];
  for (const viewer of slow) pipeline.subscribe(viewer);
  pipeline.push('first\n');
  pipeline.push(numbered(0, 1000));
  for (const viewer of slow) viewer.release();
  return until(() => slow.every((v) => v.lines().at(-1) === 'line 999'), 'every slow viewer to catch up').then(() => {
    // Four viewers, 200 lines' worth for the server: 50 each, not the 100 one viewer alone could hold.
    for (const viewer of slow) assert.deepEqual(viewer.frames.find((f) => f.type === 'throttled'), { type: 'throttled', data: { dropped: 950 } });
    pipeline.dispose();
  });
});

test('a slow viewer whose queue overflowed still gets the latest status frame', async () => {
  const pipeline = new ConsolePipeline({ viewerQueueBytes: 5 * queuedBytes('line 49') });
  const slow = slowViewer();
  pipeline.subscribe(slow);
  pipeline.push('first\n');
  pipeline.publish({ type: 'status', data: 'running' });
  pipeline.push(numbered(0, 50));
  slow.release();
  await until(() => slow.lines().at(-1) === 'line 49', 'the slow viewer to catch up');
  assert.ok(slow.frames.some((f) => f.type === 'status' && f.data === 'running'));
  pipeline.dispose();
});

test('status and stats frames are fanned out to every viewer', () => {
  const pipeline = new ConsolePipeline();
  const a = fastViewer();
  const b = fastViewer();
  pipeline.subscribe(a);
  pipeline.subscribe(b);
  pipeline.push(numbered(0, 10));
  pipeline.publish({ type: 'status', data: 'stopping' });
  const stats = { cpu: 1, memory: 2, memoryLimit: 3, disk: 4, networkRx: 5, networkTx: 6, uptime: 7, players: null };
  pipeline.publish({ type: 'stats', data: stats });
  for (const viewer of [a, b]) {
    assert.deepEqual(viewer.frames.slice(-2), [
      { type: 'status', data: 'stopping' },
      { type: 'stats', data: stats },
    ]);
  }
  pipeline.dispose();
});

test('unsubscribing stops delivery to that viewer only', () => {
  const pipeline = new ConsolePipeline();
  const a = fastViewer();
  const b = fastViewer();
  const unsubscribeA = pipeline.subscribe(a);
  pipeline.subscribe(b);
  unsubscribeA();
  pipeline.push('after\n');
  assert.deepEqual(a.frames, []);
  assert.deepEqual(b.lines(), ['after']);
  assert.equal(pipeline.viewerCount, 1);
  pipeline.dispose();
});

test('a viewer whose send throws is dropped and told, and the others keep receiving', async () => {
  const pipeline = new ConsolePipeline();
  let told: unknown = null;
  const broken: ConsoleViewer = {
    send: () => {
      throw new Error('socket closed');
    },
    onError: (error) => (told = error),
  };
  const good = fastViewer();
  pipeline.subscribe(broken);
  pipeline.subscribe(good);
  pipeline.push('x\n');
  pipeline.push('y\n');
  assert.match(String(told), /socket closed/);
  assert.equal(pipeline.viewerCount, 1);
  assert.deepEqual(good.lines(), ['x', 'y']);

  const rejecting: ConsoleViewer = { send: () => Promise.reject(new Error('gone')) };
  pipeline.subscribe(rejecting);
  pipeline.push('z\n');
  await until(() => pipeline.viewerCount === 1, 'the rejecting viewer to be dropped');
  pipeline.dispose();
});

test('restored backlog lines come before new output', () => {
  const pipeline = new ConsolePipeline({ backlogLines: 3 });
  pipeline.restoreBacklog(['a', 'b', 'c', 'd']);
  pipeline.push('e\n');
  assert.deepEqual(pipeline.backlog(), ['c', 'd', 'e']);
  pipeline.dispose();
});

test('flush emits an unfinished last line', () => {
  const pipeline = new ConsolePipeline();
  pipeline.push('Exception in thread main');
  assert.deepEqual(pipeline.backlog(), []);
  pipeline.flush();
  assert.deepEqual(pipeline.backlog(), ['Exception in thread main']);
  pipeline.dispose();
});
