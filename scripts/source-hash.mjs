// The staleness test shared by the build scripts (build-renderer.mjs, build-app.mjs): one
// sha256 over the paths and contents of a set of source files and folders, compared with the
// hash a build wrote next to its output. Cheaper than a build by far, and unlike modification
// times it survives a fresh clone, a checkout and a copy.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * One digest over every file under `sources` (files or folders), in a fixed order. Folders
 * named node_modules and the paths in `skip` (absolute) are left out. Paths enter the digest
 * relative to `root`, so two checkouts of the same tree agree.
 */
export async function sourceHash(root, sources, { skip = [] } = {}) {
  const skipped = new Set(skip);
  const digest = createHash('sha256');
  const files = (await Promise.all(sources.map((path) => listFiles(path, skipped)))).flat().sort();
  for (const file of files) {
    digest.update(relative(root, file).split(sep).join('/'));
    digest.update('\0');
    digest.update(await readFile(file));
    digest.update('\0');
  }
  return digest.digest('hex');
}

/** The hash a previous build recorded, or '' when there is none. */
export async function readBuildHash(hashFile) {
  return (await readFile(hashFile, 'utf8').catch(() => '')).trim();
}

export async function writeBuildHash(hashFile, hash) {
  await writeFile(hashFile, `${hash}\n`);
}

async function listFiles(path, skipped) {
  if (skipped.has(path)) return [];
  const entries = await readdir(path, { withFileTypes: true }).catch((error) => {
    if (error.code === 'ENOTDIR') return null;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries === null) return [path];
  const nested = await Promise.all(entries.map((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(child, skipped);
    return entry.isFile() ? [child] : [];
  }));
  return nested.flat();
}
