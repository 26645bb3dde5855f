import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerState, ServerStateWriter, StateFileError } from '../../../../agent/server/server-state-file.ts';
import type { PersistedServerState } from '../../../../agent/server/server-state-file.ts';
import { testSpec, until } from '../../../support/fake-environment.ts';

function state(backlog: string[]): PersistedServerState {
  return { version: 1, spec: testSpec(), status: 'running', reason: null, installed: true, backlog, restartPending: false };
}

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stellar-state-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('many changes in quick succession become one write of the latest state', async (t) => {
  const file = join(await tempDir(t), 'state', 'srv_a.json');
  let backlog: string[] = [];
  let snapshots = 0;
  const writer = new ServerStateWriter(
    file,
    () => {
      snapshots += 1;
      return state(backlog);
    },
    { delayMs: 20 },
  );
  for (let i = 0; i < 100; i += 1) {
    backlog = [...backlog, `line ${i}`];
    writer.schedule();
  }
  await until(() => snapshots > 0, 'the write');
  await writer.flush();
  assert.equal(snapshots, 1);
  const saved = await loadServerState(file);
  assert.equal(saved?.backlog.length, 100);
  assert.equal(saved?.backlog.at(-1), 'line 99');
  await writer.close();
});

test('flush writes a pending change at once; close writes nothing afterwards', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'srv_a.json');
  let backlog = ['one'];
  const writer = new ServerStateWriter(file, () => state(backlog), { delayMs: 60_000 });
  writer.schedule();
  await writer.close();
  assert.deepEqual((await loadServerState(file))?.backlog, ['one']);
  backlog = ['two'];
  writer.schedule();
  await writer.flush();
  assert.deepEqual((await loadServerState(file))?.backlog, ['one']);
  assert.deepEqual(await readdir(dir), ['srv_a.json'], 'no temp file left behind');
});

test('remove deletes the state file and cancels a pending write', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'srv_a.json');
  const writer = new ServerStateWriter(file, () => state([]), { delayMs: 5 });
  writer.schedule();
  await writer.flush();
  writer.schedule();
  await writer.remove();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await readdir(dir), []);
});

test('loading: no file is null; a damaged file is an error naming the file', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await loadServerState(join(dir, 'srv_none.json')), null);
  const bad = join(dir, 'srv_bad.json');
  await writeFile(bad, '{"version":1,');
  await assert.rejects(loadServerState(bad), (error: unknown) => error instanceof StateFileError && error.message.includes(bad));
  await writeFile(bad, JSON.stringify({ version: 1, status: 'flying' }));
  await assert.rejects(loadServerState(bad), StateFileError);
  assert.equal(await readFile(bad, 'utf8'), JSON.stringify({ version: 1, status: 'flying' }), 'a bad file is left as it was');
});
