import { AppError, type AppInfo, type DesktopSettingsState } from '../contracts/index.ts';
import type { Desktop } from './desktop.ts';
import { IpcGateway } from './ipc.ts';
import { isLoopback, lanUrls } from './lan-urls.ts';
import { setStartAtLogin } from './login-item.ts';
import { Notifier } from './notifications.ts';
import { applyLocalAgentSetting } from './setup-controller.ts';
import { showMainWindow } from './windows.ts';

/** What the window may ask of the main process: one handler per message of contracts/ipc.ts, all behind the gateway. */
export function setupIpc(desktop: Desktop): IpcGateway {
  const { app, shell, ipcMain, Notification } = desktop.electron;
  const gateway = new IpcGateway(ipcMain, { window: () => desktop.mainWindow, origin: () => desktop.origin() }, desktop.log);
  desktop.gateway = gateway;
  desktop.notifier ??= new Notifier(Notification, () => void showMainWindow(desktop), 60_000, Date.now, desktop.asset('icon.png'));
  const notifier = desktop.notifier;

  gateway.handle('getSettings', () => settingsState(desktop));

  gateway.handle('setSettings', async (changes) => {
    const store = need(desktop.settings, 'settings');
    const before = store.get();
    const after = await store.update(changes);
    if (after.startAtLogin !== before.startAtLogin || (after.startAtLogin && after.startMinimized !== before.startMinimized)) {
      await setStartAtLogin(app, after.startAtLogin, { hidden: after.startMinimized, platform: desktop.options.platform ?? process.platform, autostartDir: desktop.options.autostartDir });
    }
    if (after.localAgent !== before.localAgent) await applyLocalAgentSetting(desktop, after.localAgent);
    return settingsState(desktop);
  });

  gateway.handle('notify', ({ title, body }) => ({ shown: notifier.show(title, body) }));

  gateway.handle('openExternal', async ({ url }) => {
    await shell.openExternal(url);
    return { opened: true };
  });

  gateway.handle('revealDataFolder', async () => {
    const path = need(desktop.launch, 'controller').config.dataDir;
    const failed = await shell.openPath(path);
    if (failed) throw new AppError('INTERNAL_ERROR', `Could not open ${path}: ${failed}`, { path });
    return { path };
  });

  gateway.handle('appInfo', () => appInfo(desktop));

  gateway.handle('restart', () => {
    desktop.restarting = true;
    app.relaunch();
    // Answer first: the window goes away with the app.
    setTimeout(() => app.quit(), 100).unref();
    return { restarting: true };
  });

  return gateway;
}

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new AppError('SHUTTING_DOWN', `The desktop app has no ${what} right now`);
  return value;
}

function listening(desktop: Desktop): { host: string; port: number } {
  const launch = need(desktop.launch, 'controller');
  const url = new URL(need(desktop.controller, 'controller').url);
  return { host: launch.config.host, port: Number(url.port) };
}

/** Saved settings, and whether this run already follows them (port and LAN take a restart). */
export function settingsState(desktop: Desktop): DesktopSettingsState {
  const settings = need(desktop.settings, 'settings').get();
  const { overrides } = need(desktop.launch, 'controller');
  const { host, port } = listening(desktop);
  const overridden = (setting: string) => overrides.some((o) => o.setting === setting);
  const restartRequired = (!overridden('port') && settings.port !== port) || (!overridden('exposeToLan') && settings.exposeToLan === isLoopback(host));
  return { settings, restartRequired, overrides };
}

export function appInfo(desktop: Desktop): AppInfo {
  const { host, port } = listening(desktop);
  const exposed = !isLoopback(host);
  return {
    version: desktop.electron.app.getVersion(),
    electron: process.versions.electron ?? null,
    platform: desktop.options.platform ?? process.platform,
    dataDir: need(desktop.launch, 'controller').config.dataDir,
    controllerUrl: need(desktop.windowUrl(), 'controller'),
    exposed,
    lanUrls: exposed ? lanUrls(host, port, desktop.options.interfaces?.()) : [],
    localAgent: need(desktop.controller, 'controller').app.localAgentStatus.get(),
  };
}
