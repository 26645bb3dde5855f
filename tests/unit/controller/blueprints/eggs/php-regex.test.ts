import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchVariablePattern } from '../../../../../controller/blueprints/variable-pattern.ts';
import { patternFromPhpRegex, phpRegexFromPattern } from '../../../../../controller/blueprints/eggs/php-regex.ts';

const accepts = (pattern: string, value: string) => matchVariablePattern(pattern, value);

describe('Laravel regex: rules as whole-value patterns', () => {
  test('a pattern anchored at both ends loses its delimiters and anchors, and accepts the same values', () => {
    const translated = patternFromPhpRegex('/^([\\w\\d._-]+)(\\.jar)$/');
    assert.deepEqual(translated, { pattern: '([\\w\\d._-]+)(\\.jar)', droppedFlags: [] });
    assert.ok(accepts(translated.pattern, 'paper-1.20.jar'));
    assert.ok(!accepts(translated.pattern, 'paper.zip'));
  });

  test('an unanchored pattern still searches anywhere in the value, as preg_match does', () => {
    const { pattern } = patternFromPhpRegex('/abc/') ?? { pattern: '' };
    assert.ok(accepts(pattern, 'xxabcxx'));
    assert.ok(!accepts(pattern, 'xxabxcx'));
  });

  test('a top-level alternative keeps its anchors where they were: ^a|b$ is "starts with a or ends with b"', () => {
    const { pattern } = patternFromPhpRegex('/^a|b$/') ?? { pattern: '' };
    assert.ok(accepts(pattern, 'axx'));
    assert.ok(accepts(pattern, 'xxb'));
    assert.ok(!accepts(pattern, 'xax'));
  });

  test('other delimiters, escaped slashes and flags: u and D are harmless, i and x are reported', () => {
    assert.equal(patternFromPhpRegex('#^[a-z]+$#u')?.pattern, '[a-z]+');
    assert.equal(patternFromPhpRegex('{^\\d+$}')?.pattern, '\\d+');
    assert.equal(patternFromPhpRegex('/^https?:\\/\\/.+$/')?.pattern, 'https?://.+');
    assert.deepEqual(patternFromPhpRegex('/^[a-z]+$/ix')?.droppedFlags, ['i', 'x']);
  });

  test('text without delimiters is not a PHP pattern', () => {
    assert.equal(patternFromPhpRegex('^[a-z]+$'), null);
    assert.equal(patternFromPhpRegex('/unterminated'), null);
    assert.equal(patternFromPhpRegex(''), null);
  });

  test('export then import gives the pattern back unchanged, alternatives and slashes included', () => {
    for (const pattern of ['[a-z0-9_]+', 'easy|hard', '(a|b)c', 'https?://[^ ]+', '\\d{1,3}(?:\\.\\d{1,3}){3}']) {
      const exported = phpRegexFromPattern(pattern);
      assert.equal(patternFromPhpRegex(exported)?.pattern, pattern, exported);
    }
  });
});
