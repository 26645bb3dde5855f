import { IPC_CHANNELS, type DesktopMethod } from '../contracts/ipc-channels.ts';
import type { DesktopApi, IpcAnswer, IpcResult } from '../contracts/ipc.ts';

/** ipcRenderer.invoke, as the preload hands it over. */
export type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;

/**
 * `window.stellarDesktop`: one function per message, each sending exactly its own channel and
 * at most its one argument. The page never gets ipcRenderer, so it cannot pick a channel, add
 * arguments or listen to anything.
 */
export function createDesktopApi(invoke: Invoke): DesktopApi {
  const send = <M extends DesktopMethod>(method: M, ...payload: [] | [unknown]) =>
    invoke(IPC_CHANNELS[method], ...payload) as Promise<IpcResult<IpcAnswer<M>>>;
  return {
    getSettings: () => send('getSettings'),
    setSettings: (changes) => send('setSettings', changes),
    notify: (notice) => send('notify', notice),
    openExternal: (request) => send('openExternal', request),
    revealDataFolder: () => send('revealDataFolder'),
    appInfo: () => send('appInfo'),
    restart: () => send('restart'),
  } satisfies DesktopApi;
}
