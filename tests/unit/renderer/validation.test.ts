import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAccount, checkEmail, checkInteger, checkNewPassword } from '../../../renderer/lib/validation.ts';
import { checkVariable } from '../../../renderer/lib/variable-check.ts';

describe('form checks before the round trip', () => {
  test('an account needs a name, an email and a password of 8+ characters typed twice the same', () => {
    assert.deepEqual(checkAccount({ email: 'a@example.com', name: 'Ada', password: 'long enough', confirm: 'long enough' }), {});
    assert.deepEqual(checkAccount({ email: 'nope', name: ' ', password: 'short', confirm: 'other' }), {
      email: 'This is not an email address',
      name: 'Enter a name',
      password: 'Use at least 8 characters',
      confirm: 'The two passwords differ',
    });
  });

  test('email: empty and malformed are told apart', () => {
    assert.equal(checkEmail(''), 'Enter an email address');
    assert.equal(checkEmail('a@b'), 'This is not an email address');
    assert.equal(checkEmail(' a@b.co '), undefined);
  });

  test('password: too long is refused like the API does, and no confirm means no confirm check', () => {
    assert.deepEqual(checkNewPassword('x'.repeat(257)), { password: 'Use at most 256 characters' });
    assert.deepEqual(checkNewPassword('x'.repeat(8)), {});
  });

  test('integers: empty, fractional and out-of-range values each get their own message', () => {
    const rule = { min: 16, max: 1024, label: 'the memory' };
    assert.equal(checkInteger('', rule), 'Enter the memory');
    assert.equal(checkInteger('1.5', rule), 'Must be a whole number');
    assert.equal(checkInteger('8', rule), 'Must be at least 16');
    assert.equal(checkInteger('2048', rule), 'Must be at most 1024');
    assert.equal(checkInteger('512', rule), undefined);
  });

  test('blueprint variables use the API\'s own rules and words', () => {
    assert.equal(checkVariable('', { required: true, type: 'string' }), 'Required');
    assert.equal(checkVariable('', { required: false, type: 'integer', min: 1 }), undefined, 'an optional empty value skips the other rules');
    assert.equal(checkVariable('abc', { required: false, type: 'integer' }), 'Must be a whole number (integer)');
    assert.equal(checkVariable('70000', { required: true, type: 'integer', min: 1, max: 65535 }), 'Must be at most 65535 (max)');
    assert.equal(checkVariable('toolongvalue', { required: false, type: 'string', max: 5 }), 'Must be at most 5 characters long (max)');
    assert.equal(checkVariable('c', { required: false, type: 'string', options: ['a', 'b'] }), 'Must be one of: a, b (in)');
    assert.equal(checkVariable('AB', { required: false, type: 'string', pattern: '[a-z]+' }), 'Must match the pattern [a-z]+ (regex)');
    assert.equal(checkVariable('ab', { required: false, type: 'string', pattern: '[a-z]+' }), undefined);
  });
});
