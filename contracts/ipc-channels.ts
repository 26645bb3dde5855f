/**
 * The desktop bridge's channel names, one per message. Kept apart from ipc.ts and free of zod:
 * the sandboxed preload is a single small CommonJS file that needs only these strings.
 */
export const IPC_CHANNELS = {
  getSettings: 'stellar:settings:get',
  setSettings: 'stellar:settings:set',
  notify: 'stellar:notify',
  openExternal: 'stellar:open-external',
  revealDataFolder: 'stellar:reveal-data-folder',
  appInfo: 'stellar:app-info',
  restart: 'stellar:restart',
} as const;

export type DesktopMethod = keyof typeof IPC_CHANNELS;
export type IpcChannel = (typeof IPC_CHANNELS)[DesktopMethod];

export const DESKTOP_METHODS = Object.keys(IPC_CHANNELS) as DesktopMethod[];

/** The global the preload exposes the bridge under: `window.stellarDesktop`. */
export const DESKTOP_BRIDGE_NAME = 'stellarDesktop';
