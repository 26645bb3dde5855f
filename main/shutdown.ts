import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Desktop } from './desktop.ts';
import { showMainWindow } from './windows.ts';

export const QUIT_NOTICE_MARKER = 'quit-notice-shown';

/**
 * Quitting: the window's place is saved, the local agent disconnects, the controller finishes
 * what is in flight and every acknowledged write is on disk, then the app exits. Game servers
 * are containers and keep running; the first time that matters, the app says so once.
 */
export function setupShutdown(desktop: Desktop): void {
  const { app } = desktop.electron;
  let finished = false;
  let running = false;
  app.on('before-quit', (event) => {
    if (finished) return;
    event.preventDefault();
    if (running) return;
    running = true;
    void (async () => {
      if (!(await quitNotice(desktop))) {
        running = false;
        return;
      }
      desktop.quitting = true;
      await stopEverything(desktop);
      finished = true;
      app.exit(0);
    })().catch((error: unknown) => {
      desktop.log(`shutdown failed: ${(error as Error).message}`);
      app.exit(1);
    });
  });
  // With a tray the app stays when its window closes; without one, closing the window quits.
  app.on('window-all-closed', () => {
    if (desktop.tray === null) app.quit();
  });
  app.on('activate', () => void showMainWindow(desktop).catch(() => {}));
}

/** Servers on this machine that are up now, which the user might think Quit stops. */
function localServersUp(desktop: Desktop): number {
  const app = desktop.controller?.app;
  const nodeId = desktop.localAgent?.status.nodeId;
  if (!app || !nodeId || !desktop.localAgent?.agent) return 0;
  return app.servers.onNode(nodeId).filter((s) => s.status === 'running' || s.status === 'starting').length;
}

/** Answers whether to go on quitting. */
async function quitNotice(desktop: Desktop): Promise<boolean> {
  const up = localServersUp(desktop);
  const marker = join(desktop.userData, QUIT_NOTICE_MARKER);
  if (up === 0 || desktop.restarting || existsSync(marker)) return true;
  try {
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  } catch (error) {
    desktop.log(`could not remember the quit notice: ${(error as Error).message}`);
  }
  const { response } = await desktop.electron.dialog.showMessageBox({
    type: 'info',
    title: 'StellarStack',
    message: up === 1 ? 'Your game server keeps running' : `Your ${up} game servers keep running`,
    detail: 'Game servers run in Docker, not inside StellarStack, so quitting the app does not stop them and players stay connected. '
      + 'When StellarStack starts again it picks them up as they are. To stop a server, stop it before you quit.\n\nThis message is shown once.',
    buttons: ['Quit', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
  });
  return response === 0;
}

export async function stopEverything(desktop: Desktop): Promise<void> {
  const window = desktop.mainWindow;
  if (window && !window.isDestroyed()) await desktop.windowState.saveNow(window);
  desktop.watch?.dispose();
  desktop.tray?.destroy();
  desktop.gateway?.dispose();
  await desktop.localAgent?.agent?.close();
  await desktop.controller?.close();
}
