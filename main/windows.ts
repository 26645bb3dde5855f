import { UI_CONTENT_SECURITY_POLICY } from '../controller/index.ts';
import type { Desktop } from './desktop.ts';
import type { BrowserWindowLike } from './electron-like.ts';
import { denyPermissions, enforceContentSecurityPolicy, hardenWebContents, secureWebPreferences } from './security.ts';
import { MIN_WINDOW_SIZE, initialWindowBounds } from './window-state.ts';

const sessionsSecured = new WeakSet<object>();

/**
 * The one window: the controller's admin UI at its own URL, with the preload's bridge and the
 * security rules of security.ts. It opens where it was last (when that is still on a screen),
 * hides to the tray when closed, and stays hidden at start when the user asked for that.
 */
export async function createMainWindow(desktop: Desktop): Promise<BrowserWindowLike> {
  const { electron } = desktop;
  const url = desktop.windowUrl();
  if (url === null) throw new Error('createMainWindow() needs the controller: call setupController() first');
  const session = electron.session.defaultSession;
  if (!sessionsSecured.has(session)) {
    sessionsSecured.add(session);
    enforceContentSecurityPolicy(session, () => desktop.origin(), UI_CONTENT_SECURITY_POLICY);
    denyPermissions(session, () => desktop.origin());
  }

  const placement = initialWindowBounds(desktop.userData, electron.screen.getAllDisplays());
  const window = new electron.BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'StellarStack',
    backgroundColor: '#0e1014',
    icon: desktop.asset('icon.png'),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(desktop.options.preloadPath),
  });
  desktop.mainWindow = window;
  hardenWebContents(window.webContents, url, electron.shell, desktop.log);
  desktop.windowState.track(window);

  const startHidden = (desktop.settings?.get().startMinimized ?? false) && desktop.tray !== null;
  window.once('ready-to-show', () => {
    if (startHidden) return;
    if (placement.maximized) window.maximize();
    window.show();
  });
  window.on('close', (event) => {
    // With a tray the app lives on there; Quit (tray, menu, Cmd+Q) really quits.
    if (desktop.quitting || desktop.tray === null) return;
    event.preventDefault();
    window.hide();
  });
  window.on('closed', () => {
    if (desktop.mainWindow === window) desktop.mainWindow = null;
  });
  await window.loadURL(url);
  return window;
}

/** Brings the window to the front (making it again if it was closed), optionally at a page of the UI. */
export async function showMainWindow(desktop: Desktop, path?: string): Promise<void> {
  let window = desktop.mainWindow;
  if (!window || window.isDestroyed()) {
    if (desktop.quitting || desktop.controller === null) return;
    window = await createMainWindow(desktop);
  }
  if (path !== undefined) await window.loadURL(`${desktop.windowUrl()}${path}`);
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
