import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../../contracts/index.ts';
import { ServerState } from '../../../../agent/server/server-state.ts';
import type { ServerStatusChange } from '../../../../agent/server/server-state.ts';

function recorded(state: ServerState): ServerStatusChange[] {
  const changes: ServerStatusChange[] = [];
  state.on('change', (change) => changes.push(change));
  return changes;
}

test('a change is published only when the status or its reason changes', () => {
  const state = new ServerState('srv_a');
  const changes = recorded(state);
  state.set('stopped', null);
  state.set('starting', null);
  state.set('starting', null);
  state.set('running', null);
  state.set('running', 'could not be killed: docker said no');
  assert.deepEqual(changes, [
    { status: 'starting', reason: null },
    { status: 'running', reason: null },
    { status: 'running', reason: 'could not be killed: docker said no' },
  ]);
});

test('a transition the table does not allow is refused as a bug and changes nothing', () => {
  const state = new ServerState('srv_a');
  const changes = recorded(state);
  assert.throws(() => state.set('running', null), /no transition from stopped to running/);
  assert.throws(() => new ServerState('srv_b', { status: 'running', reason: null }).set('stopped', null), /running to stopped/);
  assert.equal(state.status, 'stopped');
  assert.deepEqual(changes, []);
});

test('after an agent restart the container’s word is adopted whatever was saved', () => {
  const state = new ServerState('srv_a', { status: 'running', reason: null });
  const changes = recorded(state);
  state.adopt('stopped', 'the container was removed while the agent was not running');
  assert.deepEqual(changes, [{ status: 'stopped', reason: 'the container was removed while the agent was not running' }]);
});

test('an action that cannot begin now is INVALID_STATE naming the status; stop and kill of a crashed server need a pending restart', () => {
  const refused = (state: ServerState, action: Parameters<ServerState['assertCanBegin']>[0], restartPending = false) => {
    try {
      state.assertCanBegin(action, { restartPending });
    } catch (error) {
      assert.ok(error instanceof AppError && error.code === 'INVALID_STATE');
      return error.message;
    }
    return null;
  };
  const stopped = new ServerState('srv_a');
  assert.match(refused(stopped, 'stop') ?? '', /cannot stop server srv_a: it is stopped/);
  assert.equal(refused(stopped, 'start'), null);
  const failed = new ServerState('srv_a', { status: 'install_failed', reason: 'install script exited with code 1' });
  assert.match(refused(failed, 'start') ?? '', /reinstall it first/);
  const crashed = new ServerState('srv_a', { status: 'crashed', reason: 'exited with code 1' });
  assert.ok(refused(crashed, 'kill'));
  assert.equal(refused(crashed, 'kill', true), null);
  assert.equal(refused(crashed, 'stop', true), null);
});
