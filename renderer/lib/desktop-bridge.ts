// The channel module has no zod: the UI's first-paint bundle stays free of the schemas.
import { DESKTOP_BRIDGE_NAME } from '../../contracts/ipc-channels.ts';
import type { DesktopApi, IpcResult } from '../../contracts/index.ts';
import { ApiError } from '../api/client.ts';

/**
 * The desktop app's bridge (`window.stellarDesktop`, from its preload), typed by the same
 * contract the main process validates against. Undefined in a plain browser: a teammate on the
 * LAN gets the same UI without the desktop-only parts.
 */
export function desktopBridge(): DesktopApi | undefined {
  const bridge = (window as unknown as Record<string, unknown>)[DESKTOP_BRIDGE_NAME];
  return typeof bridge === 'object' && bridge !== null ? (bridge as DesktopApi) : undefined;
}

/** An IPC result as data, or an ApiError with its code (status 0: it did not come over HTTP). */
export async function unwrap<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const answer = await result;
  if (answer.ok) return answer.data;
  throw new ApiError(0, answer.error);
}
