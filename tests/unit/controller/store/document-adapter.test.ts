import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { DataFileError } from '../../../../controller/store/data-file-error.ts';
import { DocumentAdapter } from '../../../../controller/store/document-adapter.ts';
import { emptyDocument } from '../../../../controller/store/document-schema.ts';
import { DurableJsonFile } from '../../../../controller/store/durable-json-file.ts';
import { tempDir } from '../../../support/controller.ts';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await tempDir('adapter');
  path = join(dir, 'doc.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('a missing file reads as nothing and asks to be written; a write lands on disk and clears that', async () => {
  const adapter = new DocumentAdapter(new DurableJsonFile(path));
  assert.equal(await adapter.read(), null);
  assert.equal(adapter.needsWrite, true);
  const doc = { ...emptyDocument(), settings: { signupOpen: true } };
  await adapter.write(doc);
  assert.equal(adapter.needsWrite, false);
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), doc);
  assert.deepEqual(await new DocumentAdapter(new DurableJsonFile(path)).read(), doc);
});

test('a file of the current version reads validated and needs no write', async () => {
  await writeFile(path, JSON.stringify(emptyDocument()));
  const adapter = new DocumentAdapter(new DurableJsonFile(path));
  assert.deepEqual(await adapter.read(), emptyDocument());
  assert.equal(adapter.needsWrite, false);
});

test('a file that does not validate is refused by read, with the field that is wrong', async () => {
  await writeFile(path, JSON.stringify({ ...emptyDocument(), nodes: [{ id: 'node_x' }] }));
  const adapter = new DocumentAdapter(new DurableJsonFile(path));
  await assert.rejects(adapter.read(), (error: unknown) => error instanceof DataFileError && /at nodes\.0\./.test(error.message));
});
