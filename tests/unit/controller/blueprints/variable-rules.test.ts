import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, BlueprintVariableSchema, valueProblem, type Blueprint, type VariableRules } from '../../../../contracts/index.ts';
import { matchVariablePattern } from '../../../../controller/blueprints/variable-pattern.ts';
import { ruleProblem, validateVariables } from '../../../../controller/blueprints/variable-rules.ts';

function variable(env: string, extra: Record<string, unknown> = {}) {
  return BlueprintVariableSchema.parse({ env, name: env, ...extra });
}

const blueprint: Pick<Blueprint, 'variables'> = {
  variables: [
    variable('MOTD', { default: 'Welcome', rules: { max: 20 } }),
    variable('MAX_PLAYERS', { default: '10', rules: { required: true, type: 'integer', min: 1, max: 100 } }),
    variable('APP_ID', { default: '730', userEditable: false, rules: { required: true, type: 'integer' } }),
    variable('PASSWORD', { default: '', rules: { required: true, min: 5 } }),
  ],
};

/** Asserts a VALIDATION_ERROR whose details are exactly `details`. */
function assertRefused(run: () => unknown, details: Record<string, string | RegExp>): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.deepEqual(Object.keys(error.details).sort(), Object.keys(details).sort(), JSON.stringify(error.details));
    for (const [key, expected] of Object.entries(details)) {
      if (expected instanceof RegExp) assert.match(String(error.details[key]), expected);
      else assert.equal(error.details[key], expected);
    }
    return true;
  });
}

function rules(extra: Partial<VariableRules>): VariableRules {
  return { required: false, type: 'string', ...extra };
}

describe('validateVariables', () => {
  test('fills every variable: provided over previous over default', () => {
    const values = validateVariables(blueprint, { PASSWORD: 'hunter22' }, { asAdmin: false, previous: { MOTD: 'Hi', PASSWORD: 'old-pass' } });
    assert.deepEqual(values, { MOTD: 'Hi', MAX_PLAYERS: '10', APP_ID: '730', PASSWORD: 'hunter22' });
  });

  test('a required variable without a default must be given', () => {
    assertRefused(() => validateVariables(blueprint, {}, { asAdmin: true }), { 'variables.PASSWORD': 'is required' });
  });

  test('a variable the blueprint does not have is refused', () => {
    assertRefused(() => validateVariables(blueprint, { PASSWORD: 'hunter22', NOPE: '1' }, { asAdmin: true }), {
      'variables.NOPE': 'is not a variable of this blueprint',
    });
  });

  test('a previous value of a variable the blueprint dropped is carried back silently and dropped', () => {
    const previous = { PASSWORD: 'hunter22', GONE: 'x' };
    assert.deepEqual(validateVariables(blueprint, { ...previous }, { asAdmin: false, previous }), {
      MOTD: 'Welcome', MAX_PLAYERS: '10', APP_ID: '730', PASSWORD: 'hunter22',
    });
  });

  test('a user cannot change a variable that is not user-editable; an admin can', () => {
    assertRefused(() => validateVariables(blueprint, { PASSWORD: 'hunter22', APP_ID: '740' }, { asAdmin: false }), {
      'variables.APP_ID': 'can only be changed by an admin',
    });
    assert.equal(validateVariables(blueprint, { PASSWORD: 'hunter22', APP_ID: '740' }, { asAdmin: true }).APP_ID, '740');
  });

  test('a user may send a non-editable variable back unchanged (clients echo the whole map)', () => {
    const previous = { MOTD: 'Welcome', MAX_PLAYERS: '10', APP_ID: '740', PASSWORD: 'hunter22' };
    const values = validateVariables(blueprint, { ...previous, MOTD: 'New' }, { asAdmin: false, previous });
    assert.deepEqual(values, { ...previous, MOTD: 'New' });
  });

  test('every bad variable is named at once', () => {
    assertRefused(() => validateVariables(blueprint, { MOTD: 'x'.repeat(21), MAX_PLAYERS: 'ten', PASSWORD: 'abc' }, { asAdmin: true }), {
      'variables.MOTD': 'must be at most 20 characters long (max)',
      'variables.MAX_PLAYERS': 'must be a whole number (integer)',
      'variables.PASSWORD': 'must be at least 5 characters long (min)',
    });
  });
});

/** The rules as the controller applies them, with its linear-time pattern engine. */
const check = (value: string, r: VariableRules) => valueProblem(value, r, matchVariablePattern);

describe('valueProblem: each rule', () => {
  test('required: empty is refused; an optional empty value skips the other rules', () => {
    assert.equal(check('', rules({ required: true })), 'is required');
    assert.equal(check('', rules({ min: 5, pattern: '[a-z]+', options: ['abcde'] })), null);
  });

  test('integer: whole numbers only, bounds by value', () => {
    for (const bad of ['abc', '1.5', '1e3', ' 7', '0x10', '99999999999999999999']) {
      assert.equal(check(bad, rules({ type: 'integer' })), 'must be a whole number (integer)', bad);
    }
    assert.equal(check('-3', rules({ type: 'integer' })), null);
    assert.equal(check('0', rules({ type: 'integer', min: 1 })), 'must be at least 1 (min)');
    assert.equal(check('101', rules({ type: 'integer', max: 100 })), 'must be at most 100 (max)');
    assert.equal(check('100', rules({ type: 'integer', min: 1, max: 100 })), null);
  });

  test('boolean: true, false, 1 or 0', () => {
    for (const good of ['true', 'false', '1', '0']) assert.equal(check(good, rules({ type: 'boolean' })), null);
    for (const bad of ['yes', 'TRUE', '2']) assert.match(check(bad, rules({ type: 'boolean' })) ?? '', /true or false/);
  });

  test('string: min and max count characters, not bytes', () => {
    assert.equal(check('ééé', rules({ max: 3 })), null);
    assert.equal(check('🎮🎮', rules({ min: 3 })), 'must be at least 3 characters long (min)');
    assert.equal(check('abcd', rules({ max: 3 })), 'must be at most 3 characters long (max)');
  });

  test('pattern: the UI may leave it to the API (no matcher), every other rule still applies', () => {
    assert.equal(valueProblem('de_dust2; quit', rules({ pattern: '[a-z0-9_]+' }), null), null);
    assert.equal(valueProblem('abcd', rules({ pattern: '[a-z]+', max: 3 }), null), 'must be at most 3 characters long (max)');
  });

  test('pattern: must match the whole value', () => {
    assert.equal(check('de_dust2', rules({ pattern: '[a-z0-9_]+' })), null);
    assert.match(check('de_dust2; quit', rules({ pattern: '[a-z0-9_]+' })) ?? '', /must match the pattern/);
    assert.match(check('xab', rules({ pattern: 'a|ab' })) ?? '', /must match/);
  });

  test('options: only the listed values', () => {
    assert.equal(check('hard', rules({ options: ['easy', 'hard'] })), null);
    assert.equal(check('Hard', rules({ options: ['easy', 'hard'] })), 'must be one of: easy, hard (in)');
  });
});

describe('ruleProblem: rules that cannot work are refused when a blueprint is saved', () => {
  test('an invalid regular expression', () => {
    assert.match(ruleProblem(rules({ pattern: '([a-z' })) ?? '', /not a valid regular expression/);
  });

  test('backreferences and lookaround, which a linear-time engine cannot run, are refused and say so', () => {
    for (const pattern of ['(a)\\1', '(?=a)a', '(?!x)a', '(?<=a)b']) {
      assert.match(ruleProblem(rules({ pattern })) ?? '', /backreferences and lookaround are not supported/, pattern);
    }
  });

  test('a catastrophic pattern for a backtracking engine is matched in linear time', () => {
    const started = performance.now();
    for (let n = 28; n < 4096; n *= 2) {
      assert.match(check(`${'a'.repeat(n)}!`, rules({ pattern: '([a-z]+)+' })) ?? '', /must match/);
      assert.equal(check('a'.repeat(n), rules({ pattern: '(a|aa)*' })), null);
    }
    // A backtracking engine takes seconds on the 28-character value alone.
    assert.ok(performance.now() - started < 1000, `took ${(performance.now() - started).toFixed(0)} ms`);
  });

  test('min greater than max', () => {
    assert.equal(ruleProblem(rules({ min: 5, max: 2 })), 'min is greater than max');
  });

  test('no options, or an option the other rules refuse', () => {
    assert.match(ruleProblem(rules({ options: [] })) ?? '', /options is empty/);
    assert.equal(ruleProblem(rules({ type: 'integer', options: ['1', 'two'] })), 'option "two" must be a whole number (integer)');
  });

  test('sound rules pass', () => {
    assert.equal(ruleProblem(rules({ type: 'integer', min: 1, max: 3, options: ['1', '2', '3'] })), null);
    assert.equal(ruleProblem(rules({ pattern: '[A-Za-z0-9_.-]+', max: 64 })), null);
  });
});
