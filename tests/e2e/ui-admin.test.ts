import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { api, createUser, freePort, PASSWORD, signIn, spawnController, tempDir, type Account, type Json, type SpawnedController } from '../support/controller.ts';
import { ensureUiBuilt, launchBrowser, openPage, saveScreenshot, type WatchedPage } from '../support/browser.ts';
import { docker, ECHO_BLUEPRINT, LABEL_SERVER } from '../support/game-stack.ts';
import { ensureBusyboxImage } from '../support/images.ts';
import { browserSkipReason, dockerSkipReason } from '../support/requirements.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The admin UI as a person uses it: real Chromium against the real controller process (what
 * `npm start` runs) with its embedded local agent on the real Docker engine, and the seed's
 * default rate limits, so a UI that polled would trip them. From a fresh install to a running
 * server with a live console and back, then a teammate's view of the same install.
 */

const skip = (await dockerSkipReason()) || browserSkipReason();

const ADMIN = { name: 'Ada Admin', email: 'ada@example.com' };

/** What the terminal shows, as text (xterm renders rows as DOM in the default renderer). */
function terminalText(page: Page): Promise<string> {
  return page.locator('.xterm-rows').innerText().catch(() => '');
}

async function waitForTerminal(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => (await terminalText(page)).includes(text), { timeoutMs, message: `"${text}" in the console` });
}

/** The state badge in the server page's header. */
function headerStatus(page: Page) {
  return page.locator('header [data-status]').first();
}

describe('the admin UI in a real browser, against a real controller, agent and Docker', { skip }, () => {
  let controller: SpawnedController;
  let dataDir: string;
  let browser: Browser;
  let admin: WatchedPage;
  let adminAccount: Account;
  const serverIds = new Set<string>();

  before(async () => {
    ensureUiBuilt();
    await ensureBusyboxImage(docker);
    dataDir = await tempDir('ui-e2e');
    const consolePort = await freePort();
    controller = await spawnController(['--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--console-port', String(consolePort), '--heartbeat-interval', '2'], { STELLAR_LOCAL_AGENT: '1' });
    await waitFor(() => /Local agent on/.test(controller.stdout()) || (/Local agent off: (.*)/.exec(controller.stdout())?.[0] ?? false), { timeoutMs: 20_000, message: 'the local agent' })
      .then((line) => assert.equal(line, true, `the local agent did not start: ${String(line)}`));
    browser = await launchBrowser();
    admin = await openPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  });

  after(async () => {
    // Game containers outlive the controller on purpose; the test's own must not.
    if (adminAccount) {
      for (const id of serverIds) await api(controller.url, `/servers/${id}`, { token: adminAccount.token, method: 'DELETE' }).catch(() => {});
    }
    for (const id of serverIds) {
      for (const info of await docker.listContainers({ all: true, filters: { label: [`${LABEL_SERVER}=${id}`] } })) {
        await docker.getContainer(info.Id).remove({ force: true }).catch(() => {});
      }
    }
    await browser?.close();
    await controller?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('first run: the set-up screen creates the admin and opens the dashboard', async () => {
    const { page } = admin;
    await page.goto(`${controller.url}/`);
    await page.getByRole('heading', { name: /set up StellarStack/ }).waitFor();
    await saveScreenshot(page, 'setup');
    await page.getByLabel('Name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill('not the same');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByText('The two passwords differ').waitFor();
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // The local node arrives through the event stream, with no reload.
    await page.getByText('this machine').waitFor();
    await page.locator('[data-stream="live"]').waitFor();
    await saveScreenshot(page, 'dashboard');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Nodes' }).click();
    await page.getByRole('heading', { name: 'Nodes', level: 1 }).waitFor();
    await saveScreenshot(page, 'nodes');
    adminAccount = await signIn(controller.url, ADMIN.email);
    const me = await api(controller.url, '/users/me', { token: adminAccount.token });
    assert.equal(me.body.data.role, 'admin', 'the set-up screen made an admin');
  });

  test('a blueprint from the JSON editor: the API\'s 422 lands on its field, then it saves', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Blueprints' }).click();
    await page.getByRole('button', { name: 'New blueprint' }).click();
    const editor = page.getByLabel('Blueprint JSON');
    const broken = { ...ECHO_BLUEPRINT, description: 'Answers every console line', defaults: { ...ECHO_BLUEPRINT.defaults, memory: 1 } };
    await editor.fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.getByText('defaults.memory').waitFor();
    await saveScreenshot(page, 'blueprint-editor-422');
    await editor.fill(JSON.stringify({ ...broken, defaults: ECHO_BLUEPRINT.defaults }, null, 2));
    await page.getByRole('button', { name: 'Save' }).click();
    // Saved: the editor gives way to the blueprint's own page, and the catalogue has its card.
    const detail = page.getByRole('dialog', { name: 'Echo (test)' });
    await detail.waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Echo (test)' }).waitFor();
  });

  let serverUrl = '';

  test('create a server from a locally built image, start it, talk to its console, stop it', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Servers' }).click();
    await page.getByRole('link', { name: 'New server' }).click();
    await page.getByRole('group', { name: 'Games' }).getByRole('button', { name: 'Echo (test)' }).click();
    const form = page.getByRole('form', { name: /New Echo \(test\) server/ });
    await form.getByLabel('Name', { exact: true }).fill('Browser Echo');
    await form.getByLabel('Memory (MiB)').fill('8');
    await form.getByRole('button', { name: 'Create server' }).click();
    await form.getByText('Must be at least 16').waitFor();
    await saveScreenshot(page, 'create-server-errors');
    await form.getByLabel('Memory (MiB)').fill('64');
    await form.getByRole('button', { name: 'Create server' }).click();
    await page.waitForURL(/\/servers\/srv_/);
    serverUrl = page.url();
    serverIds.add(serverUrl.split('/').pop()!);
    await page.getByRole('heading', { name: 'Browser Echo' }).waitFor();
    await waitFor(async () => (await headerStatus(page).getAttribute('data-status')) === 'stopped', { timeoutMs: 30_000, message: 'installed and stopped' });

    await page.getByRole('group', { name: 'Power' }).getByRole('button', { name: 'Start', exact: true }).click();
    await waitForTerminal(page, 'echo-ready');
    await waitFor(async () => (await headerStatus(page).getAttribute('data-status')) === 'running', { message: 'running' });

    const command = page.getByLabel('Console command');
    await command.fill('hello from the browser');
    await command.press('Enter');
    await waitForTerminal(page, 'got: hello from the browser');
    assert.equal(await command.inputValue(), '', 'the command line clears once sent');
    await command.press('ArrowUp');
    assert.equal(await command.inputValue(), 'hello from the browser', 'Up brings the last command back');
    await saveScreenshot(page, 'server-console');

    await page.getByRole('group', { name: 'Power' }).getByRole('button', { name: 'Stop', exact: true }).click();
    await waitFor(async () => (await headerStatus(page).getAttribute('data-status')) === 'stopped', { timeoutMs: 20_000, message: 'stopped' });
  });

  test('a teammate sees only their own server and no admin screens; their dashboard follows state changes live', async () => {
    const uma = await createUser(controller.url, adminAccount.token, { name: 'Uma User', email: 'uma@example.com' });
    const servers = (await api(controller.url, '/servers', { token: adminAccount.token })).body.data as Json[];
    const ours = servers[0];
    const node = ours.nodeId as string;
    const hers = await api(controller.url, '/servers', {
      token: adminAccount.token,
      body: { name: 'Uma Echo', nodeId: node, blueprintId: ECHO_BLUEPRINT.id, memory: 64, cpu: 50, disk: 64, ownerId: uma.id },
    });
    assert.equal(hers.status, 201, hers.text);
    serverIds.add(hers.body.data.id);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const teammate = await openPage(context);
    const page = teammate.page;
    await page.goto(`${controller.url}/`);
    await page.getByLabel('Email').fill('uma@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: 'Uma Echo' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Browser Echo' }).count(), 0, "the admin's server is not shown");
    const rail = page.getByRole('navigation', { name: 'Main' });
    assert.equal(await rail.getByRole('link', { name: 'Nodes' }).count(), 0);
    assert.equal(await rail.getByRole('link', { name: 'Users' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'New server' }).count(), 0);

    // A change made elsewhere shows without a reload: the row's badge follows the server.
    await page.evaluate(() => { (globalThis as unknown as { marker: number }).marker = 1; });
    const row = page.getByRole('row').filter({ hasText: 'Uma Echo' });
    await waitFor(async () => (await row.locator('[data-status]').getAttribute('data-status')) === 'stopped', { timeoutMs: 30_000, message: 'Uma Echo installed' });
    const started = await api(controller.url, `/servers/${hers.body.data.id}/start`, { token: adminAccount.token, method: 'POST' });
    assert.equal(started.status, 200, started.text);
    await waitFor(async () => (await row.locator('[data-status]').getAttribute('data-status')) === 'running', { timeoutMs: 20_000, message: 'the row shows running' });
    assert.equal(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 1, 'the page was not reloaded');
    await saveScreenshot(page, 'teammate-dashboard');

    // Admin screens and other people's servers are closed to her, by URL too.
    await page.goto(`${controller.url}/nodes`);
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    await page.goto(serverUrl);
    await page.getByText(/not found/i).first().waitFor();
    assert.deepEqual(teammate.errors, [], 'no uncaught errors in the teammate\'s page');
    await context.close();
  });

  test('delete asks for the server\'s name, then the server is gone from every list', async () => {
    const { page } = admin;
    await page.goto(serverUrl);
    await page.getByRole('tab', { name: /Danger zone|Settings/ }).last().click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete server' });
    assert.equal(await confirm.isDisabled(), true, 'disabled until the name is typed');
    await dialog.getByLabel(/Type Browser Echo to confirm/).fill('Browser Echo');
    await confirm.click();
    await page.waitForURL(/\/servers$/);
    const id = serverUrl.split('/').pop()!;
    serverIds.delete(id);
    assert.equal(await page.getByRole('link', { name: 'Browser Echo' }).count(), 0);
    const gone = await api(controller.url, `/servers/${id}`, { token: adminAccount.token });
    assert.equal(gone.status, 404);
    assert.equal((await docker.listContainers({ all: true, filters: { label: [`${LABEL_SERVER}=${id}`] } })).length, 0, 'its container is gone');
    assert.deepEqual(admin.errors, [], 'no uncaught errors in the admin\'s page');
  });
});
