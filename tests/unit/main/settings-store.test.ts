import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_DESKTOP_SETTINGS } from '../../../contracts/index.ts';
import { SETTINGS_FILE, SettingsStore } from '../../../main/settings-store.ts';

describe('desktop settings (main/settings-store.ts)', () => {
  const dirs: string[] = [];
  const dir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'stellar-settings-'));
    dirs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('no file: the defaults (port 8420, loopback only, local agent on, no login start, not minimised), and nothing written', async () => {
    const d = await dir();
    const { store, problem } = await SettingsStore.open(d);
    assert.equal(problem, null);
    assert.deepEqual(store.get(), { port: 8420, exposeToLan: false, localAgent: true, startAtLogin: false, startMinimized: false });
    assert.deepEqual(await readdir(d), []);
  });

  test('a change is on disk when update() answers, and a new store reads it back', async () => {
    const d = await dir();
    const { store } = await SettingsStore.open(d);
    const saved = await store.update({ port: 9000, exposeToLan: true });
    assert.deepEqual(saved, { ...DEFAULT_DESKTOP_SETTINGS, port: 9000, exposeToLan: true });
    const again = await SettingsStore.open(d);
    assert.deepEqual(again.store.get(), saved);
    assert.deepEqual(JSON.parse(await readFile(join(d, SETTINGS_FILE), 'utf8')), { version: 1, settings: saved });
    assert.deepEqual(await readdir(d), [SETTINGS_FILE], 'no temp file left behind');
  });

  test('concurrent updates are written one after the other: the last answer has both', async () => {
    const { store } = await SettingsStore.open(await dir());
    const [, second] = await Promise.all([store.update({ startAtLogin: true }), store.update({ startMinimized: true })]);
    assert.equal(second.startAtLogin, true);
    assert.equal(second.startMinimized, true);
  });

  test('an invalid change is a VALIDATION_ERROR naming the field, and changes nothing', async () => {
    const d = await dir();
    const { store } = await SettingsStore.open(d);
    for (const [changes, field] of [[{ port: 70000 }, 'port'], [{ port: 'eighty' }, 'port'], [{ exposeToLan: 'yes' }, 'exposeToLan'], [{ colour: 'red' }, '_']] as const) {
      await assert.rejects(store.update(changes), (error: { code: string; details: Record<string, string> }) => {
        assert.equal(error.code, 'VALIDATION_ERROR');
        assert.ok(field in error.details, `${JSON.stringify(changes)} names ${field}: ${JSON.stringify(error.details)}`);
        return true;
      });
    }
    assert.deepEqual(store.get(), DEFAULT_DESKTOP_SETTINGS);
    assert.deepEqual(await readdir(d), []);
  });

  test('a file from an older app with fewer keys keeps what it has and takes defaults for the rest', async () => {
    const d = await dir();
    await writeFile(join(d, SETTINGS_FILE), JSON.stringify({ version: 1, settings: { port: 9100 } }));
    const { store, problem } = await SettingsStore.open(d);
    assert.equal(problem, null);
    assert.deepEqual(store.get(), { ...DEFAULT_DESKTOP_SETTINGS, port: 9100 });
  });

  for (const [what, text] of [
    ['not JSON', '{"version":1,"settings":{"port":90'],
    ['a wrong type', JSON.stringify({ version: 1, settings: { port: 'ninety' } })],
    ['an unknown version', JSON.stringify({ version: 7, settings: {} })],
  ] as const) {
    test(`a corrupt file (${what}) is kept as .bak, not overwritten; the app runs on defaults and says so`, async () => {
      const d = await dir();
      const file = join(d, SETTINGS_FILE);
      await writeFile(file, text);
      const { store, problem } = await SettingsStore.open(d);
      assert.deepEqual(store.get(), DEFAULT_DESKTOP_SETTINGS);
      assert.ok(problem, 'a message');
      assert.match(problem, new RegExp(`${file.replaceAll('.', '\\.')}[\\s\\S]*kept them as ${file.replaceAll('.', '\\.')}\\.bak`));
      assert.equal(await readFile(`${file}.bak`, 'utf8'), text, 'the old file, byte for byte');
      assert.deepEqual(await readdir(d), [`${SETTINGS_FILE}.bak`], 'the defaults are not written until something changes');
      await store.update({ port: 9200 });
      assert.equal(await readFile(`${file}.bak`, 'utf8'), text, 'a later save leaves the backup alone');
    });
  }

  test('a second corrupt file does not replace the first backup', async () => {
    const d = await dir();
    const file = join(d, SETTINGS_FILE);
    await writeFile(file, 'first');
    await SettingsStore.open(d);
    await writeFile(file, 'second');
    const { problem } = await SettingsStore.open(d);
    assert.match(problem ?? '', /\.2\.bak/);
    assert.equal(await readFile(`${file}.bak`, 'utf8'), 'first');
    assert.equal(await readFile(`${file}.2.bak`, 'utf8'), 'second');
  });
});
