// Builds the admin UI (renderer/ -> renderer/dist) with Vite, but only when the build is
// missing or stale, so `npm ci`, `npm start` and `npm run serve` can all run it and only the
// first after a change pays for a build. `--force` always builds (`npm run build`).
//
// Stale means: the sha256 of the renderer's sources (every file under renderer/ except dist/
// and node_modules/, the shared contracts/ the UI imports, and package-lock.json) differs from
// the one written to renderer/dist/.build-hash after the last successful build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const rendererDir = join(root, 'renderer');
const distDir = join(rendererDir, 'dist');
const hashFile = join(distDir, '.build-hash');
const configFile = join(rendererDir, 'vite.config.ts');
const SOURCES = [rendererDir, join(root, 'contracts'), join(root, 'package-lock.json')];
const SKIPPED = new Set([distDir]);

async function main() {
  const force = process.argv.includes('--force');
  const hash = await sourceHash();
  const built = existsSync(join(distDir, 'index.html'));
  if (!force && built && (await readFile(hashFile, 'utf8').catch(() => '')).trim() === hash) {
    console.log('renderer: up to date');
    return 0;
  }

  const vite = await import('vite').catch((error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  });
  if (!vite) {
    // A production install (npm ci --omit=dev) has no Vite: it runs the build it shipped with.
    if (built && !force) {
      console.log('renderer: vite is not installed (an install without dev dependencies); using the existing build in renderer/dist');
      return 0;
    }
    console.error(built
      ? 'renderer: cannot rebuild the admin UI: vite is not installed. Run `npm install` (with dev dependencies) first.'
      : 'renderer: the admin UI is not built and cannot be: vite is not installed and renderer/dist is missing. Run `npm install` (with dev dependencies), then `npm run build`.');
    return 1;
  }
  if (!existsSync(configFile)) {
    console.error(`renderer: cannot build the admin UI: ${relative(root, configFile)} does not exist.`);
    return 1;
  }

  const started = Date.now();
  try {
    // Vite's own progress lines would bury the one line this prints; warnings and errors still show.
    await vite.build({ configFile, logLevel: 'warn' });
  } catch (error) {
    console.error(`renderer: the build failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  await writeFile(hashFile, `${hash}\n`);
  console.log(`renderer: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** One digest over every source file's path and contents, in a fixed order. */
async function sourceHash() {
  const digest = createHash('sha256');
  const files = (await Promise.all(SOURCES.map(listFiles))).flat().sort();
  for (const file of files) {
    digest.update(relative(root, file).split(sep).join('/'));
    digest.update('\0');
    digest.update(await readFile(file));
    digest.update('\0');
  }
  return digest.digest('hex');
}

async function listFiles(path) {
  if (SKIPPED.has(path)) return [];
  const entries = await readdir(path, { withFileTypes: true }).catch((error) => {
    if (error.code === 'ENOTDIR') return null;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries === null) return [path];
  const nested = await Promise.all(entries.map((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(child);
    return entry.isFile() ? [child] : [];
  }));
  return nested.flat();
}

process.exitCode = await main();
