import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyConfigFiles } from '../../../../../agent/server/config-files/apply-config-files.ts';
import { resolveConfigFilePath } from '../../../../../agent/server/config-files/config-file-path.ts';

describe('patching config files in a server folder', () => {
  let base: string;
  let files: string;
  let outside: string;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'stellar-config-files-'));
    files = join(base, 'servers', 'srv_1');
    outside = join(base, 'outside');
    await mkdir(files, { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'do not touch\n');
  });
  after(() => rm(base, { recursive: true, force: true }));

  test('a missing file (and its folder) is created; an existing one is patched in place', async () => {
    await writeFile(join(files, 'server.properties'), '#c\nserver-port=1\n');
    await applyConfigFiles(files, '/home/container', [
      { path: 'server.properties', parser: 'properties', replace: [{ match: 'server-port', value: '30000' }] },
      { path: 'config/bot.json', parser: 'json', replace: [{ match: 'http.port', value: '30000' }] },
    ]);
    assert.equal(await readFile(join(files, 'server.properties'), 'utf8'), '#c\nserver-port=30000\n');
    assert.deepEqual(JSON.parse(await readFile(join(files, 'config', 'bot.json'), 'utf8')), { http: { port: 30000 } });
    assert.deepEqual((await readdir(files)).sort(), ['config', 'server.properties'], 'no temporary files left behind');
  });

  test('a leading / or the container path mean the server folder', async () => {
    await applyConfigFiles(files, '/home/container', [
      { path: '/abs.txt', parser: 'file', replace: [{ match: '', value: 'a' }] },
      { path: '/home/container/in-container.txt', parser: 'file', replace: [{ match: '', value: 'b' }] },
    ]);
    assert.equal(await readFile(join(files, 'abs.txt'), 'utf8'), 'a\n');
    assert.equal(await readFile(join(files, 'in-container.txt'), 'utf8'), 'b\n');
  });

  test('paths that leave the folder are refused: .., a symlinked file, a symlinked folder', async () => {
    await symlink(join(outside, 'secret.txt'), join(files, 'link.txt'));
    await symlink(outside, join(files, 'linkdir'));
    for (const path of ['../outside/secret.txt', '../../outside/secret.txt', 'a/../../x', 'link.txt', 'linkdir/secret.txt', 'linkdir/new.txt']) {
      await assert.rejects(
        applyConfigFiles(files, '/home/container', [{ path, parser: 'file', replace: [{ match: '', value: 'pwned' }] }]),
        (error: Error) => error.message.startsWith(`config file ${path} (file): `),
        path,
      );
    }
    assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), 'do not touch\n');
    assert.deepEqual(await readdir(outside), ['secret.txt']);
  });

  test('the folder itself and a folder in place of the file are refused', async () => {
    await mkdir(join(files, 'adir'));
    await assert.rejects(resolveConfigFilePath(files, '/home/container', '/'), /outside/);
    await assert.rejects(resolveConfigFilePath(files, '/home/container', 'adir'), /not a regular file/);
  });

  test('a file that does not parse stops the start with its name and is left as it was', async () => {
    await writeFile(join(files, 'broken.json'), '{broken');
    await assert.rejects(
      applyConfigFiles(files, '/home/container', [{ path: 'broken.json', parser: 'json', replace: [{ match: 'a', value: '1' }] }]),
      /config file broken\.json \(json\): not valid JSON/,
    );
    assert.equal(await readFile(join(files, 'broken.json'), 'utf8'), '{broken');
  });
});
