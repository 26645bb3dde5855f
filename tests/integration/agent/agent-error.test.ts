import assert from 'node:assert/strict';
import { test } from 'node:test';
import Docker from 'dockerode';
import { AppError } from '../../../contracts/index.ts';
import { toAgentError } from '../../../agent/agent-error.ts';
import { engineAddress } from '../../../agent/environment/docker/docker-host.ts';

function connectError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code, syscall: 'connect', address: '/var/run/docker.sock' });
}

test('a Docker socket that refuses or is missing becomes DOCKER_UNAVAILABLE (503), not an internal error', () => {
  for (const code of ['ENOENT', 'ECONNREFUSED', 'EACCES']) {
    const error = toAgentError(connectError(code), 'start');
    assert.equal(error.code, 'DOCKER_UNAVAILABLE');
    assert.equal(error.status, 503);
    assert.match(error.message, new RegExp(code));
  }
});

test("the agent's own errors pass through unchanged; anything else is INTERNAL_ERROR without its details", () => {
  const own = new AppError('SERVER_BUSY', 'busy');
  assert.equal(toAgentError(own, 'start'), own);
  const other = toAgentError(new TypeError('cannot read x of undefined at /secret/path.ts'), 'start');
  assert.equal(other.code, 'INTERNAL_ERROR');
  assert.doesNotMatch(other.message, /secret|undefined/);
  // A missing file is not a missing engine.
  assert.equal(toAgentError(Object.assign(new Error('open x'), { code: 'ENOENT', syscall: 'open' }), 'start').code, 'INTERNAL_ERROR');
});

test("engine addresses are named, never printed as docker-modem's socket-choosing function", () => {
  assert.equal(engineAddress(new Docker({ socketPath: '/run/custom.sock' })), '/run/custom.sock');
  const address = engineAddress(new Docker());
  assert.doesNotMatch(address, /function|=>/);
});
