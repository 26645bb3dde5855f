import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../../contracts/index.ts';
import { PowerLock } from '../../../../agent/server/power-lock.ts';

test('a held power lock refuses a second action at once with SERVER_BUSY naming the holder', async () => {
  const lock = new PowerLock('srv_a');
  let release!: () => void;
  const first = lock.run('start', () => new Promise<void>((resolve) => (release = resolve)));
  await assert.rejects(
    lock.run('stop', async () => 'never'),
    (error: unknown) => error instanceof AppError && error.code === 'SERVER_BUSY' && /start/.test(error.message),
  );
  assert.equal(lock.holder, 'start');
  release();
  await first;
  assert.equal(lock.holder, null);
});

test('two actions requested in the same tick: exactly one runs', async () => {
  const lock = new PowerLock('srv_a');
  let runs = 0;
  const results = await Promise.allSettled([
    lock.run('start', async () => void (runs += 1)),
    lock.run('start', async () => void (runs += 1)),
  ]);
  assert.equal(runs, 1);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
});

test('the power lock is released when the action fails', async () => {
  const lock = new PowerLock('srv_a');
  await assert.rejects(lock.run('start', async () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(lock.holder, null);
  assert.equal(await lock.run('stop', async () => 'ok'), 'ok');
});

test('an action waits for brief housekeeping (a sync) instead of being refused, and is not reported busy meanwhile', async () => {
  const lock = new PowerLock('srv_a');
  let release!: () => void;
  const order: string[] = [];
  const sync = lock.run('sync', () => new Promise<void>((resolve) => (release = () => { order.push('sync done'); resolve(); })), { brief: true });
  assert.equal(lock.holder, 'sync');
  assert.equal(lock.busy, false, 'housekeeping does not make the server busy for a user');
  const start = lock.run('start', async () => { order.push('start ran'); });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [], 'start waits while the sync holds the lock');
  release();
  await Promise.all([sync, start]);
  assert.deepEqual(order, ['sync done', 'start ran']);
  assert.equal(lock.holder, null);
});

test('a user action holding the lock makes it busy', async () => {
  const lock = new PowerLock('srv_a');
  let release!: () => void;
  const start = lock.run('start', () => new Promise<void>((resolve) => (release = resolve)));
  assert.equal(lock.busy, true);
  release();
  await start;
  assert.equal(lock.busy, false);
});
