import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { api, signUpAdmin } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';
import { WINDOW_STATE_FILE } from '../../../main/window-state.ts';
import { runDesktop } from '../../support/main/helpers.ts';

describe('desktop bootstrap (main/index.ts startDesktop)', () => {
  test('single-instance lock first, then the controller, the local agent, IPC, tray, and the window on the controller URL', async () => {
    const run = await runDesktop();
    try {
      const { calls } = run.electron;
      assert.equal(calls[0], 'requestSingleInstanceLock', `first call: ${calls.join(', ')}`);
      const order = ['requestSingleInstanceLock', 'whenReady', 'startController', 'startLocalAgent', 'Tray', 'BrowserWindow'];
      const positions = order.map((step) => calls.indexOf(step));
      assert.ok(positions.every((p) => p >= 0), `every step ran: ${calls.join(', ')}`);
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, `in order: ${calls.join(', ')}`);
      assert.ok(run.electron.ipc.handlers.size > 0 && calls.indexOf('BrowserWindow') > calls.indexOf('startController'));

      const controllerUrl = run.desktop!.controller!.url;
      assert.match(controllerUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(run.electron.windows.length, 1);
      assert.deepEqual(run.electron.windows[0]!.webContents.loaded, [controllerUrl]);
      assert.equal(calls.at(-1), `loadURL ${controllerUrl}`);
      // The controller really answers there.
      assert.equal((await api(controllerUrl, '/users/me')).status, 401);
      assert.ok(run.said.includes(`StellarStack controller ready at ${controllerUrl} (data: ${run.dataDir})`), run.said.join('\n'));
    } finally {
      await run.cleanup();
    }
  });

  test('Electron\'s own argv entries are left out; --data and the other flags of `npm run serve` work', async () => {
    let seen: { port: number; dataDir: string; logLevel: string; host: string } | undefined;
    const run = await runDesktop({ onControllerStart: (config) => (seen = config as typeof seen) });
    try {
      assert.equal(seen?.port, 0);
      assert.equal(seen?.dataDir, run.dataDir);
      assert.equal(seen?.logLevel, 'silent');
      assert.equal(seen?.host, '127.0.0.1', 'loopback unless the LAN setting or --host says otherwise');
      assert.deepEqual(await readFile(join(run.dataDir, 'stellarstack.json'), 'utf8').then((t) => Object.keys(JSON.parse(t)).includes('users')), true);
    } finally {
      await run.cleanup();
    }
  });

  test('a second launch does not start a controller: it quits, and the first instance comes to the front', async () => {
    const first = await runDesktop();
    const second = await runDesktop({ electron: { lockHeld: true } });
    try {
      assert.equal(second.desktop, null);
      assert.deepEqual(second.electron.calls, ['requestSingleInstanceLock', 'quit']);
      assert.equal(second.electron.windows.length, 0);

      const window = first.electron.windows[0]!;
      window.hide();
      window.minimized = true;
      first.electron.appEvents.emit('second-instance', {}, ['electron', '.']);
      await waitFor(() => window.visible && window.focused > 0, { message: 'the first window shown and focused' });
      assert.equal(window.minimized, false, 'restored from minimised');
    } finally {
      await second.cleanup();
      await first.cleanup();
    }
  });

  test('Docker missing: one line says so, and the window or a LAN browser reads why (GET /admin/local-agent)', async () => {
    const run = await runDesktop({ docker: { available: false, reason: 'Docker is not running (connect ENOENT /var/run/docker.sock)' } });
    try {
      assert.ok(run.said.includes('Local agent off: Docker is not running (connect ENOENT /var/run/docker.sock) (game servers on this machine need Docker)'), run.said.join('\n'));
      const url = run.desktop!.controller!.url;
      const admin = await signUpAdmin(url);
      const res = await api(url, '/admin/local-agent', { token: admin.token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, { enabled: true, running: false, problem: 'docker_unavailable', reason: 'Docker is not running (connect ENOENT /var/run/docker.sock)', nodeId: null });
    } finally {
      await run.cleanup();
    }
  });

  test('--no-local-agent wins over the setting, and says so', async () => {
    const run = await runDesktop({ args: ['--no-local-agent'] });
    try {
      assert.deepEqual(run.desktop!.controller!.app.localAgentStatus.get(), { enabled: false, running: false, problem: 'disabled', reason: 'turned off (--no-local-agent)', nodeId: null });
      assert.deepEqual(run.desktop!.launch!.overrides, [{ setting: 'port', by: '--port' }, { setting: 'localAgent', by: '--no-local-agent' }]);
    } finally {
      await run.cleanup();
    }
  });

  test('the window opens where it was last, if that is on a display; the default place otherwise', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'stellar-desktop-'));
    try {
      await writeFile(join(userData, WINDOW_STATE_FILE), JSON.stringify({ x: 200, y: 150, width: 1000, height: 700, maximized: false }));
      const onScreen = await runDesktop({ userData });
      const options = onScreen.electron.windows[0]!.options;
      assert.deepEqual([options.x, options.y, options.width, options.height], [200, 150, 1000, 700]);
      await onScreen.quit();

      // The monitor it was on is gone.
      await writeFile(join(userData, WINDOW_STATE_FILE), JSON.stringify({ x: 2500, y: 150, width: 1000, height: 700, maximized: true }));
      const offScreen = await runDesktop({ userData });
      const moved = offScreen.electron.windows[0]!;
      assert.equal(moved.options.x, undefined, 'no position: the window manager centres it');
      assert.deepEqual([moved.options.width, moved.options.height], [1280, 820]);
      await waitFor(() => moved.maximized, { message: 'maximized as it was' });
      await offScreen.quit();
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });

  test('the window\'s size and place are written a moment after it moves (debounced), and on quit', async () => {
    const run = await runDesktop();
    try {
      const window = run.electron.windows[0]!;
      for (let x = 10; x <= 50; x += 10) window.setBounds({ x, y: 20, width: 1100, height: 750 });
      const file = join(run.userData, WINDOW_STATE_FILE);
      const saved = await waitFor(async () => JSON.parse(await readFile(file, 'utf8')), { message: 'window-state.json', timeoutMs: 3000 });
      assert.deepEqual(saved, { x: 50, y: 20, width: 1100, height: 750, maximized: false });
      window.setBounds({ x: 70, y: 30, width: 1200, height: 800 });
      await run.quit();
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { x: 70, y: 30, width: 1200, height: 800, maximized: false });
    } finally {
      await run.cleanup();
    }
  });

  test('closing the window hides it to the tray; Quit stops the controller with its writes on disk and exits 0', async () => {
    const run = await runDesktop();
    try {
      const window = run.electron.windows[0]!;
      await waitFor(() => window.visible, { message: 'window shown once ready' });
      assert.equal(window.userClose(), false, 'close hides');
      assert.equal(window.visible, false);
      const url = run.desktop!.controller!.url;
      await signUpAdmin(url);
      await run.quit();
      assert.equal(run.electron.exitCode, 0);
      assert.ok(run.electron.trays[0]!.destroyed, 'tray removed');
      await assert.rejects(fetch(`${url}/api/v1/auth/session`), 'the controller no longer listens');
      const doc = JSON.parse(await readFile(join(run.dataDir, 'stellarstack.json'), 'utf8'));
      assert.equal(doc.users.length, 1, 'the sign-up is on disk');
    } finally {
      await run.cleanup();
    }
  });

  test('start minimised keeps the window hidden at launch (when there is a tray)', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'stellar-desktop-'));
    try {
      await writeFile(join(userData, 'desktop-settings.json'), JSON.stringify({ version: 1, settings: { startMinimized: true } }));
      const run = await runDesktop({ userData });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(run.electron.windows[0]!.visible, false);
      await run.quit();
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });

  test('without a tray (a desktop that has none) the app still starts, and closing the window quits', async () => {
    const run = await runDesktop({ electron: { noTray: true } });
    try {
      assert.equal(run.desktop!.tray, null);
      assert.ok(run.logged.some((line) => line.includes('no tray icon')), run.logged.join('\n'));
      assert.equal(run.electron.windows[0]!.userClose(), true);
      run.electron.appEvents.emit('window-all-closed');
      await waitFor(() => run.electron.exitCode !== null, { message: 'the app exits' });
      assert.equal(run.electron.exitCode, 0);
    } finally {
      await run.cleanup();
    }
  });

  test('a port already in use: an error box that says so, exit 1, no window', async () => {
    const first = await runDesktop();
    const port = new URL(first.desktop!.controller!.url).port;
    const second = await runDesktop({ args: ['--port', port] });
    try {
      assert.equal(second.desktop, null);
      assert.equal(second.electron.exitCode, 1);
      assert.equal(second.electron.windows.length, 0);
      assert.match(second.electron.errorBoxes[0]?.content ?? '', new RegExp(`EADDRINUSE[\\s\\S]*Another program uses port ${port}`));
    } finally {
      await second.cleanup();
      await first.cleanup();
    }
  });

  test('quitting with game servers up on this machine says once that they keep running; Cancel stays', async () => {
    const run = await runDesktop({ electron: { messageBoxResponse: 1 } });
    try {
      const desktop = run.desktop!;
      const app = desktop.controller!.app;
      const node = await app.nodes.create({ name: 'this-machine', host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: true, memory: 4096, disk: 4096, cpu: 200, local: true });
      const server = await app.servers.create({
        name: 'ttd', description: '', nodeId: node.id, blueprintId: 'openttd', ownerId: 'usr_x', image: 'i', memory: 64, cpu: 10, disk: 64, swap: 0,
        ports: [], variables: {}, restartPolicy: { enabled: false, maxRetries: 3 },
      });
      await app.servers.setStatus(server.id, 'running', null);
      // As if the local agent were running for that node (starting a real one needs Docker).
      let agentClosed = false;
      desktop.localAgent = { agent: { close: async () => { agentClosed = true; } } as never, status: { enabled: true, running: true, problem: null, reason: null, nodeId: node.id } };

      run.electron.app.quit();
      await waitFor(() => run.electron.messageBoxes.length === 1, { message: 'the notice' });
      assert.match(run.electron.messageBoxes[0]!.message, /keeps running/);
      assert.match(run.electron.messageBoxes[0]!.detail ?? '', /Docker/);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(run.electron.exitCode, null, 'Cancel: still running');
      assert.equal(desktop.quitting, false);

      await run.quit();
      assert.equal(run.electron.messageBoxes.length, 1, 'shown once');
      assert.equal(run.electron.exitCode, 0);
      assert.equal(agentClosed, true, 'the agent disconnects; the containers stay');
    } finally {
      await run.cleanup();
    }
  });
});
