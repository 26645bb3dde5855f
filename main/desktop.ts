import { join } from 'node:path';
import type { RunningController } from '../controller/index.ts';
import type { DesktopLaunch } from './desktop-config.ts';
import type { BrowserWindowLike, ElectronLike } from './electron-like.ts';
import type { IpcGateway } from './ipc.ts';
import type { Interfaces } from './lan-urls.ts';
import { localUrl } from './lan-urls.ts';
import type { LocalAgentRun, startLocalAgent } from './local-agent.ts';
import type { Notifier } from './notifications.ts';
import type { ServerWatch } from './server-watch.ts';
import type { SettingsStore } from './settings-store.ts';
import type { DesktopTray } from './tray.ts';
import { WindowStateKeeper } from './window-state.ts';

export interface DesktopOptions {
  /** process.argv as Electron gives it; the controller's flags are picked out of it. */
  argv: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The compiled preload (CommonJS) the window loads. */
  preloadPath: string;
  /** main/assets: the tray and window icons. */
  assetsDir: string;
  /** A line for the person who started the app (stdout). */
  say?: (line: string) => void;
  /** A diagnostic line (stderr). */
  log?: (line: string) => void;
  /** Seams for tests. */
  startController?: (config: DesktopLaunch['config']) => Promise<RunningController>;
  startLocalAgent?: typeof startLocalAgent;
  interfaces?: () => Interfaces;
  platform?: NodeJS.Platform;
  /** Where XDG autostart entries go on Linux (default ~/.config/autostart). */
  autostartDir?: string;
}

/**
 * Everything the desktop shell holds while it runs, passed to each setupX() step. Each step
 * fills in its part; later steps read what earlier ones made.
 */
export class Desktop {
  settings: SettingsStore | null = null;
  launch: DesktopLaunch | null = null;
  controller: RunningController | null = null;
  localAgent: LocalAgentRun | null = null;
  mainWindow: BrowserWindowLike | null = null;
  tray: DesktopTray | null = null;
  watch: ServerWatch | null = null;
  notifier: Notifier | null = null;
  gateway: IpcGateway | null = null;
  /** Set once quitting has begun: the window closes instead of hiding to the tray. */
  quitting = false;
  /** Quitting to start again (a restart from the settings): no quit notice, which could cancel it. */
  restarting = false;
  readonly windowState: WindowStateKeeper;
  readonly say: (line: string) => void;
  readonly log: (line: string) => void;

  constructor(readonly electron: ElectronLike, readonly options: DesktopOptions) {
    this.say = options.say ?? ((line) => console.log(line));
    this.log = options.log ?? ((line) => console.error(`stellarstack: ${line}`));
    this.windowState = new WindowStateKeeper(this.userData, 500, (error) => this.log(`could not save the window's place: ${error.message}`));
  }

  get userData(): string {
    return this.electron.app.getPath('userData');
  }

  get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  /** The controller as this machine's window reaches it. */
  windowUrl(): string | null {
    return this.controller ? localUrl(this.controller.url) : null;
  }

  /** The only origin the window may show and the bridge may answer. */
  origin(): string | null {
    return this.windowUrl();
  }

  asset(name: string): string {
    return join(this.options.assetsDir, name);
  }
}
