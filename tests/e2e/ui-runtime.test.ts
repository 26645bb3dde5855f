import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { api, freePort, PASSWORD } from '../support/controller.ts';
import { ensureUiBuilt, launchBrowser, openPage, saveScreenshot, type WatchedPage } from '../support/browser.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage, ensureOpenttdImage } from '../support/images.ts';
import { browserSkipReason, dockerSkipReason } from '../support/requirements.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Issue 11 in the admin UI, in real Chromium against a real controller, agent and Docker: a
 * server whose EULA is not accepted offers to accept it and start, an install shows its live
 * progress and can be cancelled, and a real OpenTTD server's players show in the table and
 * on its page. Each state is captured at 1366 and 1920 wide, dark and light.
 */

const skip = (await dockerSkipReason()) || browserSkipReason();

const EULA_BLUEPRINT = {
  id: 'eula-game',
  name: 'EULA game (test)',
  category: 'test',
  images: { local: BUSYBOX_IMAGE },
  startup: 'echo ready; while true; do sleep 1; done',
  stop: { type: 'signal', value: 'SIGTERM' },
  done: [],
  defaults: { memory: 64, cpu: 50, disk: 64 },
  variables: [{ env: 'EULA', name: 'Accept the EULA', default: 'false', rules: { required: true, options: ['true', 'false'] } }],
  eula: { variable: 'EULA', url: 'https://example.com/eula' },
};
const SLOW_INSTALL = {
  ...EULA_BLUEPRINT,
  id: 'slow-install-ui',
  name: 'Slow install (test)',
  variables: [],
  eula: null,
  install: { image: BUSYBOX_IMAGE, entrypoint: 'sh', script: 'for i in $(seq 1 120); do echo "Downloading game files: part $i of 120"; sleep 1; done', timeoutSeconds: 300 },
};
const OPENTTD_PLAYERS = { ...OPENTTD_BLUEPRINT, id: 'openttd-players-ui', name: 'OpenTTD', query: { type: 'openttd', port: 'game' } };

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The same view at both widths in both themes: `<name>-<width>-<theme>.png`. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme) {
      await page.getByRole('button', { name: `Switch to the ${theme} theme` }).click();
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      await saveScreenshot(page, `${name}-${size.width}-${theme}`);
    }
  }
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await page.setViewportSize(SIZES[0]);
}

describe('issue 11 in the admin UI', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;

  before(async () => {
    ensureUiBuilt();
    await Promise.all([ensureBusyboxImage(docker), ensureOpenttdImage(docker)]);
    stack = await Stack.start({ label: 'e2e-ui-runtime', blueprints: [EULA_BLUEPRINT, SLOW_INSTALL, OPENTTD_PLAYERS] });
    browser = await launchBrowser();
    watched = await openPage(await browser.newContext({ viewport: SIZES[0] }));
    page = watched.page;
    await page.goto(`${stack.url}/`);
    await page.getByLabel('Email').fill(stack.admin.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('a server whose EULA is not accepted: the page says so and "Accept EULA and start" starts it', async () => {
    const server = await stack.createServer({ name: 'Licensed game', blueprintId: EULA_BLUEPRINT.id, memory: 64, cpu: 50, disk: 64 });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    await page.goto(`${stack.url}/servers/${server.id}`);
    await page.getByText('This game’s EULA is not accepted yet.').waitFor();
    await shoot(page, 'server-eula');
    await page.getByRole('button', { name: 'Accept EULA and start…' }).click();
    await page.getByRole('link', { name: 'https://example.com/eula' }).waitFor();
    await page.getByRole('button', { name: 'Accept and start' }).click();
    await waitFor(async () => (await page.locator('header [data-status]').first().getAttribute('data-status')) === 'running', { timeoutMs: 20_000, message: 'running in the header' });
    assert.equal((await stack.getServer(server.id)).variables.EULA, 'true');
    assert.equal(await page.getByText('This game’s EULA is not accepted yet.').count(), 0, 'the banner is gone');
    await stack.power(server.id, 'kill');
  });

  test('an install shows its live progress on the server page, and Cancel install stops it', async () => {
    const server = await stack.createServer({ name: 'Big download', blueprintId: SLOW_INSTALL.id, memory: 64, cpu: 50, disk: 64 });
    await page.goto(`${stack.url}/servers/${server.id}`);
    await page.getByText(/Downloading game files: part \d+ of 120/).first().waitFor({ timeout: 30_000 });
    const banner = page.locator('.install-progress');
    const first = await banner.innerText();
    await waitFor(async () => (await banner.innerText()) !== first, { timeoutMs: 10_000, message: 'the progress line moves on' });
    await shoot(page, 'server-installing');
    await page.getByRole('button', { name: 'Cancel install' }).click();
    await page.getByText('The installation failed.').waitFor({ timeout: 15_000 });
    assert.match((await stack.getServer(server.id)).statusReason, /cancelled/);
  });

  test("a real OpenTTD server's players show in the server table and on its page", async () => {
    const server = await stack.createServer({
      name: 'OpenTTD with players',
      blueprintId: OPENTTD_PLAYERS.id,
      memory: 512,
      cpu: 100,
      disk: 1024,
      ports: [{ port: await freePort(), protocol: 'tcp' }],
    });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    const counted = await waitFor(async () => (await stack.getServer(server.id)).resources?.players ?? false, { timeoutMs: 40_000, message: 'players counted' });
    await page.goto(`${stack.url}/servers`);
    const row = page.getByRole('row').filter({ hasText: 'OpenTTD with players' });
    await row.getByText(`${counted.online}/${counted.max}`).waitFor({ timeout: 10_000 });
    await shoot(page, 'servers-players');
    await page.goto(`${stack.url}/servers/${server.id}`);
    await page.getByText(`${counted.online} of ${counted.max}`).waitFor({ timeout: 10_000 });
    await shoot(page, 'server-players');
    const res = await api(stack.url, `/servers/${server.id}/stop`, { token: stack.admin.token, method: 'POST' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(watched.errors, [], 'no uncaught errors in the page');
  });
});
