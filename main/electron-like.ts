/**
 * The part of Electron the desktop shell uses, as plain interfaces. Every module in main/ gets
 * it injected; only main/index.ts loads the real `electron` module. Tests pass a stand-in, so
 * the bootstrap, the IPC gateway, the window's security and the tray run without a display or
 * an Electron binary.
 */

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NativeImageLike {
  isEmpty(): boolean;
}

export interface WebFrameLike {
  url: string;
  /** null for a top-level frame. */
  parent: WebFrameLike | null;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface WindowOpenDetails {
  url: string;
}

export interface WebContentsLike {
  id: number;
  mainFrame: WebFrameLike;
  getURL(): string;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' } | { action: 'allow' }): void;
}

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  experimentalFeatures?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
}

export interface BrowserWindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  icon?: string;
  autoHideMenuBar?: boolean;
  webPreferences?: WebPreferences;
}

export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed' | 'resize' | 'move' | 'maximize' | 'unmaximize', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface BrowserWindowConstructor {
  new (options: BrowserWindowOptions): BrowserWindowLike;
}

export interface IpcMainInvokeEventLike {
  sender: WebContentsLike;
  /** null when the frame has navigated away or been destroyed since it sent the message. */
  senderFrame: WebFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu';
  enabled?: boolean;
  sublabel?: string;
  submenu?: MenuItemTemplate[];
  click?: () => void;
}

export interface MenuLike {
  /** What the menu was built from (kept by our own builder; tests read it). */
  readonly items?: unknown;
}

export interface MenuStatic {
  buildFromTemplate(template: MenuItemTemplate[]): MenuLike;
  setApplicationMenu(menu: MenuLike | null): void;
}

export interface TrayLike {
  setToolTip(toolTip: string): void;
  /** macOS shows it beside the icon; Linux and Windows ignore it. */
  setTitle(title: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayConstructor {
  /** A PNG path; a name ending in `Template` is a template image on macOS. */
  new (image: string): TrayLike;
}

export interface NotificationOptions {
  title: string;
  body: string;
  icon?: string;
  silent?: boolean;
}

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface NotificationConstructor {
  new (options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
  /** Resolves to an error message, or '' when it worked. */
  openPath(path: string): Promise<string>;
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

export interface PermissionRequestDetails {
  requestingUrl?: string;
}

export interface SessionLike {
  webRequest: {
    onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[] | string>; cancel?: boolean }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: ((webContents: WebContentsLike, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: WebContentsLike | null, permission: string, requestingOrigin: string) => boolean) | null): void;
}

export interface MessageBoxOptions {
  type?: 'none' | 'info' | 'error' | 'question' | 'warning';
  title?: string;
  message: string;
  detail?: string;
  buttons?: string[];
  defaultId?: number;
  cancelId?: number;
}

export interface DialogLike {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
  showErrorBox(title: string, content: string): void;
}

export interface DisplayLike {
  workArea: Rectangle;
}

export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
}

export interface LoginItemSettings {
  openAtLogin: boolean;
  openAsHidden?: boolean;
  args?: string[];
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  getPath(name: 'userData'): string;
  getVersion(): string;
  setLoginItemSettings(settings: LoginItemSettings): void;
  relaunch(options?: { args?: string[] }): void;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

export interface ElectronLike {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructor;
  ipcMain: IpcMainLike;
  Tray: TrayConstructor;
  Menu: MenuStatic;
  Notification: NotificationConstructor;
  shell: ShellLike;
  session: { defaultSession: SessionLike };
  dialog: DialogLike;
  nativeImage: { createFromPath(path: string): NativeImageLike };
  screen: ScreenLike;
}
