import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { valueProblem, type VariableRules } from '../../../contracts/index.ts';
import { matchVariablePattern } from '../../../controller/blueprints/variable-pattern.ts';

const check = (value: string, r: VariableRules) => valueProblem(value, r, matchVariablePattern);
const rules = (extra: Partial<VariableRules>): VariableRules => ({ required: false, type: 'string', ...extra });

describe('variable rules eggs bring: numeric, size, not_in and formats', () => {
  test('numeric takes decimals and signs, with min, max and size on the value', () => {
    assert.equal(check('1.5', rules({ type: 'numeric' })), null);
    assert.equal(check('-2e3', rules({ type: 'numeric' })), null);
    assert.equal(check('1.5.1', rules({ type: 'numeric' })), 'must be a number (numeric)');
    assert.equal(check('0.5', rules({ type: 'numeric', min: 1 })), 'must be at least 1 (min)');
    assert.equal(check('7', rules({ type: 'integer', size: 8 })), 'must be exactly 8 (size)');
  });

  test('size on a string is its exact length in characters', () => {
    assert.equal(check('eu', rules({ size: 2 })), null);
    assert.equal(check('eur', rules({ size: 2 })), 'must be exactly 2 characters long (size)');
  });

  test('not_in refuses the values listed', () => {
    assert.equal(check('gm_banned', rules({ notIn: ['gm_banned', 'x'] })), 'must not be one of: gm_banned, x (not_in)');
    assert.equal(check('gm_ok', rules({ notIn: ['gm_banned'] })), null);
  });

  test('alpha, alpha_num and alpha_dash accept ASCII letters, digits and (for dash) - and _', () => {
    assert.equal(check('abc', rules({ format: 'alpha' })), null);
    assert.equal(check('abc1', rules({ format: 'alpha' })), 'may only contain letters (alpha)');
    assert.equal(check('abc1', rules({ format: 'alpha_num' })), null);
    assert.equal(check('ab-c', rules({ format: 'alpha_num' })), 'may only contain letters and digits (alpha_num)');
    assert.equal(check('ab-c_1', rules({ format: 'alpha_dash' })), null);
    assert.equal(check('ab c', rules({ format: 'alpha_dash' })), 'may only contain letters, digits, dashes and underscores (alpha_dash)');
  });

  test('url wants an absolute http(s) or ftp URL; ip an IPv4 or IPv6 address', () => {
    assert.equal(check('https://example.com/repo.git', rules({ format: 'url' })), null);
    assert.equal(check('example.com', rules({ format: 'url' })), 'must be an http, https or ftp URL (url)');
    assert.equal(check('javascript:alert(1)', rules({ format: 'url' })), 'must be an http, https or ftp URL (url)');
    for (const ip of ['127.0.0.1', '255.255.255.255', '::1', 'fe80::1']) assert.equal(check(ip, rules({ format: 'ip' })), null, ip);
    for (const ip of ['256.1.1.1', '1.2.3', 'localhost']) assert.equal(check(ip, rules({ format: 'ip' })), 'must be an IP address (ip)', ip);
  });

  test('an empty optional value skips the other rules (nullable)', () => {
    assert.equal(check('', rules({ format: 'ip', size: 3 })), null);
    assert.equal(check('', rules({ required: true, format: 'ip' })), 'is required');
  });
});
