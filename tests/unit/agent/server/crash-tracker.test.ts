import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashTracker, describeExit } from '../../../../agent/server/crash-tracker.ts';

const policy = { enabled: true, maxRetries: 3 };

test('automatic restarts back off exponentially, then a crash loop gives up', () => {
  const tracker = new CrashTracker({ baseDelayMs: 1000, maxDelayMs: 60_000, windowMs: 60_000, now: () => 0 });
  assert.deepEqual(tracker.record(policy), { action: 'restart', delayMs: 1000, attempt: 1, maxRetries: 3 });
  assert.deepEqual(tracker.record(policy), { action: 'restart', delayMs: 2000, attempt: 2, maxRetries: 3 });
  assert.deepEqual(tracker.record(policy), { action: 'restart', delayMs: 4000, attempt: 3, maxRetries: 3 });
  assert.deepEqual(tracker.record(policy), { action: 'give_up', crashes: 4 });
});

test('the backoff is capped', () => {
  const tracker = new CrashTracker({ baseDelayMs: 1000, maxDelayMs: 3000, windowMs: 60_000, now: () => 0 });
  const delays = [1, 2, 3, 4].map(() => tracker.record({ enabled: true, maxRetries: 10 }));
  assert.deepEqual(delays.map((d) => (d.action === 'restart' ? d.delayMs : null)), [1000, 2000, 3000, 3000]);
});

test('crashes older than the window no longer count towards a crash loop', () => {
  let now = 0;
  const tracker = new CrashTracker({ baseDelayMs: 1000, maxDelayMs: 60_000, windowMs: 10_000, now: () => now });
  tracker.record(policy);
  tracker.record(policy);
  tracker.record(policy);
  now = 20_000;
  assert.deepEqual(tracker.record(policy), { action: 'restart', delayMs: 1000, attempt: 1, maxRetries: 3 });
});

test('a disabled restart policy never restarts, and reset forgets earlier crashes', () => {
  const tracker = new CrashTracker({ baseDelayMs: 1000, maxDelayMs: 60_000, windowMs: 60_000, now: () => 0 });
  assert.deepEqual(tracker.record({ enabled: false, maxRetries: 3 }), { action: 'none' });
  for (let i = 0; i < 5; i += 1) tracker.record(policy);
  tracker.reset();
  assert.equal(tracker.record(policy).action, 'restart');
});

test('exit descriptions name the exit code and an out-of-memory kill', () => {
  assert.equal(describeExit({ exitCode: 1, oomKilled: false }), 'exited with code 1');
  assert.equal(describeExit({ exitCode: 137, oomKilled: true }), 'killed: out of memory (exit code 137)');
});
