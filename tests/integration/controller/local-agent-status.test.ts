import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, assertData, assertError, createUser, signUpAdmin, startTestApp, type Account, type TestApp } from '../../support/controller.ts';

describe('GET /admin/local-agent', () => {
  let off: TestApp;
  let on: TestApp;
  let admin: Account;
  let onAdmin: Account;
  before(async () => {
    off = await startTestApp({ localAgent: false });
    on = await startTestApp({ localAgent: true });
    admin = await signUpAdmin(off.url);
    onAdmin = await signUpAdmin(on.url);
  });
  after(async () => {
    await off.close();
    await on.close();
  });

  test('a controller told not to run the local agent says it is turned off', async () => {
    const res = await api(off.url, '/admin/local-agent', { token: admin.token });
    assertData(res);
    assert.deepEqual(res.body.data, { enabled: false, running: false, problem: 'disabled', reason: 'turned off for this controller', nodeId: null });
  });

  test('until the bootstrap reports, an enabled local agent is starting; then the report is what admins see', async () => {
    const starting = await api(on.url, '/admin/local-agent', { token: onAdmin.token });
    assertData(starting);
    assert.deepEqual(starting.body.data, { enabled: true, running: false, problem: null, reason: null, nodeId: null });

    const missing = { enabled: true, running: false, problem: 'docker_unavailable' as const, reason: 'connect ENOENT /var/run/docker.sock', nodeId: null };
    on.controller.app.localAgentStatus.set(missing);
    assert.deepEqual((await api(on.url, '/admin/local-agent', { token: onAdmin.token })).body.data, missing);

    const running = { enabled: true, running: true, problem: null, reason: null, nodeId: 'node_abc' };
    on.controller.app.localAgentStatus.set(running);
    assert.deepEqual((await api(on.url, '/admin/local-agent', { token: onAdmin.token })).body.data, running);
  });

  test('only admins may ask: 401 without credentials, 403 for a user', async () => {
    assertError(await api(off.url, '/admin/local-agent'), 401, 'UNAUTHORIZED');
    const user = await createUser(off.url, admin.token);
    assertError(await api(off.url, '/admin/local-agent', { token: user.token }), 403, 'FORBIDDEN');
  });

  test('a malformed report is refused, and the last good one stays', () => {
    const before = on.controller.app.localAgentStatus.get();
    assert.throws(() => on.controller.app.localAgentStatus.set({ enabled: true } as never));
    assert.deepEqual(on.controller.app.localAgentStatus.get(), before);
  });
});
