import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { findDesktopRuntime } from '../../../scripts/desktop-runtime.mjs';
import { REPO_ROOT, api, tempDir } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * `npm start` (scripts/start.mjs): the desktop window when Electron, a display and the compiled
 * entry are there; otherwise one line saying why, then the same controller headless with the
 * same flags and environment. Where the Electron binary comes from is decided the way the
 * electron package itself decides it (path.txt, ELECTRON_OVERRIDE_DIST_PATH), or STELLAR_ELECTRON.
 */

const DISPLAY = { DISPLAY: ':0' };

async function file(path: string, text = '', mode = 0o644): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  await chmod(path, mode);
  return path;
}

describe('where the desktop runtime comes from', () => {
  let root: string;
  before(async () => {
    root = await tempDir('runtime');
    await file(join(root, 'package.json'), '{"name":"fake","type":"module"}');
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function electronPackage(withBinary: boolean): Promise<void> {
    await rm(join(root, 'node_modules'), { recursive: true, force: true });
    const dir = join(root, 'node_modules', 'electron');
    await file(join(dir, 'package.json'), '{"name":"electron","version":"41.7.1","main":"index.js"}');
    await file(join(dir, 'index.js'));
    if (withBinary) {
      await file(join(dir, 'path.txt'), 'electron');
      await file(join(dir, 'dist', 'electron'), '', 0o755);
    }
  }

  test('no electron package: says so', async () => {
    await rm(join(root, 'node_modules'), { recursive: true, force: true });
    const found = findDesktopRuntime({ root, env: DISPLAY, platform: 'linux' });
    assert.deepEqual(found, { reason: 'the electron package is not installed (npm ci installs it with the dev dependencies)' });
  });

  test('the package without its binary (npm ci skips the download): says how to get it', async () => {
    await electronPackage(false);
    const found = findDesktopRuntime({ root, env: DISPLAY, platform: 'linux' });
    assert.ok('reason' in found);
    assert.match(found.reason, /binary was not downloaded/);
    assert.match(found.reason, /npm run electron:download/);
    assert.match(found.reason, /STELLAR_ELECTRON/);
  });

  test('binary, display and compiled entry present: Electron runs dist/app/main/index.js', async () => {
    await electronPackage(true);
    const entry = await file(join(root, 'dist', 'app', 'main', 'index.js'));
    assert.deepEqual(findDesktopRuntime({ root, env: DISPLAY, platform: 'linux' }), { electron: join(root, 'node_modules', 'electron', 'dist', 'electron'), entry });
    assert.deepEqual(findDesktopRuntime({ root, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' }), { electron: join(root, 'node_modules', 'electron', 'dist', 'electron'), entry });
  });

  test('no display on Linux: says so; other platforms need none', async () => {
    await electronPackage(true);
    await file(join(root, 'dist', 'app', 'main', 'index.js'));
    assert.deepEqual(findDesktopRuntime({ root, env: {}, platform: 'linux' }), { reason: 'no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)' });
    assert.ok('electron' in findDesktopRuntime({ root, env: {}, platform: 'darwin' }));
  });

  test('the compiled entry missing: names what to do', async () => {
    await electronPackage(true);
    await rm(join(root, 'dist'), { recursive: true, force: true });
    assert.deepEqual(findDesktopRuntime({ root, env: DISPLAY, platform: 'linux' }), { reason: 'this checkout has no desktop shell yet (main/index.ts)' });
    await file(join(root, 'main', 'index.ts'));
    assert.deepEqual(findDesktopRuntime({ root, env: DISPLAY, platform: 'linux' }), { reason: 'dist/app/main/index.js is not built (run `npm run build`)' });
    await rm(join(root, 'main'), { recursive: true, force: true });
  });

  test('STELLAR_ELECTRON names the binary, with or without the package', async () => {
    await rm(join(root, 'node_modules'), { recursive: true, force: true });
    const entry = await file(join(root, 'dist', 'app', 'main', 'index.js'));
    const binary = await file(join(root, 'elsewhere', 'electron'), '', 0o755);
    assert.deepEqual(findDesktopRuntime({ root, env: { ...DISPLAY, STELLAR_ELECTRON: binary }, platform: 'linux' }), { electron: binary, entry });
    assert.deepEqual(findDesktopRuntime({ root, env: { ...DISPLAY, STELLAR_ELECTRON: join(root, 'nope') }, platform: 'linux' }), { reason: `STELLAR_ELECTRON is ${join(root, 'nope')}, which is not a file` });
  });

  test('ELECTRON_OVERRIDE_DIST_PATH is honoured as by the electron package', async () => {
    await electronPackage(false);
    const entry = await file(join(root, 'dist', 'app', 'main', 'index.js'));
    const override = join(root, 'override');
    assert.match((findDesktopRuntime({ root, env: { ...DISPLAY, ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'linux' }) as { reason: string }).reason, /ELECTRON_OVERRIDE_DIST_PATH has no Electron binary/);
    const binary = await file(join(override, 'electron'), '', 0o755);
    assert.deepEqual(findDesktopRuntime({ root, env: { ...DISPLAY, ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'linux' }), { electron: binary, entry });
  });
});

describe('running Electron', { skip: process.platform === 'win32' && 'the stand-in Electron is a shell script' }, () => {
  let dir: string;
  let driver: string;
  before(async () => {
    dir = await tempDir('electron-run');
    driver = await file(join(dir, 'launcher.mjs'), `import { runElectron } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'scripts', 'desktop-runtime.mjs')).href)};
process.exitCode = await runElectron({ electron: ${JSON.stringify(join(dir, 'electron'))}, entry: '/app/dist/app/main/index.js', args: process.argv.slice(2) });
`);
    // Records its arguments, a variable and ELECTRON_RUN_AS_NODE, then waits for a signal and
    // records each one it gets; exits with the code in STAND_IN_EXIT when it is told to stop.
    await file(join(dir, 'electron'), `#!/bin/sh
log="$STAND_IN_LOG"
echo "args: $*" > "$log"
echo "port: $STELLAR_PORT run-as-node: \${ELECTRON_RUN_AS_NODE:-unset}" >> "$log"
trap 'echo "signal: INT" >> "$log"; sleep 0.3; exit "\${STAND_IN_EXIT:-0}"' INT
trap 'echo "signal: TERM" >> "$log"; exit "\${STAND_IN_EXIT:-0}"' TERM
echo ready >> "$log"
while :; do sleep 0.05; done
`, 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** A launcher process that runs only runElectron, as start.mjs does once it found a runtime. */
  function launch(log: string, env: Record<string, string>) {
    return spawn(process.execPath, [driver, '--port', '0', '--data', '/tmp/x y'], {
      env: { ...process.env, STAND_IN_LOG: log, STELLAR_PORT: '8421', ELECTRON_RUN_AS_NODE: '1', ...env },
      stdio: 'ignore',
      detached: true,
    });
  }

  test('gets the entry and the arguments, the environment less ELECTRON_RUN_AS_NODE, and one SIGINT per Ctrl-C', async () => {
    const log = join(dir, 'ctrl-c.log');
    const child = launch(log, { STAND_IN_EXIT: '0' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(async () => existsSync(log) && (await readFile(log, 'utf8')).includes('ready'), { message: 'the stand-in to start' });
    // A terminal's Ctrl-C signals the launcher's whole process group.
    process.kill(-child.pid!, 'SIGINT');
    assert.equal(await exited, 0);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    assert.deepEqual(lines, ['args: /app/dist/app/main/index.js --port 0 --data /tmp/x y', 'port: 8421 run-as-node: unset', 'ready', 'signal: INT']);
  });

  test('Chromium switches go before the entry, the app\'s arguments after it', async () => {
    const log = join(dir, 'switches.log');
    const switched = await file(join(dir, 'switched.mjs'), `import { runElectron } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'scripts', 'desktop-runtime.mjs')).href)};
process.exitCode = await runElectron({ electron: ${JSON.stringify(join(dir, 'electron'))}, entry: '/e.js', args: ['--port', '0'], switches: ['--no-sandbox'] });
`);
    const child = spawn(process.execPath, [switched], { env: { ...process.env, STAND_IN_LOG: log }, stdio: 'ignore' });
    await waitFor(async () => existsSync(log) && (await readFile(log, 'utf8')).includes('ready'), { message: 'the stand-in to start' });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    assert.match(await readFile(log, 'utf8'), /^args: --no-sandbox \/e\.js --port 0\n/);
  });

  test('SIGTERM to the launcher reaches Electron, and its exit code is the launcher\'s', async () => {
    const log = join(dir, 'term.log');
    const child = launch(log, { STAND_IN_EXIT: '3' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(async () => existsSync(log) && (await readFile(log, 'utf8')).includes('ready'), { message: 'the stand-in to start' });
    child.kill('SIGTERM');
    assert.equal(await exited, 3);
    assert.match(await readFile(log, 'utf8'), /signal: TERM\n$/);
  });
});

describe('npm start with a desktop runtime', { skip: process.platform === 'win32' && 'the stand-in Electron is a shell script' }, () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('start-desktop');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('runs Electron on dist/app/main/index.js with the same arguments, and leaves with its exit code', async () => {
    const log = join(dir, 'electron.log');
    const standIn = await file(join(dir, 'electron'), `#!/bin/sh\necho "$*" > "${log}"\nexit 7\n`, 0o755);
    const child = spawn('npm', ['start', '--silent', '--', '--port', '0', '--no-local-agent'], {
      cwd: REPO_ROOT,
      env: { ...process.env, STELLAR_ELECTRON: standIn, DISPLAY: ':0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 7, out);
    const root = process.platform === 'linux' && process.getuid?.() === 0;
    assert.equal((await readFile(log, 'utf8')).trim(), `${root ? '--no-sandbox ' : ''}${join(REPO_ROOT, 'dist', 'app', 'main', 'index.js')} --port 0 --no-local-agent`);
    assert.doesNotMatch(out, /desktop runtime is not available/);
  });
});

describe('npm start without a desktop runtime', () => {
  let data: string;
  before(async () => {
    data = await tempDir('start-headless');
  });
  after(() => rm(data, { recursive: true, force: true }));

  test('one line says why, then the headless controller with the same flags and environment serves the UI; Ctrl-C stops it cleanly', async () => {
    const child = spawn('npm', ['start', '--silent', '--', '--port', '0', '--no-local-agent'], {
      cwd: REPO_ROOT,
      // STELLAR_ELECTRON at nothing: no window here even where Electron is installed.
      env: { ...process.env, STELLAR_ELECTRON: join(data, 'no-electron'), STELLAR_DATA_DIR: data, DISPLAY: ':0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const url = await waitFor(() => /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], { timeoutMs: 60_000, message: `the ready line (output: ${out})` });
      const lines = out.split('\n');
      const notes = lines.filter((l) => l.includes('desktop runtime is not available'));
      assert.equal(notes.length, 1, out);
      assert.equal(notes[0], `StellarStack: the desktop runtime is not available (STELLAR_ELECTRON is ${join(data, 'no-electron')}, which is not a file), so the same controller and admin UI run headless: open the URL printed below in a browser.`);
      assert.ok(lines.indexOf(notes[0]!) < lines.findIndex((l) => l.includes('ready at')), 'the note comes before the URL');
      assert.match(out, new RegExp(`ready at ${url} \\(data: ${data}\\)`), 'STELLAR_DATA_DIR reached the controller');
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<div id="root">/);
      assert.equal((await api(url, '/auth/session')).status, 401);
    } finally {
      // A terminal's Ctrl-C: SIGINT to npm and the launcher alike (npm itself dies of it).
      process.kill(-child.pid!, 'SIGINT');
      await exited;
    }
    await waitFor(() => !existsSync(join(data, 'stellarstack.lock')), { message: 'the data lock to be released (a clean shutdown)' });
    assert.doesNotMatch(out, /exiting without waiting|shutdown failed/);
  });
});
