import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, assertData, assertError, assertValidation, signUpAdmin, startTestApp, type Account, type TestApp } from '../../../support/controller.ts';
import { registerNode } from '../../../support/nodes.ts';

/**
 * Admin-supplied regular expressions cannot stall the controller (issue 14, point 4): a
 * pattern RE2 cannot run is refused at save naming its field, and a pattern that is
 * catastrophic for a backtracking engine is evaluated in linear time while other requests
 * keep being answered.
 */

const BLUEPRINT = {
  name: 'Pattern test',
  category: 'Testing',
  images: { Busybox: 'busybox:1.36' },
  startup: 'echo {{WORD}}',
  stop: { type: 'signal', value: 'SIGTERM' },
  defaults: { memory: 64, cpu: 50, disk: 16 },
  variables: [{ env: 'WORD', name: 'Word', default: 'abc', rules: { type: 'string', pattern: '([a-z]+)+' } }],
};

describe('blueprint patterns run in linear time', () => {
  let app: TestApp;
  let admin: Account;
  let nodeId: string;
  before(async () => {
    app = await startTestApp();
    admin = await signUpAdmin(app.url);
    nodeId = (await registerNode(app.url, admin.token)).id;
  });
  after(() => app.close());

  test('backreferences and lookaround are refused at save with a 422 naming the field', async () => {
    const backreference = { ...BLUEPRINT, id: 'backref', variables: [{ ...BLUEPRINT.variables[0], rules: { pattern: '(a+)\\1' } }] };
    assertValidation(await api(app.url, '/blueprints', { token: admin.token, body: backreference }), ['variables.0.rules']);
    const lookahead = { ...BLUEPRINT, id: 'lookahead', done: ['Ready', 'regex:Done(?= in \\d+s)'] };
    const res = await api(app.url, '/blueprints', { token: admin.token, body: lookahead });
    assertValidation(res, ['done.1']);
    assert.match(res.body.error.details['done.1'], /lookaround/);
    assertError(await api(app.url, '/blueprints/lookahead', { token: admin.token }), 404, 'NOT_FOUND');
  });

  test('([a-z]+)+ against hostile values answers at once, and the controller keeps answering others within 100 ms', async () => {
    assertData(await api(app.url, '/blueprints', { token: admin.token, body: { ...BLUEPRINT, id: 'catastrophic' } }), 201);
    const hostile = (n: number) => ({ name: 'Hostile', nodeId, blueprintId: 'catastrophic', memory: 64, cpu: 50, disk: 16, variables: { WORD: `${'a'.repeat(n)}!` } });

    const started = performance.now();
    // 28 characters took a backtracking engine 4.8 s; 4000 would never finish.
    const first = await api(app.url, '/servers', { token: admin.token, body: hostile(28) });
    assertValidation(first, ['variables.WORD']);
    assert.ok(performance.now() - started < 2000, `answered in ${(performance.now() - started).toFixed(0)} ms`);

    // Hostile creates keep arriving while another client asks, one request at a time, for something ordinary.
    let probing = true;
    const refusals: number[] = [];
    const attacker = async () => {
      while (probing) refusals.push((await api(app.url, '/servers', { token: admin.token, body: hostile(4000) })).status);
    };
    const attackers = [attacker(), attacker(), attacker()];
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      assertData(await api(app.url, '/auth/status'));
      latencies.push(performance.now() - t);
    }
    probing = false;
    await Promise.all(attackers);
    assert.ok(refusals.length >= 3 && refusals.every((status) => status === 422), `attack answers: ${refusals.join(', ')}`);
    // The best of ten: the machine running the suite is shared and noisy, but a stalled event loop would delay every one.
    const best = Math.min(...latencies);
    assert.ok(best < 100, `other requests answered in ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
  });
});
