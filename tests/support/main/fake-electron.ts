import { EventEmitter } from 'node:events';
import type {
  AppLike,
  BrowserWindowLike,
  BrowserWindowOptions,
  DialogLike,
  DisplayLike,
  ElectronLike,
  HeadersReceivedDetails,
  IpcMainInvokeEventLike,
  IpcMainLike,
  LoginItemSettings,
  MenuItemTemplate,
  MenuLike,
  MessageBoxOptions,
  NotificationOptions,
  PermissionRequestDetails,
  PreventableEvent,
  Rectangle,
  SessionLike,
  WebContentsLike,
  WebFrameLike,
  WindowOpenDetails,
} from '../../../main/electron-like.ts';

/**
 * A stand-in for Electron's main-process API, recording what the app does with it: the
 * desktop shell's tests drive the real main/ modules against it, with no display and no
 * Electron binary. `calls` is one ordered log across every part, for "X before Y" checks.
 */

export class Preventable implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame implements WebFrameLike {
  constructor(public url: string, public parent: WebFrameLike | null = null) {}
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame;
  openHandler: ((details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }) | null = null;
  loaded: string[] = [];
  destroyed = false;

  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.mainFrame.url = url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }): void {
    this.openHandler = handler;
  }

  /** What Electron does when the page tries to navigate: asks the listeners, answers whether it went ahead. */
  navigate(url: string, event: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const e = new Preventable();
    this.emit(event, e, url);
    if (!e.defaultPrevented) this.mainFrame.url = url;
    return !e.defaultPrevented;
  }

  /** What Electron does on window.open / target=_blank. */
  open(url: string): 'deny' | 'allow' | 'no handler' {
    return this.openHandler ? this.openHandler({ url }).action : 'no handler';
  }
}

export interface FakeElectronOptions {
  userData: string;
  /** Another instance holds the lock. */
  lockHeld?: boolean;
  displays?: Rectangle[];
  notificationsSupported?: boolean;
  /** What dialog.showMessageBox answers (button index). */
  messageBoxResponse?: number;
  /** Make `new Tray()` throw, as on a desktop without a tray. */
  noTray?: boolean;
}

export interface FakeElectron extends ElectronLike {
  calls: string[];
  windows: FakeBrowserWindow[];
  trays: FakeTray[];
  notifications: FakeNotification[];
  messageBoxes: MessageBoxOptions[];
  errorBoxes: { title: string; content: string }[];
  opened: string[];
  openedPaths: string[];
  loginItems: LoginItemSettings[];
  session: { defaultSession: FakeSession };
  ipc: FakeIpcMain;
  appEvents: EventEmitter;
  exitCode: number | null;
  quitCalls: number;
  relaunched: number;
  /** Resolves app.whenReady(); the app is ready at once unless `holdReady()` was called first. */
  ready(): void;
  holdReady(): void;
  /** Emits before-quit and answers whether something prevented it. */
  beforeQuit(): boolean;
}

export class FakeBrowserWindow extends EventEmitter implements BrowserWindowLike {
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  maximized = false;
  destroyed = false;
  focused = 0;
  bounds: Rectangle;

  readonly #log: string[];

  constructor(readonly options: BrowserWindowOptions, log: string[]) {
    super();
    this.#log = log;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    log.push('BrowserWindow');
  }

  async loadURL(url: string): Promise<void> {
    this.#log.push(`loadURL ${url}`);
    await this.webContents.loadURL(url);
    queueMicrotask(() => this.emit('ready-to-show'));
  }

  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
    this.visible = true;
    this.emit('maximize');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }

  /** The user moves or resizes the window. */
  setBounds(bounds: Rectangle): void {
    this.bounds = bounds;
    this.emit('move');
    this.emit('resize');
  }

  /** The user clicks the close button: answers whether the window really closed. */
  userClose(): boolean {
    const e = new Preventable();
    this.emit('close', e);
    if (e.defaultPrevented) return false;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
    return true;
  }
}

export class FakeTray extends EventEmitter {
  toolTip = '';
  title = '';
  menu: MenuItemTemplate[] = [];
  destroyed = false;

  constructor(readonly image: string, log: string[]) {
    super();
    log.push('Tray');
  }
  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setContextMenu(menu: MenuLike | null): void {
    this.menu = (menu as { items: MenuItemTemplate[] } | null)?.items ?? [];
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** A menu item by its labels, e.g. item('Recent servers', 'alpha — running', 'Stop'). */
  item(...labels: string[]): MenuItemTemplate | undefined {
    let items: MenuItemTemplate[] | undefined = this.menu;
    let found: MenuItemTemplate | undefined;
    for (const label of labels) {
      found = items?.find((i) => i.label === label);
      items = found?.submenu;
    }
    return found;
  }
}

export class FakeNotification extends EventEmitter {
  shown = false;
  readonly #list: FakeNotification[];

  constructor(readonly options: NotificationOptions, list: FakeNotification[]) {
    super();
    this.#list = list;
  }
  show(): void {
    this.shown = true;
    this.#list.push(this);
  }
}

type RequestHandler = (webContents: WebContentsLike, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void;
type CheckHandler = (webContents: WebContentsLike | null, permission: string, requestingOrigin: string) => boolean;
type HeadersListener = (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[] | string>; cancel?: boolean }) => void) => void;

export class FakeSession implements SessionLike {
  headersListener: HeadersListener | null = null;
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: RequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler | null): void {
    this.checkHandler = handler;
  }

  /** Runs a response through onHeadersReceived; answers the headers the page would get. */
  respond(url: string, responseHeaders: Record<string, string[]>): Record<string, string[] | string> {
    let answer: Record<string, string[] | string> | undefined;
    this.headersListener?.({ url, responseHeaders }, (response) => (answer = response.responseHeaders));
    return answer ?? responseHeaders;
  }

  /** Asks for a permission as a page would; answers whether it was granted. */
  request(contents: WebContentsLike, permission: string, requestingUrl: string): boolean {
    let granted: boolean | undefined;
    this.requestHandler?.(contents, permission, (g) => (granted = g), { requestingUrl });
    if (granted === undefined) throw new Error('the permission request was never answered');
    return granted;
  }
}

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(channel, ...args) from `sender`'s `frame` gets back. */
  async invoke(sender: WebContentsLike, frame: WebFrameLike | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  }
}

export function createFakeElectron(options: FakeElectronOptions): FakeElectron {
  const calls: string[] = [];
  const windows: FakeBrowserWindow[] = [];
  const trays: FakeTray[] = [];
  const notifications: FakeNotification[] = [];
  const messageBoxes: MessageBoxOptions[] = [];
  const errorBoxes: { title: string; content: string }[] = [];
  const opened: string[] = [];
  const openedPaths: string[] = [];
  const loginItems: LoginItemSettings[] = [];
  const appEvents = new EventEmitter();
  const session = new FakeSession();
  const ipc = new FakeIpcMain();
  let resolveReady: () => void = () => {};
  let readyPromise: Promise<void> = Promise.resolve();
  const displays: DisplayLike[] = (options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }]).map((workArea) => ({ workArea }));

  const app: AppLike = {
    requestSingleInstanceLock: () => {
      calls.push('requestSingleInstanceLock');
      return !options.lockHeld;
    },
    whenReady: () => {
      calls.push('whenReady');
      return readyPromise;
    },
    getPath: () => options.userData,
    getVersion: () => '0.1.0-test',
    setLoginItemSettings: (settings) => {
      loginItems.push(settings);
    },
    relaunch: () => {
      fake.relaunched++;
    },
    quit: () => {
      calls.push('quit');
      fake.quitCalls++;
      const e = new Preventable();
      appEvents.emit('before-quit', e);
    },
    exit: (code = 0) => {
      calls.push(`exit ${code}`);
      fake.exitCode = code;
    },
    on(event: string, listener: (...args: never[]) => void) {
      appEvents.on(event, listener as (...args: unknown[]) => void);
      return app;
    },
  };

  class Notification extends FakeNotification {
    constructor(notificationOptions: NotificationOptions) {
      super(notificationOptions, notifications);
    }
    static isSupported(): boolean {
      return options.notificationsSupported ?? true;
    }
  }

  const dialog: DialogLike = {
    showMessageBox: async (box) => {
      messageBoxes.push(box);
      return { response: options.messageBoxResponse ?? 0 };
    },
    showErrorBox: (title, content) => {
      errorBoxes.push({ title, content });
    },
  };

  const fake: FakeElectron = {
    calls,
    windows,
    trays,
    notifications,
    messageBoxes,
    errorBoxes,
    opened,
    openedPaths,
    loginItems,
    appEvents,
    exitCode: null,
    quitCalls: 0,
    relaunched: 0,
    ipc,
    app,
    BrowserWindow: class extends FakeBrowserWindow {
      constructor(windowOptions: BrowserWindowOptions) {
        super(windowOptions, calls);
        windows.push(this);
      }
    },
    ipcMain: ipc,
    Tray: class extends FakeTray {
      constructor(image: string) {
        if (options.noTray) throw new Error('no status notifier on this desktop');
        super(image, calls);
        trays.push(this);
      }
    },
    Menu: {
      buildFromTemplate: (template: MenuItemTemplate[]) => ({ items: template }),
      setApplicationMenu: () => {},
    },
    Notification,
    shell: {
      openExternal: async (url) => {
        opened.push(url);
      },
      openPath: async (path) => {
        openedPaths.push(path);
        return '';
      },
    },
    session: { defaultSession: session },
    dialog,
    nativeImage: { createFromPath: () => ({ isEmpty: () => false }) },
    screen: { getAllDisplays: () => displays },
    ready: () => resolveReady(),
    holdReady: () => {
      readyPromise = new Promise((resolve) => (resolveReady = resolve));
    },
    beforeQuit: () => {
      const e = new Preventable();
      appEvents.emit('before-quit', e);
      return e.defaultPrevented;
    },
  };
  return fake;
}
