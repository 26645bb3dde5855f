import type { Desktop } from './desktop.ts';
import { showMainWindow } from './windows.ts';

/**
 * One StellarStack at a time: two would fight over the port, the data file and the tray. A
 * second launch hands over to the first (which comes to the front) and quits. Returns whether
 * this is the instance that goes on.
 */
export function setupSingleInstance(desktop: Desktop): boolean {
  const { app } = desktop.electron;
  if (!app.requestSingleInstanceLock()) {
    desktop.say('StellarStack is already running: showing its window.');
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    showMainWindow(desktop).catch((error: unknown) => desktop.log(`could not show the window: ${(error as Error).message}`));
  });
  return true;
}
