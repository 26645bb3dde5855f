// Finds what `npm start` needs to open the desktop window: an Electron binary, a display, and
// the compiled Electron entry (dist/app/main/index.js). When something is missing it says which, in
// words fit for the one line the launcher prints before running headless instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';

/** The compiled Electron main process, relative to the project root (scripts/build-app.mjs). */
export const DESKTOP_ENTRY = join('dist', 'app', 'main', 'index.js');

/** The executable's path inside electron/dist/, as the electron package's install.js writes it to path.txt. */
function platformBinary(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Electron binary, resolved the way the electron package's own index.js does it (path.txt,
 * ELECTRON_OVERRIDE_DIST_PATH), unless STELLAR_ELECTRON names one.
 * @returns {{ electron: string } | { reason: string }}
 */
export function findElectron({ root, env = process.env, platform = process.platform }) {
  if (env.STELLAR_ELECTRON) {
    return isFile(env.STELLAR_ELECTRON)
      ? { electron: env.STELLAR_ELECTRON }
      : { reason: `STELLAR_ELECTRON is ${env.STELLAR_ELECTRON}, which is not a file` };
  }
  let packageDir;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (npm ci installs it with the dev dependencies)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const electron = join(env.ELECTRON_OVERRIDE_DIST_PATH, recorded || platformBinary(platform));
    return isFile(electron) ? { electron } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${electron}` };
  }
  if (!recorded) {
    return { reason: "Electron's binary was not downloaded: npm ci skips that download; `npm run electron:download` fetches it, or STELLAR_ELECTRON can name one" };
  }
  const electron = join(packageDir, 'dist', recorded);
  return isFile(electron) ? { electron } : { reason: `Electron's binary ${electron} is missing (run \`npm run electron:download\`)` };
}

/**
 * Everything the window needs, or the first thing missing.
 * @returns {{ electron: string, entry: string } | { reason: string }}
 */
export function findDesktopRuntime({ root, env = process.env, platform = process.platform }) {
  const found = findElectron({ root, env, platform });
  if ('reason' in found) return found;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  const entry = join(root, DESKTOP_ENTRY);
  if (!existsSync(entry)) {
    return existsSync(join(root, 'main', 'index.ts'))
      ? { reason: `${DESKTOP_ENTRY} is not built (run \`npm run build\`)` }
      : { reason: 'this checkout has no desktop shell yet (main/index.ts)' };
  }
  return { electron: found.electron, entry };
}

/**
 * Runs Electron on the entry with the launcher's arguments and environment (Chromium `switches`
 * go before the entry), and resolves with the exit code to leave with. Electron runs in its own process group and gets each signal the
 * launcher gets exactly once: from a terminal's Ctrl-C both would otherwise receive it, and a
 * second SIGINT means "stop without waiting" to the app.
 */
export function runElectron({ electron, entry, args, switches = [], env = process.env }) {
  const childEnv = { ...env };
  // Set, it would make Electron behave as plain node and never open a window.
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [...switches, entry, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: childEnv, detached: true, windowsHide: false });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      for (const signal of signals) process.off(signal, forward);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}
