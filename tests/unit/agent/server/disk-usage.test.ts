import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskUsage } from '../../../../agent/server/disk-usage.ts';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stellar-disk-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('disk usage adds up the bytes of every file under the data directory, nested ones included', async (t) => {
  const root = await tempDir(t);
  await mkdir(join(root, 'world', 'region'), { recursive: true });
  await writeFile(join(root, 'server.jar'), Buffer.alloc(1000));
  await writeFile(join(root, 'world', 'region', 'r.0.0.mca'), Buffer.alloc(4096));
  assert.equal(await new DiskUsage(root).bytes(), 5096);
});

test('disk usage does not follow symlinks (a link to a big tree is not counted as the tree)', async (t) => {
  const root = await tempDir(t);
  const outside = await tempDir(t);
  await writeFile(join(outside, 'huge.bin'), Buffer.alloc(100_000));
  await writeFile(join(root, 'small.txt'), Buffer.alloc(10));
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'huge.bin'), join(root, 'file-link'));
  const bytes = await new DiskUsage(root).bytes();
  assert.ok(bytes < 1000, `expected only the file and two link entries, got ${bytes}`);
});

test('a hard-linked file counts once', async (t) => {
  const root = await tempDir(t);
  await writeFile(join(root, 'a.bin'), Buffer.alloc(3000));
  await link(join(root, 'a.bin'), join(root, 'b.bin'));
  assert.equal(await new DiskUsage(root).bytes(), 3000);
});

test('a data directory that does not exist yet uses 0 bytes', async (t) => {
  const root = await tempDir(t);
  assert.equal(await new DiskUsage(join(root, 'missing')).bytes(), 0);
});

test('disk usage is cached for a while; fresh or invalidate measure again', async (t) => {
  const root = await tempDir(t);
  let now = 0;
  const usage = new DiskUsage(root, { cacheMs: 5000, now: () => now });
  await writeFile(join(root, 'a'), Buffer.alloc(100));
  assert.equal(await usage.bytes(), 100);
  await writeFile(join(root, 'b'), Buffer.alloc(50));
  now = 4000;
  assert.equal(await usage.bytes(), 100, 'still the cached measurement');
  assert.equal(await usage.bytes({ fresh: true }), 150);
  await writeFile(join(root, 'c'), Buffer.alloc(25));
  now = 10_000;
  assert.equal(await usage.bytes(), 175, 'the cache expired');
  await writeFile(join(root, 'd'), Buffer.alloc(25));
  usage.invalidate();
  assert.equal(await usage.bytes(), 200);
});
