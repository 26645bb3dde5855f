import type { AppLike, SessionLike, ShellLike, WebContentsLike, WebPreferences } from './electron-like.ts';

/**
 * The window's defences, after Electron's security checklist: an isolated, sandboxed renderer
 * with no Node; a Content-Security-Policy on everything our origin serves; no navigation away
 * from the controller; no new windows (web links go to the user's browser); no permissions.
 */

/** The renderer is a web page of our controller and nothing more: the preload's bridge is its only way out. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? null : parsed.origin;
  } catch {
    return null;
  }
}

export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

const hardened = new WeakSet<WebContentsLike>();

/**
 * Navigation stays on our origin; `window.open` and target=_blank never make a window: an
 * http(s) link elsewhere opens in the user's browser, a link to our own pages opens in this
 * window, anything else (file:, javascript:, custom schemes) goes nowhere.
 */
export function hardenWebContents(contents: WebContentsLike, ownOrigin: string, shell: ShellLike, log: (message: string) => void = () => {}): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (originOf(url) === ownOrigin) return;
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (originOf(url) === ownOrigin) {
      contents.loadURL(url).catch((error: unknown) => log(`could not open ${url}: ${(error as Error).message}`));
    } else if (isWebUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => log(`could not open ${url} in the browser: ${(error as Error).message}`));
    } else {
      log(`blocked a new window for ${url}`);
    }
    return { action: 'deny' };
  });
}

/** Every other webContents the app ever makes (devtools, a stray frame) gets the same rules. */
export function hardenAllWebContents(app: AppLike, ownOrigin: () => string | null, shell: ShellLike, log?: (message: string) => void): void {
  app.on('web-contents-created', (_event, contents) => {
    const origin = ownOrigin();
    // Before the controller is up there is no origin of ours: nothing may navigate anywhere.
    hardenWebContents(contents, origin ?? 'null', shell, log);
  });
}

/**
 * The controller sends its CSP with its HTML; this makes it hold for every response of our
 * origin however it was produced (an error page, a future route), and replaces any weaker one.
 */
export function enforceContentSecurityPolicy(session: SessionLike, ownOrigin: () => string | null, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = ownOrigin();
    if (origin === null || originOf(details.url) !== origin) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/**
 * The one permission granted: writing text to the clipboard from our own pages, which the copy
 * buttons (API keys, LAN addresses) need. Camera, microphone, location, notifications (the
 * bridge shows native ones), clipboard reading and everything else are refused.
 */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function denyPermissions(session: SessionLike, ownOrigin: () => string | null): void {
  const allowed = (permission: string, url: string | undefined) => {
    const origin = ownOrigin();
    return ALLOWED_PERMISSIONS.has(permission) && origin !== null && url !== undefined && originOf(url) === origin;
  };
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
}
