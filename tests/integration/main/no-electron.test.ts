import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { NO_ELECTRON_MESSAGE } from '../../../main/index.ts';
import { REPO_ROOT } from '../../support/controller.ts';

describe('main/index.ts without the Electron runtime', () => {
  test('run by plain node it says in one line what is missing and what to run instead, exit 1, nothing started', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'main/index.ts', '--port', '0'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `${NO_ELECTRON_MESSAGE}\n`);
    assert.match(result.stderr, /npm run serve/);
  });

  test('importing it (as the tests do) starts nothing and prints nothing', async () => {
    const module = await import('../../../main/index.ts');
    assert.equal(typeof module.startDesktop, 'function');
  });
});
