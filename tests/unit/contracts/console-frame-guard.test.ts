import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CONSOLE_CLOSE, CONSOLE_MAX_INBOUND_FRAME, type AppError, type ClientConsoleFrame } from '../../../contracts/index.ts';
import { ConsoleFrameGuard, type ConsoleFrameGuardOptions } from '../../../contracts/console-frame-guard.ts';

const guards: ConsoleFrameGuard[] = [];
afterEach(() => {
  for (const guard of guards.splice(0)) guard.close();
});

function guarded(options: Partial<ConsoleFrameGuardOptions> = {}) {
  const refused: AppError[] = [];
  const closed: { code: number; reason: string }[] = [];
  const guard = new ConsoleFrameGuard({
    refuse: (error) => refused.push(error),
    close: (code, reason) => closed.push({ code, reason }),
    ...options,
  });
  guards.push(guard);
  return { guard, refused, closed, codes: () => refused.map((e) => e.code) };
}

const AUTH = JSON.stringify({ type: 'auth', token: 'strk_console_x.y' });
const COMMAND = JSON.stringify({ type: 'command', data: 'say hi' });

test('before authentication only auth passes; anything else is refused and the socket closed 4401', () => {
  const { guard, codes, closed } = guarded();
  assert.deepEqual(guard.admitRaw(AUTH), { type: 'auth', token: 'strk_console_x.y' });
  assert.equal(guard.admitRaw(COMMAND), null);
  assert.deepEqual(codes(), ['UNAUTHORIZED']);
  assert.deepEqual(closed, [{ code: CONSOLE_CLOSE.unauthenticated, reason: 'unauthenticated' }]);
  assert.equal(guard.state, 'closed');
  assert.equal(guard.admitRaw(AUTH), null, 'nothing passes once closed');
});

test('after authenticated() every valid frame passes, parsed', () => {
  const { guard, refused } = guarded();
  guard.authenticated();
  assert.deepEqual(guard.admitRaw(Buffer.from(COMMAND)), { type: 'command', data: 'say hi' });
  assert.deepEqual(guard.admit({ type: 'logs' }), { type: 'logs' });
  assert.deepEqual(refused, []);
});

test('garbage, unknown frames, binary and oversized frames each get an error; the socket stays open', () => {
  const { guard, codes, closed } = guarded();
  assert.equal(guard.admitRaw('{not json'), null);
  assert.equal(guard.admitRaw(JSON.stringify({ type: 'dance' })), null);
  assert.equal(guard.admitRaw(Buffer.from(AUTH), true), null);
  assert.equal(guard.admitRaw('x'.repeat(CONSOLE_MAX_INBOUND_FRAME + 1)), null);
  // Multi-byte characters count in bytes: under the cap in characters, over it in UTF-8.
  assert.equal(guard.admitRaw(JSON.stringify({ type: 'auth', token: 'é'.repeat(CONSOLE_MAX_INBOUND_FRAME / 2) })), null);
  assert.deepEqual(codes(), ['INVALID_JSON', 'VALIDATION_ERROR', 'INVALID_JSON', 'PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE']);
  assert.deepEqual(closed, []);
  assert.ok(guard.admitRaw(AUTH), 'still usable');
});

test('no auth within the deadline: an error, then closed 4401; authenticating in time cancels it', async () => {
  const late = guarded({ authDeadlineMs: 20 });
  const prompt = guarded({ authDeadlineMs: 20 });
  prompt.guard.authenticated();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(late.codes(), ['UNAUTHORIZED']);
  assert.match(late.refused[0]?.message ?? '', /"type":"auth"/);
  assert.deepEqual(late.closed, [{ code: CONSOLE_CLOSE.unauthenticated, reason: 'authentication timeout' }]);
  assert.deepEqual(prompt.closed, []);
  assert.deepEqual(prompt.refused, []);
});

test('over the frame rate: one RATE_LIMITED, then silence until the window ends', () => {
  const time = { now: 0 };
  const { guard, codes } = guarded({ maxFramesPerSecond: 3, now: () => time.now });
  guard.authenticated();
  const passed = (frames: number) => Array.from({ length: frames }, () => guard.admit({ type: 'logs' })).filter(Boolean).length;
  assert.equal(passed(10), 3);
  assert.deepEqual(codes(), ['RATE_LIMITED']);
  time.now = 1000;
  assert.equal(passed(1), 1);
  assert.deepEqual(codes(), ['RATE_LIMITED']);
});

test('rate-limited frames are not even parsed: garbage over the limit brings no second error', () => {
  const { guard, codes } = guarded({ maxFramesPerSecond: 1 });
  guard.admitRaw(AUTH);
  guard.admitRaw('{not json');
  guard.admitRaw('{not json');
  assert.deepEqual(codes(), ['RATE_LIMITED']);
});

test('close() closes once, with the code given', () => {
  const { guard, closed } = guarded();
  guard.close(CONSOLE_CLOSE.failed, 'viewer failed');
  guard.close();
  guard.authenticated();
  assert.deepEqual(closed, [{ code: CONSOLE_CLOSE.failed, reason: 'viewer failed' }]);
  assert.equal(guard.state, 'closed');
  const frame: ClientConsoleFrame = { type: 'logs' };
  assert.equal(guard.admit(frame), null);
});
