import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ImportWarnings } from '../../../../../controller/blueprints/eggs/import-warnings.ts';
import { rulesFromLaravel, rulesToLaravel, splitRuleString } from '../../../../../controller/blueprints/eggs/laravel-rules.ts';

function translate(rules: string | string[]) {
  const warnings = new ImportWarnings();
  const list = typeof rules === 'string' ? splitRuleString(rules) : rules;
  return { rules: rulesFromLaravel(list, 'variables.X.rules', warnings), warnings: warnings.list };
}

describe('Laravel rules to structured variable rules', () => {
  test('required, nullable and the types', () => {
    assert.deepEqual(translate('required|string').rules, { required: true, type: 'string' });
    assert.deepEqual(translate('nullable|integer').rules, { required: false, type: 'integer' });
    assert.deepEqual(translate('required|numeric').rules, { required: true, type: 'numeric' });
    assert.deepEqual(translate(['required', 'boolean']).rules, { required: true, type: 'boolean' });
  });

  test('min, max, between and size carry their numbers', () => {
    assert.deepEqual(translate('required|string|min:3|max:20').rules, { required: true, type: 'string', min: 3, max: 20 });
    assert.deepEqual(translate('required|integer|between:1,100').rules, { required: true, type: 'integer', min: 1, max: 100 });
    assert.deepEqual(translate('required|string|size:2').rules, { required: true, type: 'string', size: 2 });
  });

  test('in and not_in are lists of values', () => {
    assert.deepEqual(translate('required|in:easy,normal,hard').rules.options, ['easy', 'normal', 'hard']);
    assert.deepEqual(translate('required|not_in:a, b').rules.notIn, ['a', 'b']);
  });

  test('alpha_num, alpha_dash, url and ip are formats', () => {
    assert.equal(translate('required|alpha_num').rules.format, 'alpha_num');
    assert.equal(translate('required|alpha_dash').rules.format, 'alpha_dash');
    assert.equal(translate(['nullable', 'url']).rules.format, 'url');
    assert.equal(translate('nullable|ip').rules.format, 'ip');
  });

  test('regex becomes a pattern, even when the pattern holds a | of its own', () => {
    assert.deepEqual(splitRuleString('required|regex:/^(easy|hard)$/|max:10'), ['required', 'regex:/^(easy|hard)$/', 'max:10']);
    const { rules, warnings } = translate('required|regex:/^(easy|hard)$/|max:10');
    assert.equal(rules.pattern, '(easy|hard)');
    assert.equal(rules.max, 10);
    assert.deepEqual(warnings, []);
  });

  test('a rule we have no equivalent for is left out with a warning naming it; the others still apply', () => {
    const { rules, warnings } = translate('required|string|digits_between:1,3|max:5');
    assert.deepEqual(rules, { required: true, type: 'string', max: 5 });
    assert.deepEqual(warnings, [{ field: 'variables.X.rules', message: 'rule "digits_between:1,3" is not supported; left out' }]);
  });

  test('a format on a number and a rule without its number are warnings, not refusals', () => {
    assert.equal(translate('required|integer|alpha_num').rules.format, undefined);
    const { rules, warnings } = translate('required|max:');
    assert.equal(rules.max, undefined);
    assert.equal(warnings.length, 1);
  });

  test('structured rules written back as Laravel rules read the same again', () => {
    for (const rules of [
      'required|string|min:3|max:20',
      'nullable|integer|min:1|max:64',
      'required|string|alpha_dash|size:4',
      'required|numeric|in:1.5,2.5|not_in:2',
      'required|string|regex:/^[a-z]+$/',
    ]) {
      const once = translate(rules).rules;
      assert.deepEqual(translate(rulesToLaravel(once)).rules, once, rules);
    }
  });
});
