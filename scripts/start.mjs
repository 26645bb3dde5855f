// `npm start`: the desktop app when it can open (Electron installed with its binary, a display,
// the compiled Electron entry), else the same controller and admin UI headless, after one line
// saying why. Both get this command's arguments and environment unchanged (--port, --data,
// STELLAR_PORT, STELLAR_DATA_DIR, ...). `prestart` has built dist/app/ and renderer/dist already.
import { existsSync } from 'node:fs';
import nodeModule from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findDesktopRuntime, runElectron } from './desktop-runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const headless = join(root, 'dist', 'app', 'main', 'headless.js');
const args = process.argv.slice(2);

const runtime = findDesktopRuntime({ root });
if ('electron' in runtime) {
  // Chromium refuses to start as root with its sandbox on (a root shell, a container).
  const switches = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  if (switches.length > 0) console.log("StellarStack: running as root, so the window runs without Chromium's sandbox (--no-sandbox).");
  process.exitCode = await runElectron({ electron: runtime.electron, entry: runtime.entry, args, switches }).catch((error) => {
    console.error(`StellarStack: could not start Electron (${runtime.electron}): ${error.message}`);
    return 1;
  });
} else if (!existsSync(headless)) {
  console.error('StellarStack: dist/app/main/headless.js is not built: run `npm run build` (or `npm start`, which builds first).');
  process.exitCode = 1;
} else {
  console.log(`StellarStack: the desktop runtime is not available (${runtime.reason}), so the same controller and admin UI run headless: open the URL printed below in a browser.`);
  // Node 22.1+ keeps V8's compiled code of the app and its packages on disk (in the system's
  // temp dir), so every start after the first skips most compiling — about a fifth of start-up
  // in a profile. Node without it (older than 22.1) starts as before.
  nodeModule.enableCompileCache?.();
  // In this process: headless.js reads process.argv.slice(2), which are this command's
  // arguments, and handles SIGINT/SIGTERM itself (a clean shutdown, every write on disk).
  await import(pathToFileURL(headless).href);
}
