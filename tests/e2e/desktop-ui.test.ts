import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP_BRIDGE_NAME, IPC_CHANNELS } from '../../contracts/index.ts';
import { ensureUiBuilt, launchBrowser, openPage, saveScreenshot, type WatchedPage } from '../support/browser.ts';
import { PASSWORD, signUpAdmin } from '../support/controller.ts';
import type { PageDocument } from '../support/page-document.ts';
import { browserSkipReason } from '../support/requirements.ts';
import { runDesktop, type DesktopRun } from '../support/main/helpers.ts';

const skip = browserSkipReason();

/**
 * The desktop-only parts of the UI in real Chromium: the desktop app (its real main-process
 * handlers, behind the real IPC gateway, with an Electron stand-in) and its controller, and a
 * page whose `window.stellarDesktop` forwards each call to that gateway as the preload would.
 * A plain browser (a LAN teammate) sees no desktop section but does see why this machine runs
 * no game servers.
 */
describe('desktop settings and the local-agent banner in a real browser', { skip }, () => {
  let run: DesktopRun;
  let browser: Browser;
  let url: string;

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${url}/`);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }

  before(async () => {
    ensureUiBuilt();
    run = await runDesktop({ docker: { available: false, reason: 'connect ENOENT /var/run/docker.sock' } });
    url = run.desktop!.controller!.url;
    await signUpAdmin(url);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await run?.cleanup();
  });

  test('in the desktop window: the Desktop app section edits the settings through the bridge, and offers a restart', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const watched: WatchedPage = await openPage(context);
    const { page } = watched;
    const window = run.electron.windows[0]!;
    await page.exposeFunction('__stellarIpc', (channel: string, args: unknown[]) => {
      // The page is our origin's top frame, as in the real window.
      window.webContents.mainFrame.url = page.url();
      return run.electron.ipc.invoke(window.webContents, window.webContents.mainFrame, channel, ...args);
    });
    await page.addInitScript(({ name, channels }) => {
      const ipc = (window as unknown as { __stellarIpc: (channel: string, args: unknown[]) => Promise<unknown> }).__stellarIpc;
      const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
      for (const [method, channel] of Object.entries(channels)) api[method] = (...args) => ipc(channel, args.slice(0, 1));
      (window as unknown as Record<string, unknown>)[name] = api;
    }, { name: DESKTOP_BRIDGE_NAME, channels: IPC_CHANNELS });

    await signIn(page);
    const banner = page.getByTestId('local-agent-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Docker is not answering[\s\S]*ENOENT[\s\S]*apt-get install docker\.io/);
    assert.equal(await banner.getByRole('button', { name: 'Restart StellarStack' }).count(), 1);
    await saveScreenshot(page, 'desktop-dashboard-docker-missing');

    await page.goto(`${url}/settings#desktop`);
    const section = page.locator('#desktop');
    await section.getByRole('heading', { name: 'Desktop app' }).waitFor();
    await section.getByText(run.dataDir).waitFor();

    await section.getByText('Share the API and this UI with the local network').click();
    await section.getByText('Restart to apply.').waitFor();
    assert.equal(run.desktop!.settings!.get().exposeToLan, true, 'saved through the gateway');

    await section.getByLabel('Controller port').fill('99999');
    await section.getByRole('button', { name: 'Save port' }).click();
    await section.getByText('A port is a whole number from 1 to 65535').waitFor();
    await section.getByLabel('Controller port').fill('9555');
    await section.getByRole('button', { name: 'Save port' }).click();
    await page.getByText('Port saved: restart StellarStack to use it').waitFor();
    assert.equal(run.desktop!.settings!.get().port, 9555);
    await saveScreenshot(page, 'desktop-settings');

    await section.getByRole('button', { name: 'Reveal data folder' }).click();
    await page.waitForFunction(() => !(globalThis as unknown as PageDocument).document.querySelector('#desktop [aria-busy="true"]'));
    assert.deepEqual(run.electron.openedPaths.at(-1), run.dataDir);
    assert.deepEqual(watched.errors, []);
    await context.close();
  });

  test('in a plain browser (a teammate on the LAN): no Desktop app section, the Docker banner without a restart button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const watched = await openPage(context);
    const { page } = watched;
    await signIn(page);
    const banner = page.getByTestId('local-agent-banner');
    await banner.waitFor();
    assert.equal(await banner.getByRole('button').count(), 0);
    await page.goto(`${url}/settings`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.locator('#profile').waitFor();
    assert.equal(await page.locator('#desktop').count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Desktop app' }).count(), 0);
    assert.deepEqual(watched.errors, []);
    await context.close();
  });
});
