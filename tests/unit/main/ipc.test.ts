import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DESKTOP_METHODS, IPC_CHANNELS, IPC_CONTRACT, ipcResultSchema, type DesktopMethod } from '../../../contracts/index.ts';
import { IpcGateway } from '../../../main/ipc.ts';
import { createDesktopApi } from '../../../main/preload-api.ts';
import { FakeBrowserWindow, FakeFrame, FakeIpcMain, FakeWebContents } from '../../support/main/fake-electron.ts';
import { runDesktop, type DesktopRun } from '../../support/main/helpers.ts';

const ORIGIN = 'http://127.0.0.1:8420';

function gatewayWithWindow() {
  const ipc = new FakeIpcMain();
  const window = new FakeBrowserWindow({}, []);
  window.webContents.mainFrame.url = `${ORIGIN}/settings`;
  const refused: string[] = [];
  const gateway = new IpcGateway(ipc, { window: () => window, origin: () => ORIGIN }, (line) => refused.push(line));
  let calls = 0;
  gateway.handle('notify', ({ title }) => {
    calls++;
    return { shown: title.length > 0 };
  });
  gateway.handle('appInfo', () => {
    throw new Error('disk on fire at /secret/path');
  });
  return { ipc, window, gateway, refused, calls: () => calls };
}

describe('the IPC gateway (main/ipc.ts)', () => {
  test('our window\'s top frame on our origin gets {ok:true,data}', async () => {
    const { ipc, window } = gatewayWithWindow();
    const answer = await ipc.invoke(window.webContents, window.webContents.mainFrame, IPC_CHANNELS.notify, { title: 'Hi', body: 'there' });
    assert.deepEqual(answer, { ok: true, data: { shown: true } });
  });

  const foreign: [string, (w: FakeBrowserWindow) => [FakeWebContents, FakeFrame | null]][] = [
    ['another webContents (a second window, devtools)', () => {
      const other = new FakeWebContents(`${ORIGIN}/`);
      return [other, other.mainFrame];
    }],
    ['our window after it navigated to another origin', (w) => [w.webContents, new FakeFrame('https://evil.example/')]],
    ['a page on the same host but another port', (w) => [w.webContents, new FakeFrame('http://127.0.0.1:5000/')]],
    ['a subframe (an iframe) of our own page', (w) => [w.webContents, new FakeFrame(`${ORIGIN}/frame`, w.webContents.mainFrame)]],
    ['a frame that is gone', (w) => [w.webContents, null]],
    ['a file: page', (w) => [w.webContents, new FakeFrame('file:///etc/passwd')]],
  ];
  for (const [who, sender] of foreign) {
    test(`refuses ${who}: FORBIDDEN, and the handler never runs`, async () => {
      const { ipc, window, refused, calls } = gatewayWithWindow();
      const [contents, frame] = sender(window);
      const answer = await ipc.invoke(contents, frame, IPC_CHANNELS.notify, { title: 'Hi' });
      assert.deepEqual(answer, { ok: false, error: { code: 'FORBIDDEN', message: 'Only the StellarStack window may use the desktop bridge', details: {} } });
      assert.equal(calls(), 0);
      assert.equal(refused.length, 1, 'the refusal is logged');
    });
  }

  test('refuses everyone while the window is closed', async () => {
    const ipc = new FakeIpcMain();
    const gateway = new IpcGateway(ipc, { window: () => null, origin: () => ORIGIN });
    gateway.handle('notify', () => ({ shown: true }));
    const contents = new FakeWebContents(`${ORIGIN}/`);
    assert.equal(((await ipc.invoke(contents, contents.mainFrame, IPC_CHANNELS.notify, { title: 'x' })) as { ok: boolean }).ok, false);
  });

  test('an invalid payload is a VALIDATION_ERROR naming the field; the handler never runs', async () => {
    const { ipc, window, calls } = gatewayWithWindow();
    const send = (...args: unknown[]) => ipc.invoke(window.webContents, window.webContents.mainFrame, IPC_CHANNELS.notify, ...args);
    const cases: [unknown[], string][] = [
      [[{ title: '' }], 'title'],
      [[{ title: 42 }], 'title'],
      [[{ title: 'x'.repeat(121) }], 'title'],
      [[{ title: 'ok', script: 'alert(1)' }], '_'],
      [['just a string'], '_'],
      [[], '_'],
      [[{ title: 'ok' }, 'an extra argument'], '_'],
    ];
    for (const [args, field] of cases) {
      const answer = (await send(...args)) as { ok: false; error: { code: string; details: Record<string, string> } };
      assert.equal(answer.ok, false, JSON.stringify(args));
      assert.equal(answer.error.code, 'VALIDATION_ERROR', JSON.stringify(args));
      assert.ok(field in answer.error.details, `${JSON.stringify(args)}: ${JSON.stringify(answer.error.details)}`);
    }
    assert.equal(calls(), 0);
  });

  test('a handler that throws is INTERNAL_ERROR without its message; the details go to the log', async () => {
    const { ipc, window, refused } = gatewayWithWindow();
    const answer = await ipc.invoke(window.webContents, window.webContents.mainFrame, IPC_CHANNELS.appInfo);
    assert.deepEqual(answer, { ok: false, error: { code: 'INTERNAL_ERROR', message: 'Something went wrong in the desktop app; the details are in its log', details: {} } });
    assert.ok(refused.some((line) => line.includes('disk on fire')));
  });

  test('a channel registered twice is a bug caught at start-up; dispose() removes every handler', () => {
    const { ipc, gateway } = gatewayWithWindow();
    assert.throws(() => gateway.handle('notify', () => ({ shown: true })), /twice/);
    gateway.dispose();
    assert.equal(ipc.handlers.size, 0);
  });
});

describe('the preload bridge (main/preload-api.ts)', () => {
  test('one function per message, each sending only its own channel and its one argument', async () => {
    const sent: unknown[][] = [];
    const api = createDesktopApi(async (...args) => {
      sent.push(args);
      return { ok: true, data: null };
    });
    assert.deepEqual(Object.keys(api).sort(), [...DESKTOP_METHODS].sort());
    await api.getSettings();
    await api.setSettings({ port: 9000 });
    await api.notify({ title: 'T', body: 'B' });
    await api.openExternal({ url: 'https://example.com/' });
    await api.revealDataFolder();
    await api.appInfo();
    await api.restart();
    // Extra arguments from the page are not passed along.
    await (api.appInfo as (...args: unknown[]) => Promise<unknown>)('smuggled');
    assert.deepEqual(sent, [
      [IPC_CHANNELS.getSettings],
      [IPC_CHANNELS.setSettings, { port: 9000 }],
      [IPC_CHANNELS.notify, { title: 'T', body: 'B' }],
      [IPC_CHANNELS.openExternal, { url: 'https://example.com/' }],
      [IPC_CHANNELS.revealDataFolder],
      [IPC_CHANNELS.appInfo],
      [IPC_CHANNELS.restart],
      [IPC_CHANNELS.appInfo],
    ]);
  });

  test('the preload gives the page the bridge and never ipcRenderer itself', async () => {
    const source = await readFile(new URL('../../../main/preload.ts', import.meta.url), 'utf8');
    assert.match(source, /exposeInMainWorld\(DESKTOP_BRIDGE_NAME, createDesktopApi\(/);
    assert.doesNotMatch(source, /exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    assert.equal([...source.matchAll(/exposeInMainWorld/g)].length, 1);
  });
});

describe('the desktop messages, end to end through the gateway', () => {
  let run: DesktopRun;
  const call = async (method: DesktopMethod, ...args: unknown[]) => {
    const window = run.electron.windows[0]!;
    const answer = await run.electron.ipc.invoke(window.webContents, window.webContents.mainFrame, IPC_CHANNELS[method], ...args);
    // Every answer, good or bad, has the contract's shape.
    ipcResultSchema(IPC_CONTRACT[method].answer).parse(answer);
    return answer as { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };
  };
  before(async () => {
    run = await runDesktop({ docker: { available: false, reason: 'Docker is not installed' } });
  });
  after(() => run.cleanup());

  test('every channel of the contract has a handler', () => {
    assert.deepEqual([...run.electron.ipc.handlers.keys()].sort(), Object.values(IPC_CHANNELS).sort());
  });

  test('appInfo: version, data dir, the window\'s URL, no LAN URLs while on loopback, and why the local agent is off', async () => {
    const answer = await call('appInfo');
    assert.ok(answer.ok);
    assert.deepEqual({ ...answer.data, electron: null }, {
      version: '0.1.0-test',
      electron: null,
      platform: 'linux',
      dataDir: run.dataDir,
      controllerUrl: run.desktop!.controller!.url,
      exposed: false,
      lanUrls: [],
      localAgent: { enabled: true, running: false, problem: 'docker_unavailable', reason: 'Docker is not installed', nodeId: null },
    });
  });

  test('getSettings / setSettings: saved at once; port and LAN say a restart is needed; a --port flag is named as the override', async () => {
    const initial = await call('getSettings');
    assert.ok(initial.ok);
    assert.deepEqual(initial.data, {
      settings: { port: 8420, exposeToLan: false, localAgent: true, startAtLogin: false, startMinimized: false },
      restartRequired: false,
      overrides: [{ setting: 'port', by: '--port' }],
    });
    const lan = await call('setSettings', { exposeToLan: true });
    assert.ok(lan.ok);
    assert.equal((lan.data.settings as { exposeToLan: boolean }).exposeToLan, true);
    assert.equal(lan.data.restartRequired, true, 'binding 0.0.0.0 takes a restart');
    const onDisk = JSON.parse(await readFile(join(run.userData, 'desktop-settings.json'), 'utf8'));
    assert.equal(onDisk.settings.exposeToLan, true);
    const back = await call('setSettings', { exposeToLan: false });
    assert.ok(back.ok);
    assert.equal(back.data.restartRequired, false);
  });

  test('setSettings: start at login writes an XDG autostart entry on Linux, and removes it when turned off', async () => {
    const file = join(run.userData, 'autostart', 'stellarstack.desktop');
    assert.ok((await call('setSettings', { startAtLogin: true })).ok);
    assert.match(await readFile(file, 'utf8'), /^\[Desktop Entry\][\s\S]*Exec=/);
    assert.ok((await call('setSettings', { startAtLogin: false })).ok);
    await assert.rejects(readFile(file, 'utf8'));
  });

  test('setSettings refuses a bad value with the field named', async () => {
    const answer = await call('setSettings', { port: 0 });
    assert.equal(answer.ok, false);
    assert.ok(!answer.ok && answer.error.code === 'VALIDATION_ERROR' && 'port' in answer.error.details);
  });

  test('openExternal opens http(s) links in the browser and refuses every other scheme', async () => {
    assert.deepEqual(await call('openExternal', { url: 'https://docs.example.com/a?b=c' }), { ok: true, data: { opened: true } });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'not a url']) {
      const answer = await call('openExternal', { url });
      assert.ok(!answer.ok && answer.error.code === 'VALIDATION_ERROR', url);
    }
    assert.deepEqual(run.electron.opened, ['https://docs.example.com/a?b=c']);
  });

  test('notify shows a native notification; revealDataFolder opens the data folder', async () => {
    assert.deepEqual(await call('notify', { title: 'Backup done', body: 'All good' }), { ok: true, data: { shown: true } });
    assert.deepEqual(run.electron.notifications.at(-1)!.options.title, 'Backup done');
    assert.deepEqual(await call('revealDataFolder'), { ok: true, data: { path: run.dataDir } });
    assert.deepEqual(run.electron.openedPaths, [run.dataDir]);
  });

  test('setSettings: the local-agent switch applies at once, and the status the UI reads follows it', async () => {
    const off = await call('setSettings', { localAgent: false });
    assert.ok(off.ok && off.data.restartRequired === false);
    const offInfo = await call('appInfo');
    assert.ok(offInfo.ok);
    assert.deepEqual(offInfo.data.localAgent, { enabled: false, running: false, problem: 'disabled', reason: 'turned off (the "Run game servers on this machine" setting)', nodeId: null });
    assert.ok((await call('setSettings', { localAgent: true })).ok);
    const onInfo = await call('appInfo');
    assert.ok(onInfo.ok);
    assert.equal((onInfo.data.localAgent as { problem: string }).problem, 'docker_unavailable', 'tried again; Docker is still missing here');
  });

  test('restart relaunches the app and quits it', async () => {
    assert.deepEqual(await call('restart'), { ok: true, data: { restarting: true } });
    assert.equal(run.electron.relaunched, 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok(run.electron.calls.includes('quit'));
  });
});
