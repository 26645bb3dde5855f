// Builds the admin UI (renderer/ -> renderer/dist) with Vite, but only when the build is
// missing or stale, so `npm ci`, `npm start` and `npm run serve` can all run it and only the
// first after a change pays for a build. `--force` always builds (`npm run build`).
//
// Stale means: the sha256 of the renderer's sources (every file under renderer/ except dist/
// and node_modules/, the shared contracts/ the UI imports, and package-lock.json) differs from
// the one written to renderer/dist/.build-hash after the last successful build.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildHash, sourceHash, writeBuildHash } from './source-hash.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const rendererDir = join(root, 'renderer');
const distDir = join(rendererDir, 'dist');
const hashFile = join(distDir, '.build-hash');
const configFile = join(rendererDir, 'vite.config.ts');
const SOURCES = [rendererDir, join(root, 'contracts'), join(root, 'package-lock.json')];

async function main() {
  const force = process.argv.includes('--force');
  const hash = await sourceHash(root, SOURCES, { skip: [distDir] });
  const built = existsSync(join(distDir, 'index.html'));
  if (!force && built && (await readBuildHash(hashFile)) === hash) {
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
  await writeBuildHash(hashFile, hash);
  console.log(`renderer: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = await main();
