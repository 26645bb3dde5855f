import type { Desktop } from './desktop.ts';
import { Notifier } from './notifications.ts';
import { ServerWatch } from './server-watch.ts';
import { DesktopTray } from './tray.ts';
import { showMainWindow } from './windows.ts';

/** A node flapping on a bad link notifies once in this long. */
const NODE_OFFLINE_WINDOW_MS = 5 * 60_000;

/**
 * The tray icon with the running count and a menu, and native notifications when a server
 * crashes or a node goes offline. Some Linux desktops have no tray: the app then runs without
 * one, and closing the window quits.
 */
export function setupTray(desktop: Desktop): DesktopTray | null {
  const controller = desktop.controller;
  if (!controller) throw new Error('setupTray() needs the controller: call setupController() first');
  const { electron } = desktop;
  const show = (path?: string) => showMainWindow(desktop, path).catch((error: unknown) => desktop.log(`could not show the window: ${(error as Error).message}`));
  desktop.notifier ??= new Notifier(electron.Notification, () => void show(), 60_000, Date.now, desktop.asset('icon.png'));
  const notifier = desktop.notifier;
  const watch = new ServerWatch(controller.app);
  desktop.watch = watch;

  watch.on('crashed', (server) => {
    notifier.notify({ key: `crashed:${server.id}`, title: `${server.name} crashed`, body: 'Open StellarStack to see its console and start it again.' });
  });
  const offlineNotifier = new Notifier(electron.Notification, () => void show('/nodes'), NODE_OFFLINE_WINDOW_MS, Date.now, desktop.asset('icon.png'));
  watch.on('nodeOffline', (node) => {
    if (desktop.quitting) return;
    offlineNotifier.notify({ key: `offline:${node.id}`, title: `Node ${node.name} went offline`, body: 'Its agent lost the connection. Its game servers keep running; StellarStack reconnects when the agent is back.' });
  });

  const trayIcon = (desktop.options.platform ?? process.platform) === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  try {
    desktop.tray = new DesktopTray(electron, desktop.asset(trayIcon), watch, {
      open: () => void show(),
      openServer: (serverId) => void show(`/servers/${encodeURIComponent(serverId)}`),
      power: (serverId, action) => {
        watch.power(serverId, action).catch((error: unknown) => {
          const name = controller.app.servers.findById(serverId)?.name ?? serverId;
          notifier.show(`Could not ${action} ${name}`, (error as Error).message);
        });
      },
      quit: () => electron.app.quit(),
    });
  } catch (error) {
    desktop.log(`no tray icon on this desktop (${(error as Error).message}); closing the window quits`);
    desktop.tray = null;
  }
  return desktop.tray;
}
