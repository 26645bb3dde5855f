import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { api, PASSWORD, type Json } from '../support/controller.ts';
import { ensureUiBuilt, launchBrowser, openPage, saveScreenshot, type WatchedPage } from '../support/browser.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { ensureOpenttdImage } from '../support/images.ts';
import { browserSkipReason, dockerSkipReason } from '../support/requirements.ts';

/**
 * Ports and networking in the admin UI, in real Chromium against a real controller and agent
 * on real Docker: the node's bind address, ranges, ports in use and the networks its Docker
 * offers; the node form's Networking group saying what the settings expose; a server's ports
 * on its page and in its settings, where a held port is refused under the field; the create
 * form's word on automatic ports. Screenshots at 1366 and 1920 wide, light and dark.
 */

const skip = (await dockerSkipReason()) || browserSkipReason();

const LAYOUTS = [
  { width: 1366, height: 900, theme: 'light' },
  { width: 1920, height: 1080, theme: 'dark' },
  { width: 1366, height: 900, theme: 'dark' },
  { width: 1920, height: 1080, theme: 'light' },
] as const;

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

describe('ports and networking in the admin UI', { skip }, () => {
  let stack: Stack;
  let browser: Browser;
  let first: Json;
  let second: Json;

  before(async () => {
    ensureUiBuilt();
    await ensureOpenttdImage(docker);
    stack = await Stack.start({ label: 'ui-ports', blueprints: [OPENTTD_BLUEPRINT] });
    // Two servers with automatic ports: OpenTTD's 3979 lands in the default ranges.
    first = await stack.createServer({ name: 'Transport One', blueprintId: OPENTTD_BLUEPRINT.id, memory: 256, cpu: 50, disk: 256 });
    second = await stack.createServer({ name: 'Transport Two', blueprintId: OPENTTD_BLUEPRINT.id, memory: 256, cpu: 50, disk: 256 });
    for (const server of [first, second]) await stack.waitForStatus(server.id, 'stopped', 30_000);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function pageAt(layout: (typeof LAYOUTS)[number]): Promise<WatchedPage> {
    const context = await browser.newContext({ viewport: { width: layout.width, height: layout.height } });
    await context.addInitScript((theme) => globalThis.localStorage.setItem('stellarstack.theme', theme), layout.theme);
    const watched = await openPage(context);
    await signIn(watched.page, stack.url, stack.admin.email);
    return watched;
  }

  test('automatic ports are distinct and in the ranges', () => {
    assert.deepEqual(first.ports, [{ port: 25565, protocol: 'tcp' }]);
    assert.deepEqual(second.ports, [{ port: 25566, protocol: 'tcp' }]);
  });

  for (const layout of LAYOUTS) {
    const tag = `${layout.width}-${layout.theme}`;

    test(`nodes, node form, server ports and create form at ${tag}`, async () => {
      const { page, errors } = await pageAt(layout);
      try {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nodes' }).click();
        const row = page.locator(`tr[data-node-id="${stack.node.id}"]`);
        await row.getByText('ranges 25565-25665, 27015-27115').waitFor();
        await row.getByText(/2 ports in use/).waitFor();
        await row.getByText(/^networks: /).waitFor();
        await saveScreenshot(page, `ports-nodes-${tag}`);

        await row.getByRole('button', { name: `Edit ${stack.node.name}` }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('Networking', { exact: true }).waitFor();
        await dialog.getByText(/Games listen directly on every interface of the node/).waitFor();
        await dialog.getByLabel('Bind address').fill('127.0.0.1');
        await dialog.getByText(/Games are told to listen on 127\.0\.0\.1/).waitFor();
        await dialog.getByLabel('Port ranges').fill('30000-29000');
        await dialog.getByRole('button', { name: 'Save changes' }).click();
        await dialog.getByText('30000-29000 ends before it starts').waitFor();
        await saveScreenshot(page, `ports-node-form-${tag}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();

        await page.goto(`${stack.url}/servers/${first.id}?tab=settings`);
        await page.locator('.server-ports').getByText('25565/tcp game').waitFor();
        const ports = page.getByLabel('Ports');
        assert.equal(await ports.inputValue(), '25565/tcp');
        await ports.fill('25566/tcp');
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.getByText(/Port 25566\/tcp on node .* is already used by server "Transport Two"/).waitFor();
        await saveScreenshot(page, `ports-server-settings-${tag}`);

        await page.goto(`${stack.url}/servers/new?blueprint=${OPENTTD_BLUEPRINT.id}`);
        await page.getByText(/Empty: 3979\/tcp \(game\), placed from .* free ranges 25565-25665, 27015-27115/).waitFor();
        await saveScreenshot(page, `ports-create-${tag}`);
        assert.deepEqual(errors, []);
      } finally {
        await page.context().close();
      }
    });
  }

  test('nothing the UI did changed the records behind its back', async () => {
    const res = await api(stack.url, `/servers/${first.id}`, { token: stack.admin.token });
    assert.deepEqual(res.body.data.ports, [{ port: 25565, protocol: 'tcp' }]);
    const node = (await api(stack.url, `/nodes/${stack.node.id}`, { token: stack.admin.token })).body.data;
    assert.equal(node.bindAddress, '0.0.0.0');
  });
});
