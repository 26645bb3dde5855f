import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainStartupFailure } from '../../../../agent/server/startup-failure.ts';

const exit127 = { exitCode: 127, oomKilled: false };
const exit126 = { exitCode: 126, oomKilled: false };

test('no /bin/sh in the image: the reason names the missing shell and the entrypoint mode', () => {
  const reason = explainStartupFailure(exit127, ['[FATAL tini (7)] exec /bin/sh failed: No such file or directory\n']);
  assert.match(reason ?? '', /the image has no \/bin\/sh/);
  assert.match(reason ?? '', /"entrypoint"/);
});

test('a startup command that does not exist is named, from the init or from the shell', () => {
  assert.match(explainStartupFailure(exit127, ['[FATAL tini (7)] exec /app/server failed: No such file or directory']) ?? '', /startup command \/app\/server was not found/);
  assert.match(explainStartupFailure(exit127, ['/bin/sh: ./srcds_run: not found']) ?? '', /startup command \.\/srcds_run was not found/);
  assert.match(explainStartupFailure(exit127, ['sh: 1: java: not found']) ?? '', /startup command java was not found/);
  assert.match(explainStartupFailure(exit127, ['bash: line 1: java: command not found']) ?? '', /startup command java was not found/);
});

test('permission denied and exec format errors say which file', () => {
  assert.match(explainStartupFailure(exit126, ['/bin/sh: /home/container/run.sh: Permission denied']) ?? '', /permission denied running \/home\/container\/run\.sh/);
  assert.match(explainStartupFailure(exit126, ['[FATAL tini (8)] exec /app/game failed: Exec format error']) ?? '', /exec format error running \/app\/game/);
  assert.match(explainStartupFailure(exit126, ['bash: line 1: ./game: cannot execute binary file: Exec format error']) ?? '', /exec format error running \.\/game/);
  // busybox sh reads a binary for another CPU as a script and stumbles over its ELF header.
  assert.match(explainStartupFailure({ exitCode: 2, oomKilled: false }, ['/app/game: line 1: \u007fELF\u0002: not found', '/app/game: line 2: syntax error: unexpected "("']) ?? '', /exec format error running \/app\/game/);
});

test('the newest complaint wins, and ordinary exits or game output explain nothing', () => {
  assert.match(explainStartupFailure(exit127, ['sh: old: not found', '[FATAL tini (7)] exec /bin/sh failed: No such file or directory']) ?? '', /no \/bin\/sh/);
  assert.equal(explainStartupFailure({ exitCode: 1, oomKilled: false }, ['Exception in thread "main" java.lang.Error: boom']), null);
  assert.equal(explainStartupFailure({ exitCode: 0, oomKilled: false }, ['sh: x: not found']), null, 'a clean exit is not a startup failure');
  assert.equal(explainStartupFailure({ exitCode: 137, oomKilled: true }, ['sh: x: not found']), null, 'out of memory is its own reason');
  assert.equal(explainStartupFailure(exit127, []), null);
});
