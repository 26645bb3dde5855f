import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowControl } from '../../../../agent/server/flow-control.ts';
import { delay, settlesWithin } from '../../../../agent/server/with-timeout.ts';

test('beginning a flow aborts the one under way through its signal, and only that one', () => {
  const flows = new FlowControl();
  const start = flows.begin('start');
  const kill = flows.begin('kill');
  assert.equal(start.aborted, true);
  assert.equal(kill.aborted, false);
  assert.equal(flows.current, kill);
  flows.abort();
  assert.equal(kill.aborted, true);
  assert.equal(flows.current, null);
});

test('a flow is running until its work settles, even when that work fails', async () => {
  const flows = new FlowControl();
  const crash = flows.begin('crash');
  assert.equal(flows.isRunning('crash'), true);
  await assert.rejects(crash.track(Promise.reject(new Error('boom'))), /boom/);
  assert.equal(flows.isRunning('crash'), false);
  assert.equal(crash.aborted, false, 'finished is not aborted: a start keeps watching for its done line');
});

test('an abortable wait ends as soon as its flow is aborted, leaving no timer behind', async () => {
  const flows = new FlowControl();
  const flow = flows.begin('stop');
  const began = Date.now();
  const waiting = Promise.all([delay(10_000, flow.signal), settlesWithin(new Promise(() => undefined), 10_000, flow.signal)]);
  flows.begin('kill');
  assert.deepEqual(await waiting, [false, { settled: false }]);
  assert.ok(Date.now() - began < 1000);
  assert.equal(await delay(1, flows.current!.signal), true);
});
