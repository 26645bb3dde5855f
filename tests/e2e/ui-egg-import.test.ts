import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt, launchBrowser, openPage, saveScreenshot, type WatchedPage } from '../support/browser.ts';
import { PASSWORD, signUpAdmin, startTestApp, type TestApp } from '../support/controller.ts';
import { PAPER_LIKE_PTDL_V2 } from '../support/eggs.ts';
import { browserSkipReason } from '../support/requirements.ts';

/**
 * Importing an egg in the admin UI, in real Chromium against a real controller: drop the file,
 * read the dry run's warnings, save, import it again as a replacement through the file
 * picker, see a malformed egg's fields, and export the blueprint as an egg file. Screenshots
 * of the preview at laptop and desktop widths in both themes go to test-artifacts/.
 */

const skip = browserSkipReason();

async function dropFile(page: Page, name: string, text: string): Promise<void> {
  // Built in the page, where DataTransfer and File exist (this file compiles without DOM types).
  const dataTransfer = await page.evaluateHandle(
    `(() => { const transfer = new DataTransfer(); transfer.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}, { type: 'application/json' })); return transfer; })()`,
  );
  await page.dispatchEvent('[data-testid=egg-drop]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid=egg-drop]', 'drop', { dataTransfer });
}

describe('egg import in the admin UI, in a real browser', { skip }, () => {
  let app: TestApp;
  let browser: Browser;
  let admin: WatchedPage;

  before(async () => {
    ensureUiBuilt();
    app = await startTestApp();
    await signUpAdmin(app.url);
    browser = await launchBrowser();
    admin = await openPage(await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true }));
    const { page } = admin;
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('drop an egg: the preview shows the blueprint and its warnings; saving opens it', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/blueprints`);
    await page.getByRole('button', { name: 'Import egg' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an egg' });
    await dialog.getByText('Drop an egg here').waitFor();
    await saveScreenshot(page, 'egg-import-drop-1366-dark');
    await dropFile(page, 'paperlike.json', JSON.stringify(PAPER_LIKE_PTDL_V2));
    await dialog.getByRole('heading', { name: /^\d+ warnings?$/ }).waitFor();
    assert.ok(await dialog.getByText('paperlike-java', { exact: true }).isVisible());
    assert.ok(await dialog.locator('.egg-warnings code', { hasText: 'features' }).isVisible());
    for (const width of [1366, 1920]) {
      await page.setViewportSize({ width, height: width === 1366 ? 900 : 1080 });
      for (const theme of ['dark', 'light']) {
        await page.evaluate((name) => { (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = name; }, theme);
        await saveScreenshot(page, `egg-import-preview-${width}-${theme}`);
      }
    }
    await page.evaluate(() => { (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = 'dark'; });
    await page.setViewportSize({ width: 1366, height: 900 });
    await dialog.getByRole('button', { name: 'Import blueprint' }).click();
    const detail = page.getByRole('dialog', { name: 'Paperlike (Java)' });
    await detail.getByText('Imported from a PTDL_v2 egg').waitFor();
    assert.ok(await detail.getByText('Config files, set before every start').isVisible());
    await saveScreenshot(page, 'egg-imported-detail-1366-dark');
  });

  test('export downloads the blueprint as an egg file', async () => {
    const { page } = admin;
    const detail = page.getByRole('dialog', { name: 'Paperlike (Java)' });
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Export egg' }).click()]);
    assert.equal(download.suggestedFilename(), 'egg-paperlike-java.json');
    const egg = JSON.parse(await readFile(await download.path(), 'utf8')) as { meta: { version: string }; name: string };
    assert.equal(egg.meta.version, 'PLCN_v3');
    assert.equal(egg.name, 'Paperlike (Java)');
    await page.keyboard.press('Escape');
  });

  test('the same egg again through the file picker is offered as a replacement', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Import egg' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an egg' });
    const changed = { ...PAPER_LIKE_PTDL_V2, uuid: undefined, description: 'changed' };
    // An egg without a uuid is a new blueprint each time; one with a uuid is recognised.
    const withUuid = { ...changed, uuid: '11111111-2222-4333-8444-555555555555' };
    await dialog.getByLabel('Egg file').setInputFiles({ name: 'first.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(withUuid)) });
    await dialog.getByRole('button', { name: 'Import blueprint' }).click();
    await page.getByRole('dialog', { name: 'Paperlike (Java)' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import egg' }).click();
    const again = page.getByRole('dialog', { name: 'Import an egg' });
    await again.getByLabel('Egg file').setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...withUuid, description: 'changed twice' })) });
    await again.getByText(/imported before as paperlike-java-2/).waitFor();
    await again.getByRole('button', { name: 'Preview the replacement' }).click();
    await again.getByRole('button', { name: 'Replace paperlike-java-2' }).click();
    await page.getByRole('dialog', { name: 'Paperlike (Java)' }).getByText('changed twice').waitFor();
    await page.keyboard.press('Escape');
  });

  test('a malformed egg lists the fields the API named; a file that is not JSON is explained', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Import egg' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import an egg' });
    await dropFile(page, 'broken.json', JSON.stringify({ ...PAPER_LIKE_PTDL_V2, meta: { version: 'PTDL_v9' } }));
    await dialog.getByText('meta.version').waitFor();
    await saveScreenshot(page, 'egg-import-refused-1366-dark');
    await dialog.getByRole('button', { name: 'Choose another file' }).click();
    await dropFile(page, 'notes.txt', 'not json at all');
    await dialog.getByText(/notes\.txt is not JSON/).waitFor();
    assert.deepEqual(admin.errors, []);
  });
});
