import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DataDirLock } from '../../../../controller/store/data-dir-lock.ts';
import { DataFileError } from '../../../../controller/store/data-file-error.ts';
import { tempDir } from '../../../support/controller.ts';

describe('DataDirLock', () => {
  let dir: string;
  let lockPath: string;
  const dataPath = () => join(dir, 'data.json');
  beforeEach(async () => {
    dir = await tempDir('lock');
    lockPath = join(dir, 'data.lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('the lock file names this process; release removes it, and releasing twice is harmless', async () => {
    const lock = await DataDirLock.acquire(lockPath, dataPath());
    assert.equal((await readFile(lockPath, 'utf8')).trim(), String(process.pid));
    await lock.release();
    await lock.release();
    assert.deepEqual(await readdir(dir), []);
  });

  test('a second acquire in the same process is refused while the first holds it', async () => {
    const lock = await DataDirLock.acquire(lockPath, dataPath());
    const error = await DataDirLock.acquire(lockPath, dataPath()).then(() => assert.fail('acquired twice'), (e: unknown) => e);
    assert.ok(error instanceof DataFileError);
    assert.equal(error.path, dataPath());
    assert.match(error.message, new RegExp(`in use by another StellarStack \\(pid ${process.pid}\\)`));
    await lock.release();
    await (await DataDirLock.acquire(lockPath, dataPath())).release();
  });

  test('a live process of another pid holds the lock', async () => {
    // The parent of this test process is alive for as long as the test runs.
    await writeFile(lockPath, `${process.ppid}\n`);
    await assert.rejects(DataDirLock.acquire(lockPath, dataPath()), new RegExp(`pid ${process.ppid}`));
    assert.equal((await readFile(lockPath, 'utf8')).trim(), String(process.ppid), 'a live holder’s lock is left alone');
  });

  test('stale locks are taken over: a dead pid, garbage, and this pid stamped with another start time', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(dead);
    const stale: [string, () => Promise<void>][] = [
      ['a dead pid', () => writeFile(lockPath, `${dead}\n`)],
      ['garbage', () => writeFile(lockPath, 'not a pid')],
      ['this pid, left by an earlier process that had it', async () => {
        await writeFile(lockPath, `${process.pid}\n`);
        await utimes(lockPath, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
      }],
    ];
    for (const [name, leave] of stale) {
      await leave();
      const lock = await DataDirLock.acquire(lockPath, dataPath()).catch((error: unknown) => assert.fail(`${name}: ${String(error)}`));
      assert.equal((await readFile(lockPath, 'utf8')).trim(), String(process.pid), name);
      await lock.release();
    }
  });
});
