import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { DESKTOP_ENTRY, findElectron } from '../../scripts/desktop-runtime.mjs';
import { REPO_ROOT, api, tempDir } from '../support/controller.ts';
import { ensureUiBuilt } from '../support/browser.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The real desktop app in a real Electron, driven by playwright-core: the window shows the
 * controller's UI, the renderer has the bridge and no Node, foreign windows are refused, the
 * settings file is written, and quitting leaves the data on disk. Electron's binary is not on
 * CI machines (no package ships it), so without one the suite skips in one line; set
 * STELLAR_REQUIRE_ELECTRON=1 to make that a failure where a binary should be.
 */

function electronSkipReason(): string | false {
  const found = findElectron({ root: REPO_ROOT });
  let reason: string | null = 'reason' in found ? `no Electron binary (${found.reason})` : null;
  if (!reason && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) reason = 'no display for an Electron window (DISPLAY is not set)';
  if (!reason) return false;
  if (process.env.STELLAR_REQUIRE_ELECTRON === '1') throw new Error(`STELLAR_REQUIRE_ELECTRON=1 but ${reason}`);
  return `skipped: ${reason}`;
}

const skip = electronSkipReason();

describe('desktop app in Electron (e2e)', { skip }, () => {
  let electronApp: ElectronApplication;
  let page: Page;
  let dir: string;
  let url: string;
  let stdout = '';

  before(async () => {
    const found = findElectron({ root: REPO_ROOT });
    assert.ok('electron' in found);
    ensureUiBuilt();
    const built = spawnSync(process.execPath, ['scripts/build-app.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, `the app did not build:\n${built.stdout}\n${built.stderr}`);
    assert.ok(existsSync(join(REPO_ROOT, DESKTOP_ENTRY)));
    dir = await tempDir('electron');
    electronApp = await _electron.launch({
      executablePath: found.electron,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        `--user-data-dir=${join(dir, 'user-data')}`,
        join(REPO_ROOT, DESKTOP_ENTRY),
        '--port', '0', '--data', join(dir, 'data'), '--no-local-agent', '--log-level', 'silent',
      ],
      // No STELLAR_* from the developer's shell; ELECTRON_RUN_AS_NODE would make it plain node.
      env: Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => !entry[0].startsWith('STELLAR_') && entry[0] !== 'ELECTRON_RUN_AS_NODE' && entry[1] !== undefined)),
      timeout: 60_000,
    });
    electronApp.process().stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    page = await electronApp.firstWindow();
    url = await waitFor(() => /StellarStack controller ready at (http:\/\/\S+)/.exec(stdout)?.[1], { message: 'the ready line', timeoutMs: 30_000 });
  });
  after(async () => {
    await electronApp?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the window shows the controller\'s UI at the controller\'s URL', async () => {
    await page.waitForLoadState('domcontentloaded');
    assert.equal(new URL(page.url()).origin, url);
    await page.getByText('StellarStack').first().waitFor({ timeout: 15_000 });
    assert.equal((await api(url, '/users/me')).status, 401, 'the same controller answers the API');
  });

  test('the renderer has the bridge, and no Node, require or ipcRenderer', async () => {
    const globals = await page.evaluate(() => ({
      bridge: Object.keys((globalThis as unknown as { stellarDesktop?: object }).stellarDesktop ?? {}).sort(),
      require: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
      ipc: typeof (globalThis as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    }));
    assert.deepEqual(globals.bridge, ['appInfo', 'getSettings', 'notify', 'openExternal', 'restart', 'revealDataFolder', 'setSettings']);
    assert.deepEqual([globals.require, globals.process, globals.ipc], ['undefined', 'undefined', 'undefined']);
    const info = await page.evaluate(() => (globalThis as unknown as { stellarDesktop: { appInfo(): Promise<unknown> } }).stellarDesktop.appInfo());
    assert.equal((info as { ok: boolean }).ok, true, JSON.stringify(info));
    assert.equal((info as { data: { controllerUrl: string } }).data.controllerUrl, url);
  });

  test('window.open makes no window, and navigation elsewhere is refused', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('about:blank') === null);
    assert.equal(opened, true);
    assert.equal(electronApp.windows().length, 1);
    await page.evaluate(() => { (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.invalid/'; }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(new URL(page.url()).origin, url);
  });

  test('a setting saved through the bridge is in userData', async () => {
    const answer = await page.evaluate(() => (globalThis as unknown as { stellarDesktop: { setSettings(c: object): Promise<unknown> } }).stellarDesktop.setSettings({ startMinimized: true }));
    assert.equal((answer as { ok: boolean }).ok, true, JSON.stringify(answer));
    const saved = JSON.parse(await readFile(join(dir, 'user-data', 'desktop-settings.json'), 'utf8'));
    assert.equal(saved.settings.startMinimized, true);
  });
});
