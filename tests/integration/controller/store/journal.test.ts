import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DATA_FILE_NAME, DataFileError, DocumentStore, JOURNAL_FILE_NAME } from '../../../../controller/store/document-store.ts';
import type { StoredUser } from '../../../../controller/store/document-schema.ts';
import { tempDir } from '../../../support/controller.ts';
import { readStoredDocument } from '../../../support/stored-document.ts';

function user(id: string): StoredUser {
  const now = new Date().toISOString();
  return { id, email: `${id}@example.com`, name: id, role: 'user', suspended: false, passwordHash: 'x', createdAt: now, updatedAt: now };
}

async function size(path: string): Promise<number> {
  return (await stat(path)).size;
}

describe('the journal behind the document store', () => {
  let dir: string;
  let store: DocumentStore | null;
  beforeEach(async () => {
    dir = await tempDir('journal');
    store = await DocumentStore.open(dir);
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = () => store!;
  const snapshot = () => join(dir, DATA_FILE_NAME);
  const journal = () => join(dir, JOURNAL_FILE_NAME);

  test('a write appends its change and leaves the snapshot alone: its cost does not grow with the document', async () => {
    await open().mutate((doc) => void doc.users.push(...Array.from({ length: 500 }, (_, i) => user(`usr_seed${i}`))));
    // Fold the seed, so the growth measured below is the appends alone.
    await open().close();
    store = await DocumentStore.open(dir);
    const snapshotBefore = await readFile(snapshot(), 'utf8');
    const growth: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = await size(journal()).catch(() => 0);
      await open().mutate((doc) => void doc.users.push(user(`usr_new${i}`)));
      growth.push((await size(journal())) - before);
    }
    assert.equal(await readFile(snapshot(), 'utf8'), snapshotBefore, 'the snapshot was not rewritten');
    const oneUser = JSON.stringify(user('usr_new0')).length;
    // The first append also writes the journal's header line; each later one is one record and its frame.
    for (const bytes of growth.slice(1)) assert.ok(bytes < oneUser + 100, `${bytes} bytes appended for one ${oneUser}-byte record`);
    assert.ok(snapshotBefore.length > 100 * oneUser, 'the document is much bigger than a change');
    assert.deepEqual((await readStoredDocument(dir)).users.slice(-3).map((u) => u.id), ['usr_new0', 'usr_new1', 'usr_new2']);
  });

  test('a reopened store replays the journal; a clean close folds it into the snapshot and removes it', async () => {
    await open().mutate((doc) => void doc.users.push(user('usr_a')));
    await open().mutate((doc) => {
      doc.users = doc.users.map((u) => (u.id === 'usr_a' ? { ...u, name: 'renamed' } : u));
      doc.settings.signupOpen = true;
    });
    assert.ok((await readdir(dir)).includes(JOURNAL_FILE_NAME));
    await open().close();
    store = null;
    assert.deepEqual((await readdir(dir)).sort(), [DATA_FILE_NAME]);
    const folded = JSON.parse(await readFile(snapshot(), 'utf8'));
    assert.deepEqual(folded.users.map((u: StoredUser) => u.name), ['renamed']);
    assert.equal(folded.settings.signupOpen, true);
  });

  test('a journal left by a killed writer is replayed on open and folded at once', async () => {
    await open().mutate((doc) => void doc.users.push(user('usr_a')));
    await open().mutate((doc) => void doc.users.push(user('usr_b')));
    const journalText = await readFile(journal(), 'utf8');
    const snapshotText = await readFile(snapshot(), 'utf8');
    await open().close();
    // What a SIGKILL leaves: the old snapshot and its journal.
    await writeFile(snapshot(), snapshotText);
    await writeFile(journal(), journalText);
    store = await DocumentStore.open(dir);
    assert.deepEqual(open().data.users.map((u) => u.id), ['usr_a', 'usr_b']);
    assert.ok(!(await readdir(dir)).includes(JOURNAL_FILE_NAME), 'folded on open');
    assert.deepEqual(JSON.parse(await readFile(snapshot(), 'utf8')).users.map((u: StoredUser) => u.id), ['usr_a', 'usr_b']);
  });

  for (const [name, tail] of [
    ['a last line cut short', '0badc0de {"changes":[{"put":"users","rec'],
    ['a last line whole in length but not in content', '00000000 {"changes":[]}\n'],
  ] as const) {
    test(`a torn tail (${name}) was never acknowledged: the writes before it stand, the tail goes`, async () => {
      await open().mutate((doc) => void doc.users.push(user('usr_acked')));
      const snapshotText = await readFile(snapshot(), 'utf8');
      const journalText = await readFile(journal(), 'utf8');
      await open().close();
      await writeFile(snapshot(), snapshotText);
      await writeFile(journal(), journalText);
      await appendFile(journal(), tail);
      store = await DocumentStore.open(dir);
      assert.deepEqual(open().data.users.map((u) => u.id), ['usr_acked']);
      await open().mutate((doc) => void doc.users.push(user('usr_after')));
      assert.deepEqual((await readStoredDocument(dir)).users.map((u) => u.id), ['usr_acked', 'usr_after']);
    });
  }

  test('a corrupt entry with whole entries after it is refused: DataFileError naming the journal, both files left as they were', async () => {
    await open().mutate((doc) => void doc.users.push(user('usr_a')));
    await open().mutate((doc) => void doc.users.push(user('usr_b')));
    const snapshotText = await readFile(snapshot(), 'utf8');
    const lines = (await readFile(journal(), 'utf8')).split('\n');
    await open().close();
    store = null;
    lines[1] = lines[1]!.replace('usr_a', 'usr_x');
    const corrupt = lines.join('\n');
    await writeFile(snapshot(), snapshotText);
    await writeFile(journal(), corrupt);
    const error = await DocumentStore.open(dir).then(() => assert.fail('opened a corrupt journal'), (e: unknown) => e);
    assert.ok(error instanceof DataFileError, String(error));
    assert.equal(error.path, journal());
    assert.match(error.message, /is corrupt at line 2/);
    assert.equal(await readFile(journal(), 'utf8'), corrupt);
    assert.equal(await readFile(snapshot(), 'utf8'), snapshotText);
  });

  test('a journal continuing an older snapshot (a fold that crashed before removing it) is stale and ignored', async () => {
    await open().mutate((doc) => void doc.users.push(user('usr_a')));
    const staleJournal = await readFile(journal(), 'utf8');
    await open().mutate((doc) => void doc.users.push(user('usr_b')));
    await open().close();
    // The fold wrote the new snapshot (usr_a, usr_b); the old journal (put usr_a) is still there.
    await writeFile(journal(), staleJournal);
    store = await DocumentStore.open(dir);
    assert.deepEqual(open().data.users.map((u) => u.id), ['usr_a', 'usr_b']);
  });

  test('the journal is folded once it outgrows the snapshot, so replay stays bounded', async () => {
    const padded = (i: number) => ({ ...user(`usr_${i}`), name: 'x'.repeat(2000) });
    for (let i = 0; i < 200; i++) await open().mutate((doc) => void doc.users.push(padded(i)));
    const journalBytes = await size(journal()).catch(() => 0);
    const snapshotBytes = await size(snapshot());
    // 200 × 2 KB = 400 KB of appends: past the 256 KB floor, so at least one fold happened.
    assert.ok(journalBytes < Math.max(256 * 1024, snapshotBytes) + 3000, `journal ${journalBytes} B, snapshot ${snapshotBytes} B`);
    assert.ok(JSON.parse(await readFile(snapshot(), 'utf8')).users.length >= 100, 'the snapshot took in the folded writes');
    assert.equal((await readStoredDocument(dir)).users.length, 200);
  });

  test('committed records are frozen: editing one in place throws and changes nothing; a replacement commits', async () => {
    await open().mutate((doc) => void doc.users.push(user('usr_a')));
    await assert.rejects(open().mutate((doc) => {
      doc.users[0]!.name = 'edited in place';
    }), TypeError);
    assert.equal(open().data.users[0]!.name, 'usr_a');
    await open().mutate((doc) => {
      doc.users[0] = { ...doc.users[0]!, name: 'replaced' };
    });
    assert.equal(open().findById('users', 'usr_a')?.name, 'replaced');
    assert.equal((await readStoredDocument(dir)).users[0]!.name, 'replaced');
  });
});
