import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.ts';
import { REPO_ROOT } from './controller.ts';

/**
 * Real headless Chromium (Debian's package) for tests of the admin UI. Every page a test opens
 * records uncaught errors, so a test can assert the UI never threw behind its back.
 */

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Uncaught exceptions and console errors other than failed requests the test caused on purpose. */
  errors: string[];
}

export async function openPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // A refused request shows as a console error in Chromium; the API's answers are asserted elsewhere.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return { page, errors };
}

/** Saves a screenshot under test-artifacts/screenshots (ignored by git) for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Builds the admin UI when its sources changed since the last build (what `npm start` does). */
export function ensureUiBuilt(): void {
  const result = spawnSync(process.execPath, ['scripts/build-renderer.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the admin UI did not build:\n${result.stdout}\n${result.stderr}`);
}
