import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKeyBody, checkKeyName, checkPasswordChange, checkProfile, curlExample, keyExpiry, profileChanges } from '../../../renderer/features/account/account-forms.ts';

describe('settings forms', () => {
  test('profile: a name and an email are needed', () => {
    assert.deepEqual(checkProfile({ name: 'Ada', email: 'ada@example.com' }), {});
    assert.deepEqual(checkProfile({ name: ' ', email: 'ada' }), { name: 'Enter a name', email: 'This is not an email address' });
  });

  test('profile: only changes are sent, and an email differing only in case is no change', () => {
    const user = { name: 'Ada', email: 'ada@example.com' };
    assert.deepEqual(profileChanges(user, { name: 'Ada ', email: 'ADA@example.com' }), {});
    assert.deepEqual(profileChanges(user, { name: 'Ada L.', email: 'ada@example.com' }), { name: 'Ada L.' });
    assert.deepEqual(profileChanges(user, { name: 'Ada', email: ' ada@lovelace.dev ' }), { email: 'ada@lovelace.dev' });
  });

  test('password: the current one, a new one of 8+, typed twice, different from the current', () => {
    assert.deepEqual(checkPasswordChange({ current: 'old password', password: 'new password', confirm: 'new password' }), {});
    assert.deepEqual(checkPasswordChange({ current: '', password: 'short', confirm: 'other' }), {
      current: 'Enter your current password', password: 'Use at least 8 characters', confirm: 'The two passwords differ',
    });
    assert.deepEqual(checkPasswordChange({ current: 'same password', password: 'same password', confirm: 'same password' }), {
      password: 'This is your current password: choose another',
    });
  });

  test('API key: a name is needed; no lifetime means no expiry', () => {
    assert.match(checkKeyName('  ') ?? '', /Name the key/);
    assert.equal(checkKeyName('x'.repeat(101)), 'Use at most 100 characters');
    assert.equal(checkKeyName('backup'), undefined);
    assert.deepEqual(apiKeyBody(' backup ', ''), { name: 'backup' });
    assert.deepEqual(apiKeyBody('backup', '30'), { name: 'backup', expiresInDays: 30 });
    assert.deepEqual(apiKeyBody('watch', '', 'read-only'), { name: 'watch', scope: 'read-only' });
    assert.deepEqual(apiKeyBody('watch', '7', 'full'), { name: 'watch', expiresInDays: 7 });
  });

  test('the curl example uses the secret as a Bearer token against this origin', () => {
    assert.equal(curlExample('strk_key_abc', 'http://127.0.0.1:8420/'), 'curl -H "Authorization: Bearer strk_key_abc" http://127.0.0.1:8420/api/v1/servers');
  });

  test('expiry: never, a date, or expired', () => {
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    assert.deepEqual(keyExpiry({ expiresAt: null }, now), { text: 'never', expired: false });
    assert.equal(keyExpiry({ expiresAt: '2026-07-01T00:00:00.000Z' }, now).expired, false);
    const past = keyExpiry({ expiresAt: '2026-05-01T00:00:00.000Z' }, now);
    assert.equal(past.expired, true);
    assert.match(past.text, /^expired /);
  });
});
