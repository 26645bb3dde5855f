// Compiles the app's TypeScript into plain JavaScript in dist/app/, so that `npm start`, `npm run
// serve`, `npm run agent` and the packaged desktop app run compiled code, not TypeScript through
// a loader. Like build-renderer.mjs it builds only when dist/app/ is missing or stale, so `npm ci`,
// `npm start`, `npm run serve` and `npm run agent` can all run it; `--force` always builds.
//
// One esbuild bundle per entry point; the app's own modules (main/, controller/, agent/,
// contracts/) are bundled in, packages in node_modules stay external (they are loaded from
// node_modules at run time: fastify, dockerode, @node-rs/argon2 with its native binary, ...):
//   main/index.ts    -> dist/app/main/index.js     Electron main process (ESM), once main/index.ts exists
//   main/preload.ts  -> dist/app/main/preload.cjs  sandboxed preload: one CommonJS file, requires only electron
//   main/headless.ts -> dist/app/main/headless.js  `npm run serve`, and `npm start` without Electron
//   agent/cli.ts     -> dist/app/agent/cli.js      `npm run agent`, the agent's systemd unit
// dist/ because it is ignored already by git, ESLint and TypeScript; electron-builder writes its
// installers beside it, to dist/desktop/.
//
// import.meta.url: modules in main/ are written for the bundle's place (dist/app/main/, where the
// preload and a copy of main/assets/ sit beside them) and keep it. In every other module it is rewritten to that module's
// own source location (controller/config.ts finds the UI at `../renderer/dist` from
// controller/), so the compiled app resolves paths exactly as the TypeScript sources do.
//
// Stale means: the sha256 of main/, controller/, agent/, contracts/, package.json,
// package-lock.json, tsconfig.json and this script differs from dist/app/.build-hash.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildHash, sourceHash, writeBuildHash } from './source-hash.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = join(root, 'dist', 'app');
const hashFile = join(OUT_DIR, '.build-hash');
const ASSETS = join(root, 'main', 'assets');
const SOURCES = ['main', 'controller', 'agent', 'contracts', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-app.mjs']
  .map((path) => join(root, path));

/** The entry points. `optional` ones are built when their source exists (the desktop shell's). */
export const ENTRIES = [
  { source: 'main/index.ts', output: 'main/index.js', format: 'esm', optional: true },
  { source: 'main/preload.ts', output: 'main/preload.cjs', format: 'cjs', optional: true, preload: true },
  { source: 'main/headless.ts', output: 'main/headless.js', format: 'esm' },
  { source: 'agent/cli.ts', output: 'agent/cli.js', format: 'esm' },
];

/** What a sandboxed preload may require (Electron's sandbox gives it no other module). */
const PRELOAD_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);

async function main() {
  const force = process.argv.includes('--force');
  const hash = await sourceHash(root, SOURCES);
  const missing = ENTRIES.filter((e) => !e.optional || existsSync(join(root, e.source)))
    .filter((e) => !existsSync(join(OUT_DIR, e.output)));
  if (!force && missing.length === 0 && (await readBuildHash(hashFile)) === hash) {
    console.log('app: up to date');
    return 0;
  }

  const esbuild = await import('esbuild').catch((error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  });
  if (!esbuild) {
    // A production install (npm ci --omit=dev) has no esbuild: it runs the build it shipped with.
    const built = ENTRIES.every((e) => e.optional || existsSync(join(OUT_DIR, e.output)));
    if (built && !force) {
      console.log('app: esbuild is not installed (an install without dev dependencies); using the existing build in dist/app/');
      return 0;
    }
    console.error(built
      ? 'app: cannot rebuild: esbuild is not installed. Run `npm install` (with dev dependencies) first.'
      : 'app: the app is not built and cannot be: esbuild is not installed and dist/app/ is incomplete. Run `npm install` (with dev dependencies), then `npm run build`.');
    return 1;
  }

  const started = Date.now();
  const entries = ENTRIES.filter((e) => !e.optional || existsSync(join(root, e.source)));
  const allowed = await runtimePackages();
  // Built aside, then swapped in: a process running the old build (a test, `npm run serve`)
  // never sees a half-written dist/app/.
  const staging = join(dirname(OUT_DIR), `.app-build-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const results = await Promise.all(entries.map((entry) => esbuild.build(options(entry, staging))));
    const problems = entries.flatMap((entry, i) => externalProblems(entry, staging, results[i].metafile, allowed));
    if (problems.length > 0) {
      console.error(`app: the build imports what the app will not have at run time:\n${problems.map((p) => `  ${p}`).join('\n')}`);
      return 1;
    }
    // Files the desktop shell loads from beside its own modules (icons, ...): the bundle stands
    // where main/ stands, so they go beside it.
    if (existsSync(ASSETS)) await cp(ASSETS, join(staging, 'main', 'assets'), { recursive: true });
    await writeBuildHash(join(staging, '.build-hash'), hash);
    await rm(OUT_DIR, { recursive: true, force: true });
    // A concurrent build of the same sources may have swapped its own in first: that one will do.
    await rename(staging, OUT_DIR).catch((error) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } catch (error) {
    // esbuild has already printed each error with its file and line.
    console.error(`app: the build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return 1;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const skipped = ENTRIES.filter((e) => !entries.includes(e)).map((e) => e.source);
  console.log(`app: built ${entries.map((e) => `dist/app/${e.output}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`
    + (skipped.length > 0 ? ` (not yet in the tree: ${skipped.join(', ')})` : ''));
  return 0;
}

/** @returns {import('esbuild').BuildOptions} */
function options(entry, dir) {
  const outfile = join(dir, entry.output);
  return {
    absWorkingDir: root,
    entryPoints: [join(root, entry.source)],
    outfile,
    bundle: true,
    platform: 'node',
    // The same code runs on the machine's node (serve, agent) and in Electron's newer one.
    target: 'node20',
    format: entry.format,
    packages: 'external',
    external: ['electron'],
    // Readable output: stack traces name real functions, and each module is marked by its path.
    minify: false,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'error',
    metafile: true,
    plugins: [sourceLocatedImportMeta(join(OUT_DIR, entry.output))],
  };
}

/** See the header: non-main modules see their own source location as import.meta.url (from `outfile`, the bundle's final place). */
function sourceLocatedImportMeta(outfile) {
  return {
    name: 'source-located-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        const path = relative(root, args.path);
        if (path.startsWith(`main${sep}`) || path.startsWith(`node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta')) return undefined;
        if (/import\.meta\.(dirname|filename)\b/.test(text)) {
          return { errors: [{ text: `${path}: use new URL(…, import.meta.url) instead of import.meta.dirname/filename (the build rewrites only import.meta.url)` }] };
        }
        const fromBundle = relative(dirname(outfile), args.path).split(sep).join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
          loader: args.path.endsWith('x') ? 'tsx' : 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** Packages the packaged app ships: production dependencies (electron-builder adds only those). */
async function runtimePackages() {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  return new Set(Object.keys(pkg.dependencies ?? {}));
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every external import must be a Node builtin, Electron, or a production dependency. */
function externalProblems(entry, dir, metafile, allowed) {
  const output = metafile.outputs[relative(root, join(dir, entry.output)).split(sep).join('/')];
  const externals = new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path));
  const problems = [];
  for (const specifier of externals) {
    if (entry.preload) {
      if (!PRELOAD_MODULES.has(specifier)) problems.push(`${entry.source} requires "${specifier}": a sandboxed preload may require only ${[...PRELOAD_MODULES].filter((m) => !m.startsWith('node:')).join(', ')}`);
      continue;
    }
    if (specifier === 'electron' || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const name = packageName(specifier);
    if (!allowed.has(name)) problems.push(`${entry.source} imports "${specifier}", which is not in package.json "dependencies" (the packaged app ships only those)`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
