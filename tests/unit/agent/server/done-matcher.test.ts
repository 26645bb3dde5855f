import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../../contracts/index.ts';
import { DoneMatcher } from '../../../../agent/server/done-matcher.ts';

test('a plain done pattern matches as a substring, not a regular expression', () => {
  const matcher = new DoneMatcher(['Done (']);
  assert.equal(matcher.matches('[12:00:01] [Server thread/INFO]: Done (3.2s)! For help, type "help"'), true);
  assert.equal(matcher.matches('Loading libraries'), false);
});

test('a regex: done pattern is a regular expression', () => {
  const matcher = new DoneMatcher(['regex:^Server started on port \\d+$']);
  assert.equal(matcher.matches('Server started on port 7777'), true);
  assert.equal(matcher.matches('Server started on port seven'), false);
  assert.equal(matcher.matches('x Server started on port 7777'), false);
});

test('any one of several done patterns is enough', () => {
  const matcher = new DoneMatcher(['Ready', 'regex:listening on \\d+']);
  assert.equal(matcher.matches('listening on 27015'), true);
  assert.equal(matcher.matches('Ready.'), true);
});

test('done patterns match the text behind colour escapes', () => {
  const matcher = new DoneMatcher(['Done (']);
  assert.equal(matcher.matches('\u001b[32m[INFO]\u001b[0m Do\u001b[1mne (\u001b[0m2.1s)!'), true);
});

test('no done patterns: the matcher is empty and never matches (running at once)', () => {
  const matcher = new DoneMatcher([]);
  assert.equal(matcher.isEmpty, true);
  assert.equal(matcher.matches('anything'), false);
});

test('an invalid regex: pattern is refused with VALIDATION_ERROR naming it', () => {
  assert.throws(
    () => new DoneMatcher(['regex:([unclosed']),
    (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR' && error.message.includes('([unclosed'),
  );
});

test('a regex: pattern runs in linear time: a catastrophic one for a backtracking engine on long lines', () => {
  const matcher = new DoneMatcher(['regex:^(\\w+\\s?)*$', 'regex:([a-z]+)+!']);
  const started = performance.now();
  for (let i = 0; i < 50; i++) assert.equal(matcher.matches(`${'word '.repeat(2000)}#`), false);
  assert.equal(matcher.matches('abc!'), true);
  assert.ok(performance.now() - started < 2000, `took ${(performance.now() - started).toFixed(0)} ms`);
});

test('backreferences and lookaround cannot run in linear time: refused with VALIDATION_ERROR', () => {
  for (const pattern of ['regex:(a)\\1', 'regex:Done(?= in)']) {
    assert.throws(() => new DoneMatcher([pattern]), (error: unknown) => error instanceof AppError && error.code === 'VALIDATION_ERROR', pattern);
  }
});
