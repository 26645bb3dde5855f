import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DATA_FILE_NAME, DataFileError, DocumentStore, JOURNAL_FILE_NAME, LOCK_FILE_NAME } from '../../../../controller/store/document-store.ts';
import { CURRENT_SCHEMA_VERSION, emptyDocument, type StoredUser } from '../../../../controller/store/document-schema.ts';
import { isAppError } from '../../../../contracts/index.ts';
import { tempDir } from '../../../support/controller.ts';
import { readStoredDocument } from '../../../support/stored-document.ts';

function user(id: string): StoredUser {
  const now = new Date().toISOString();
  return { id, email: `${id}@example.com`, name: id, role: 'user', suspended: false, passwordHash: 'x', createdAt: now, updatedAt: now };
}

/** What a restart would read: the snapshot and the journal that continues it. */
function onDisk(dir: string): Promise<ReturnType<typeof emptyDocument>> {
  return readStoredDocument(dir);
}

describe('DocumentStore', () => {
  let dir: string;
  let store: DocumentStore;
  beforeEach(async () => {
    dir = await tempDir('store');
    store = await DocumentStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a new data dir gets a valid empty document at once', async () => {
    const doc = await onDisk(dir);
    assert.deepEqual(doc, emptyDocument());
    assert.equal(doc.version, CURRENT_SCHEMA_VERSION);
    assert.equal(store.path, join(dir, DATA_FILE_NAME));
  });

  test('a mutation resolves with its result once the change is on disk', async () => {
    const result = await store.mutate((doc) => {
      doc.users.push(user('usr_a'));
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual((await onDisk(dir)).users.map((u) => u.id), ['usr_a']);
  });

  test('data is only visible after the write: memory never runs ahead of the disk', async () => {
    const seen: string[][] = [];
    const pending = store.mutate((doc) => {
      doc.users.push(user('usr_a'));
    });
    seen.push(store.data.users.map((u) => u.id));
    const acknowledged = pending.then(async () => {
      seen.push(store.data.users.map((u) => u.id));
      return (await onDisk(dir)).users.map((u) => u.id);
    });
    assert.deepEqual(await acknowledged, ['usr_a']);
    assert.deepEqual(seen, [[], ['usr_a']]);
  });

  test('a mutation that throws changes nothing; the others in its batch still commit', async () => {
    // Keep the writer busy so the next three land in one batch.
    const first = store.mutate((doc) => {
      doc.users.push(user('usr_first'));
    });
    const before = store.mutate((doc) => {
      doc.users.push(user('usr_before'));
    });
    const failing = store.mutate((doc) => {
      doc.users.push(user('usr_half'));
      doc.settings.signupOpen = true;
      throw new Error('refused');
    });
    const afterIt = store.mutate((doc) => {
      doc.users.push(user('usr_after'));
      return doc.users.length;
    });
    const [, , failed, last] = await Promise.allSettled([first, before, failing, afterIt]);
    assert.equal(failed.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /refused/);
    assert.deepEqual(last, { status: 'fulfilled', value: 3 });
    assert.deepEqual(store.data.users.map((u) => u.id), ['usr_first', 'usr_before', 'usr_after']);
    assert.equal(store.data.settings.signupOpen, false);
    const disk = await onDisk(dir);
    assert.deepEqual(disk.users.map((u) => u.id), ['usr_first', 'usr_before', 'usr_after']);
    assert.equal(disk.settings.signupOpen, false);
  });

  test('a mutation that throws alone writes nothing and leaves the revision alone', async () => {
    const revision = store.revision;
    await assert.rejects(store.mutate(() => {
      throw new Error('nope');
    }), /nope/);
    assert.equal(store.revision, revision);
  });

  test('concurrent mutations coalesce into few writes and all resolve with their own result', async () => {
    const revision = store.revision;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.mutate((doc) => {
          doc.users.push(user(`usr_${i}`));
          return i;
        }),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 50 }, (_, i) => i));
    assert.equal(store.data.users.length, 50);
    assert.equal((await onDisk(dir)).users.length, 50);
    // One write for the first, one for everything queued behind it.
    assert.ok(store.revision - revision <= 3, `${store.revision - revision} commits for 50 mutations`);
  });

  test('mutations apply in order, each seeing the ones before it', async () => {
    const lengths = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.mutate((doc) => {
          doc.users.push(user(`usr_${i}`));
          return doc.users.length;
        }),
      ),
    );
    assert.deepEqual(lengths, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('a failed write rejects every mutation in the batch, changes nothing in memory, and the store recovers', async () => {
    // A directory where either temp file goes (the snapshot's, or the journal's when it starts) makes the write fail.
    const temps = [DATA_FILE_NAME, JOURNAL_FILE_NAME].map((name) => join(dir, `.${name}.${process.pid}.tmp`));
    for (const temp of temps) await mkdir(temp);
    const revision = store.revision;
    const a = store.mutate((doc) => void doc.users.push(user('usr_a')));
    const b = store.mutate((doc) => void doc.users.push(user('usr_b')));
    // A clear 503 for the admin to act on, never a 500.
    const storageRefusal = (error: unknown) => isAppError(error) && error.code === 'STORAGE_UNAVAILABLE' && error.status === 503 && /Nothing was changed/.test(error.message);
    await assert.rejects(a, storageRefusal);
    await assert.rejects(b, storageRefusal);
    assert.equal(store.data.users.length, 0);
    assert.equal(store.revision, revision);
    assert.deepEqual((await onDisk(dir)).users, []);
    for (const temp of temps) await rmdir(temp);
    await store.mutate((doc) => void doc.users.push(user('usr_c')));
    assert.deepEqual((await onDisk(dir)).users.map((u) => u.id), ['usr_c']);
  });

  test('close waits for queued writes, then refuses new ones', async () => {
    const pending = Array.from({ length: 5 }, (_, i) => store.mutate((doc) => void doc.users.push(user(`usr_${i}`))));
    await store.close();
    await Promise.all(pending);
    assert.equal((await onDisk(dir)).users.length, 5);
    await assert.rejects(store.mutate(() => undefined), /closed/);
  });

  test('a reopened store reads back what was written, and no temp file is left behind', async () => {
    await store.mutate((doc) => {
      doc.users.push(user('usr_keep'));
      doc.settings.signupOpen = true;
    });
    await store.close();
    const reopened = await DocumentStore.open(dir);
    assert.deepEqual(reopened.data.users.map((u) => u.id), ['usr_keep']);
    assert.equal(reopened.data.settings.signupOpen, true);
    await reopened.close();
    assert.deepEqual(await readdir(dir), [DATA_FILE_NAME]);
  });
});

describe('DocumentStore.open refuses a file it cannot trust', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('store-bad');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string, RegExp][] = [
    ['garbage', 'this is {not json', /is not valid JSON/],
    ['truncated JSON', JSON.stringify(emptyDocument()).slice(0, 40), /is not valid JSON/],
    ['empty file', '', /is not valid JSON/],
    ['a JSON array', '[]', /does not hold a JSON object/],
    ['no version', JSON.stringify({ ...emptyDocument(), version: undefined }), /has no schema version/],
    ['a newer version', JSON.stringify({ ...emptyDocument(), version: CURRENT_SCHEMA_VERSION + 1 }), /newer StellarStack/],
    ['the wrong shape', JSON.stringify({ ...emptyDocument(), users: 'everyone' }), /does not match the expected format at users/],
    ['a bad user record', JSON.stringify({ ...emptyDocument(), users: [{ id: 'usr_x' }] }), /does not match the expected format at users\.0\./],
  ];
  for (const [name, text, reason] of cases) {
    test(`${name}: DataFileError naming the file and the reason; the bytes stay as they were`, async () => {
      const path = join(dir, DATA_FILE_NAME);
      await writeFile(path, text);
      const error = await DocumentStore.open(dir).then(
        () => assert.fail('opened a file it should refuse'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof DataFileError, String(error));
      assert.equal(error.path, path);
      assert.ok(error.message.includes(path), error.message);
      assert.match(error.message, reason);
      assert.equal(await readFile(path, 'utf8'), text);
      assert.deepEqual(await readdir(dir), [DATA_FILE_NAME]);
    });
  }
});

describe('one writer per data dir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('store-lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('a second open of a data dir in use is refused, and allowed again after close', async () => {
    const store = await DocumentStore.open(dir);
    await store.mutate((doc) => void doc.users.push(user('usr_first')));
    const error = await DocumentStore.open(dir).then(() => assert.fail('opened twice'), (e: unknown) => e);
    assert.ok(error instanceof DataFileError);
    assert.match(error.message, new RegExp(`in use by another StellarStack \\(pid ${process.pid}\\)`));
    assert.ok(error.message.includes(join(dir, LOCK_FILE_NAME)), 'says which lock file to remove if the holder is gone');
    await store.close();
    const again = await DocumentStore.open(dir);
    assert.deepEqual(again.data.users.map((u) => u.id), ['usr_first']);
    await again.close();
  });

  test('a lock left by a process that died is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(dead);
    await writeFile(join(dir, LOCK_FILE_NAME), `${dead}\n`);
    const store = await DocumentStore.open(dir);
    assert.equal((await readFile(join(dir, LOCK_FILE_NAME), 'utf8')).trim(), String(process.pid));
    await store.close();
    assert.deepEqual(await readdir(dir), [DATA_FILE_NAME]);
  });

  test('a lock naming this very pid but not held here (pid reused after a crash, as in a container) is taken over', async () => {
    await writeFile(join(dir, LOCK_FILE_NAME), `${process.pid}\n`);
    const store = await DocumentStore.open(dir);
    await store.close();
  });

  test('temp files left by a writer that was killed mid-write are removed on open', async () => {
    await writeFile(join(dir, DATA_FILE_NAME), JSON.stringify(emptyDocument()));
    await writeFile(join(dir, `.${DATA_FILE_NAME}.99999.tmp`), '{"half": ');
    await writeFile(join(dir, 'unrelated.tmp'), 'keep me');
    const store = await DocumentStore.open(dir);
    assert.deepEqual((await readdir(dir)).sort(), [LOCK_FILE_NAME, DATA_FILE_NAME, 'unrelated.tmp'].sort());
    await store.close();
  });

  test('an unreadable lock (garbage) counts as stale', async () => {
    await writeFile(join(dir, LOCK_FILE_NAME), 'not a pid');
    const store = await DocumentStore.open(dir);
    await store.close();
  });
});
