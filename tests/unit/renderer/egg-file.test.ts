import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../../renderer/api/client.ts';
import { describeRules } from '../../../renderer/features/blueprints/variable-rules-text.ts';
import { eggFileName, importProblem, MAX_EGG_BYTES, readEggFile } from '../../../renderer/features/blueprints/egg-file.ts';

const apiError = (status: number, code: string, message: string, details: Record<string, unknown> = {}) => new ApiError(status, { code, message, details });

describe('importing an egg file in the UI', () => {
  test('a JSON object is sent as the egg; anything else is explained before the round trip', () => {
    assert.deepEqual(readEggFile('paper.json', 20, '{"meta":{"version":"PTDL_v2"}}'), { ok: true, name: 'paper.json', egg: { meta: { version: 'PTDL_v2' } } });
    const notJson = readEggFile('paper.json', 5, '{oops');
    assert.equal(notJson.ok, false);
    assert.match(notJson.ok ? '' : notJson.problem, /^paper\.json is not JSON/);
    assert.match((readEggFile('list.json', 5, '[1]') as { problem: string }).problem, /not an egg/);
    assert.match((readEggFile('huge.json', MAX_EGG_BYTES + 1, '') as { problem: string }).problem, /up to 1 MiB/);
  });

  test("the API's refusals: field problems listed, an earlier import offered as a replacement", () => {
    const invalid = importProblem(apiError(422, 'VALIDATION_ERROR', 'Invalid body', { 'meta.version': 'Invalid option' }));
    assert.deepEqual(invalid.fields, [['meta.version', 'Invalid option']]);
    assert.equal(invalid.canReplace, false);
    const again = importProblem(apiError(409, 'CONFLICT', 'This egg was imported before as paper', { uuid: 'is already the source of paper' }));
    assert.equal(again.canReplace, true);
    assert.equal(importProblem(apiError(409, 'CONFLICT', 'taken', { id: 'is already taken' })).canReplace, false);
    assert.match(importProblem(apiError(413, 'PAYLOAD_TOO_LARGE', 'too large')).message, /1 MiB/);
  });

  test('exports download as egg-<id>.json', () => {
    assert.equal(eggFileName({ id: 'paper' }), 'egg-paper.json');
  });

  test('the rules eggs bring, in words', () => {
    assert.equal(describeRules({ required: true, type: 'numeric', min: 1, max: 2 }), 'required · number from 1 to 2');
    assert.equal(describeRules({ required: true, type: 'string', size: 2 }), 'required · exactly 2 characters');
    assert.equal(describeRules({ required: false, type: 'string', format: 'alpha_dash', notIn: ['a'] }), 'optional · letters, digits, - and _ · not a');
  });
});
