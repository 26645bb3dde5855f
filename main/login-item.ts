import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AppLike } from './electron-like.ts';

export const AUTOSTART_FILE = 'stellarstack.desktop';

/**
 * Start at login. Electron does this itself on macOS and Windows; on Linux it does nothing, so
 * the app writes an XDG autostart entry (the freedesktop way every desktop honours).
 */
export async function setStartAtLogin(app: AppLike, on: boolean, options: { hidden: boolean; platform: NodeJS.Platform; autostartDir?: string; execPath?: string }): Promise<void> {
  if (options.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: on, openAsHidden: options.hidden });
    return;
  }
  const dir = options.autostartDir ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart');
  const file = join(dir, AUTOSTART_FILE);
  if (!on) {
    await rm(file, { force: true });
    return;
  }
  // An AppImage runs from a temporary mount: the entry must start the AppImage file itself.
  const exec = options.execPath ?? process.env.APPIMAGE ?? process.execPath;
  await mkdir(dir, { recursive: true });
  await writeFile(file, [
    '[Desktop Entry]',
    'Type=Application',
    'Name=StellarStack',
    'Comment=Game server administration',
    `Exec=${quoteExec(exec)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n'));
}

/** The Exec key's quoting rules (freedesktop Desktop Entry spec): quote, escape " ` $ \. */
function quoteExec(path: string): string {
  return /[\s"'`$\\]/.test(path) ? `"${path.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : path;
}
