import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as Asar from '@electron/asar';
import { REPO_ROOT, api, tempDir } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * The desktop package, as close to a real one as builds offline: electron-builder's `dir` target
 * from electron-builder.yml itself, with a stand-in Electron (electronDist + electronVersion: the
 * real binary cannot be downloaded here, and AppImage/deb/nsis/dmg download their tools). What
 * lands in resources/app.asar is what every installer wraps; the checks read its listing, then
 * boot the packaged tree's headless entry under node to prove its node_modules are complete.
 */

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as typeof Asar;

const DESKTOP_SHELL = existsSync(join(REPO_ROOT, 'main', 'index.ts'));
const HAS_PRELOAD = existsSync(join(REPO_ROOT, 'main', 'preload.ts'));
/** Dev-only packages named by hand: the heavy ones whose presence would mean the file set is wrong. */
const DEV_ONLY = ['vite', 'react', 'react-dom', 'typescript', 'playwright-core', 'electron', 'electron-builder', 'tsx', 'esbuild', 'eslint', '@electron/asar', '@xterm/xterm', 'zustand'];

function build(script: string): void {
  const result = spawnSync(process.execPath, [`scripts/${script}`], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `${script} failed:\n${result.stdout}\n${result.stderr}`);
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took over ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Names of the packages a node_modules path holds: node_modules/a/node_modules/@b/c -> [a, @b/c]. */
function packageAt(path: string): string | null {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(path);
  return match?.[1] ?? null;
}

describe('the desktop package (electron-builder --linux dir with a stand-in Electron)', { skip: process.platform !== 'linux' && 'packages for Linux, whose native binaries npm installs only on Linux' }, () => {
  let work: string;
  let unpacked: string;
  let archive: string;
  let files: string[];
  let appFiles: string[];

  before(async () => {
    build('build-renderer.mjs');
    build('build-app.mjs');
    work = await tempDir('package');
    const electronDist = join(work, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron: $*"\n');
    await chmod(join(electronDist, 'electron'), 0o755);
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    const args = [
      join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux', 'dir', '--x64', '--publish', 'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${join(work, 'out')}`,
    ];
    // Until the desktop shell (main/index.ts) is in the tree, the package starts the headless
    // entry: electron-builder refuses an archive without its "main".
    if (!DESKTOP_SHELL) args.push('-c.extraMetadata.main=dist/app/main/headless.js');
    const result = await run(process.execPath, args, 120_000);
    assert.equal(result.code, 0, `electron-builder failed:\n${result.output}`);
    unpacked = join(work, 'out', 'linux-unpacked');
    archive = join(unpacked, 'resources', 'app.asar');
    files = asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/^[/\\]/, '').split('\\').join('/'));
    appFiles = files.filter((p) => p !== 'node_modules' && !p.startsWith('node_modules/'));
  });
  after(() => rm(work, { recursive: true, force: true }));

  test('the app is the compiled JavaScript, the UI build and package.json, nothing else', () => {
    for (const file of ['package.json', 'dist/app/main/headless.js', 'dist/app/agent/cli.js', 'renderer/dist/index.html', 'renderer/dist/favicon.svg']) {
      assert.ok(files.includes(file), `${file} is in app.asar`);
    }
    if (DESKTOP_SHELL) assert.ok(files.includes('dist/app/main/index.js'), 'the Electron entry is in app.asar');
    if (HAS_PRELOAD) assert.ok(files.includes('dist/app/main/preload.cjs'), 'the preload is in app.asar');
    // The desktop shell loads its icons from beside its bundle.
    const assets = existsSync(join(REPO_ROOT, 'main', 'assets')) ? readdirSync(join(REPO_ROOT, 'main', 'assets')) : [];
    for (const asset of assets) assert.ok(files.includes(`dist/app/main/assets/${asset}`), `main/assets/${asset} is in app.asar beside the bundle`);
    assert.ok(appFiles.some((p) => /^renderer\/dist\/assets\/index-[\w-]+\.js$/.test(p)), 'the UI bundle is in app.asar');
    const outside = appFiles.filter((p) => !/^(package\.json|dist\/app(\/.*)?|dist|renderer|renderer\/dist(\/.*)?)$/.test(p));
    assert.deepEqual(outside, [], 'nothing but dist/app/, renderer/dist/ and package.json');
    assert.deepEqual(appFiles.filter((p) => /\.(ts|tsx|mts|cts)$/.test(p)), [], 'no TypeScript');
    assert.deepEqual(appFiles.filter((p) => /(^|\/)\.build-hash$/.test(p)), [], 'no build hashes');
    for (const dir of ['tests', 'scripts', 'bench', 'controller', 'agent', 'contracts', 'main', 'packaging']) {
      assert.ok(!files.some((p) => p === dir || p.startsWith(`${dir}/`)), `no ${dir}/ sources`);
    }
    assert.ok(!files.some((p) => /^renderer\/(?!dist(\/|$))/.test(p)), 'no renderer sources');
  });

  test('the bundles carry the controller, agent and contracts code (only packages stay outside)', async () => {
    const headless = asar.extractFile(archive, 'dist/app/main/headless.js').toString('utf8');
    for (const module of ['controller/app.ts', 'controller/config.ts', 'agent/index.ts', 'contracts/errors.ts']) {
      assert.ok(headless.includes(`// ${module}\n`), `dist/app/main/headless.js bundles ${module}`);
    }
    const agent = asar.extractFile(archive, 'dist/app/agent/cli.js').toString('utf8');
    for (const module of ['agent/cli.ts', 'agent/index.ts', 'contracts/errors.ts']) {
      assert.ok(agent.includes(`// ${module}\n`), `dist/app/agent/cli.js bundles ${module}`);
    }
    if (HAS_PRELOAD) {
      const preload = asar.extractFile(archive, 'dist/app/main/preload.cjs').toString('utf8');
      const required = [...preload.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(required)].filter((m) => m !== 'electron'), [], 'the sandboxed preload requires only electron');
    }
  });

  test('package.json starts the compiled entry', () => {
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; type: string; devDependencies?: unknown };
    assert.equal(pkg.main, DESKTOP_SHELL ? 'dist/app/main/index.js' : 'dist/app/main/headless.js');
    assert.equal(pkg.type, 'module', 'the .js bundles are ES modules');
    assert.ok(files.includes(pkg.main));
    assert.ok(existsSync(join(unpacked, 'stellarstack')), 'the executable is named stellarstack');
  });

  test('node_modules: every production dependency, no development one', async () => {
    const present = new Set(files.map(packageAt).filter((name): name is string => name !== null));
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(pkg.dependencies)) assert.ok(present.has(name), `${name} is packaged`);
    for (const name of ['fastify', 'dockerode', '@node-rs/argon2', 'lowdb', 'ws', 'zod']) assert.ok(present.has(name), `${name} is packaged`);

    // A package the lockfile marks dev-only under every path it has is not needed at run time.
    const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const devOnly = new Set<string>(DEV_ONLY);
    const needed = new Set<string>();
    for (const [path, entry] of Object.entries(lock.packages)) {
      const name = packageAt(`${path}/package.json`);
      if (name === null) continue;
      if (entry.dev || entry.devOptional) devOnly.add(name);
      else needed.add(name);
    }
    const packagedDevOnly = [...present].filter((name) => devOnly.has(name) && !needed.has(name));
    assert.deepEqual(packagedDevOnly, [], 'no dev-only package in app.asar');
  });

  test("@node-rs/argon2's native binary is unpacked beside the archive", () => {
    const binaries = files.filter((p) => p.startsWith('node_modules/@node-rs/') && p.endsWith('.node'));
    assert.ok(binaries.length > 0, 'argon2 ships a .node binary');
    for (const binary of binaries) {
      assert.ok(asar.statFile(archive, binary).unpacked, `${binary} is marked unpacked`);
      assert.ok(existsSync(join(unpacked, 'resources', 'app.asar.unpacked', binary)), `${binary} is in app.asar.unpacked`);
    }
  });

  test('the packaged tree runs: its headless entry serves the UI and signs up an admin (argon2)', async () => {
    const tree = join(work, 'extracted');
    asar.extractAll(archive, tree);
    const data = join(work, 'data');
    const child = spawn(process.execPath, [join(tree, 'dist', 'app', 'main', 'headless.js'), '--port', '0', '--data', data, '--no-local-agent'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(() => /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], { timeoutMs: 15_000, message: `the ready line (output so far: ${output})` });
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">|<script type="module"/, 'the admin UI from the packaged renderer/dist');
      const signup = await api(url, '/auth/signup', { method: 'POST', body: { email: 'admin@example.com', password: 'a long passphrase', name: 'Admin' } });
      assert.equal(signup.status, 201, JSON.stringify(signup.body));
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, `a clean shutdown:\n${output}`);
    }
  });
});
