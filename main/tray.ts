import type { PowerAction, ServerStatus } from '../contracts/index.ts';
import type { ElectronLike, MenuItemTemplate, TrayLike } from './electron-like.ts';
import type { ServerSummary, ServerWatch } from './server-watch.ts';

export interface TrayActions {
  open(): void;
  openServer(serverId: string): void;
  power(serverId: string, action: PowerAction): void;
  quit(): void;
}

/** Statuses from which Start makes sense, and from which Stop does. */
const STARTABLE = new Set<ServerStatus>(['stopped', 'crashed']);
const STOPPABLE = new Set<ServerStatus>(['running', 'starting']);

const STATUS_WORDS: Record<ServerStatus, string> = {
  installing: 'installing',
  install_failed: 'install failed',
  stopped: 'stopped',
  starting: 'starting',
  running: 'running',
  stopping: 'stopping',
  crashed: 'crashed',
};

export function trayTooltip(running: number): string {
  return `StellarStack — ${running === 0 ? 'no servers running' : running === 1 ? '1 server running' : `${running} servers running`}`;
}

/**
 * The tray icon: how many servers run (tooltip; the title beside the icon on macOS), a menu to
 * open the window, start or stop a recent server, and quit. It follows the controller's own
 * events; the menu is rebuilt only when what it shows changed.
 */
export class DesktopTray {
  readonly #tray: TrayLike;
  #shown = '';
  readonly #onChanged = () => this.update();

  readonly #electron: ElectronLike;
  readonly #watch: ServerWatch;
  readonly #actions: TrayActions;

  constructor(electron: ElectronLike, iconPath: string, watch: ServerWatch, actions: TrayActions) {
    this.#electron = electron;
    this.#watch = watch;
    this.#actions = actions;
    this.#tray = new electron.Tray(iconPath);
    this.#tray.on('click', () => actions.open());
    watch.on('changed', this.#onChanged);
    this.update();
  }

  update(): void {
    const running = this.#watch.runningCount();
    const recent = this.#watch.recent();
    const signature = JSON.stringify([running, recent]);
    if (signature === this.#shown) return;
    this.#shown = signature;
    this.#tray.setToolTip(trayTooltip(running));
    this.#tray.setTitle(running > 0 ? String(running) : '');
    this.#tray.setContextMenu(this.#electron.Menu.buildFromTemplate(this.#menu(recent)));
  }

  destroy(): void {
    this.#watch.off('changed', this.#onChanged);
    this.#tray.destroy();
  }

  #menu(recent: ServerSummary[]): MenuItemTemplate[] {
    const servers: MenuItemTemplate[] = recent.length === 0
      ? [{ label: 'No servers yet', enabled: false }]
      : recent.map((server) => ({ label: `${server.name} — ${server.nodeOnline ? STATUS_WORDS[server.status] : 'node offline'}`, type: 'submenu', submenu: this.#serverMenu(server) }));
    return [
      { label: 'Open StellarStack', click: () => this.#actions.open() },
      { type: 'separator' },
      { label: 'Recent servers', type: 'submenu', submenu: servers },
      { type: 'separator' },
      { label: 'Quit StellarStack', click: () => this.#actions.quit() },
    ];
  }

  #serverMenu(server: ServerSummary): MenuItemTemplate[] {
    return [
      { label: 'Start', enabled: server.nodeOnline && STARTABLE.has(server.status), click: () => this.#actions.power(server.id, 'start') },
      { label: 'Stop', enabled: server.nodeOnline && STOPPABLE.has(server.status), click: () => this.#actions.power(server.id, 'stop') },
      { type: 'separator' },
      { label: 'Open', click: () => this.#actions.openServer(server.id) },
    ];
  }
}
