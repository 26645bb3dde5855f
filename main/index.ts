import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Desktop, type DesktopOptions } from './desktop.ts';
import type { ElectronLike } from './electron-like.ts';
import { hardenAllWebContents } from './security.ts';
import { setupController, setupLocalAgent } from './setup-controller.ts';
import { setupIpc } from './setup-ipc.ts';
import { setupTray } from './setup-tray.ts';
import { setupShutdown } from './shutdown.ts';
import { setupSingleInstance } from './single-instance.ts';
import { createMainWindow } from './windows.ts';

/**
 * The Electron entry: the desktop app, step by step. Electron is passed in (tests pass a
 * stand-in); the real module is loaded only below, when this file is what Electron runs.
 */
export async function startDesktop(electron: ElectronLike, options: DesktopOptions): Promise<Desktop | null> {
  const desktop = new Desktop(electron, options);
  if (!setupSingleInstance(desktop)) return null;
  hardenAllWebContents(electron.app, () => desktop.origin(), electron.shell, desktop.log);
  await electron.app.whenReady();
  if (!(await setupController(desktop))) return null;
  await setupLocalAgent(desktop);
  setupIpc(desktop);
  setupTray(desktop);
  setupShutdown(desktop);
  await createMainWindow(desktop);
  return desktop;
}

export const NO_ELECTRON_MESSAGE = 'stellarstack: the desktop app needs the Electron runtime, which is not available here; `npm run serve` runs the same controller and local agent without a window';

/** Electron runs this file, or node was pointed at it; a test importing startDesktop is neither. */
function isEntry(): boolean {
  if (process.versions.electron !== undefined) return true;
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

async function runEntry(): Promise<void> {
  if (process.versions.electron === undefined) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exitCode = 1;
    return;
  }
  // A variable specifier: nothing but Electron's own runtime resolves this module for real.
  const specifier = 'electron';
  const loaded = (await import(specifier)) as { default?: ElectronLike } & ElectronLike;
  const electron = loaded.default ?? loaded;
  // The build puts the preload and a copy of main/assets beside the bundle of this file.
  const here = fileURLToPath(new URL('.', import.meta.url));
  try {
    await startDesktop(electron, { argv: process.argv, preloadPath: join(here, 'preload.cjs'), assetsDir: join(here, 'assets') });
  } catch (error) {
    console.error(`stellarstack: the desktop app failed to start: ${(error as Error).stack ?? String(error)}`);
    electron.app.exit(1);
  }
}

if (isEntry()) await runEntry();
