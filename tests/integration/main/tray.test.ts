import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ServerStatus } from '../../../contracts/index.ts';
import { Desktop } from '../../../main/desktop.ts';
import { setupTray } from '../../../main/setup-tray.ts';
import { trayTooltip } from '../../../main/tray.ts';
import { dialAgentLink, type FrameSocket } from '../../support/agent-link.ts';
import { startTestApp, tempDir, type TestApp } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';
import { createFakeElectron, type FakeElectron, type FakeTray } from '../../support/main/fake-electron.ts';
import { ASSETS } from '../../support/main/helpers.ts';

const HELLO = {
  type: 'hello', protocol: 1, agentVersion: 'test', hostname: 'raw', platform: 'linux', arch: 'x64', cpus: 1,
  memoryTotal: 1024, docker: { available: true, version: '24', reason: null },
};

/**
 * The tray and notifications against a real controller started in-process: server states
 * change through its servers repository and nodes go on- and offline through a real agent
 * link, exactly as an agent's reports would make them.
 */
describe('tray and notifications (main/tray.ts, main/setup-tray.ts)', () => {
  let app: TestApp;
  let userData: string;
  let electron: FakeElectron;
  let desktop: Desktop;
  let tray: FakeTray;
  let nodeId: string;
  let nodeToken: string;
  const serverIds: Record<string, string> = {};

  const repo = () => app.controller.app.servers;
  const setStatus = (name: string, status: ServerStatus) => repo().setStatus(serverIds[name]!, status, null);

  before(async () => {
    app = await startTestApp();
    userData = await tempDir('desktop-tray');
    const node = await app.controller.app.nodes.create({ name: 'rack-1', host: '127.0.0.1', consolePort: 5000, consoleTls: false, hostNetwork: true, memory: 8192, disk: 8192, cpu: 400 });
    nodeId = node.id;
    nodeToken = 'strk_node_traytest0123456789abcdefghijklmnopqrstu';
    await app.controller.app.nodes.setToken(nodeId, nodeToken);
    for (const [index, name] of ['alpha', 'bravo', 'charlie'].entries()) {
      // One port each: a node never hands one port to two servers.
      const server = await repo().create({
        name, description: '', nodeId, blueprintId: 'openttd', ownerId: 'usr_test', image: 'stellar/openttd:test', memory: 64, cpu: 10, disk: 64, swap: 0,
        ports: [{ port: 3979 + index, protocol: 'tcp' }], variables: {}, restartPolicy: { enabled: false, maxRetries: 3 },
      });
      serverIds[name] = server.id;
      await repo().setStatus(server.id, 'stopped', null);
    }
  });
  after(async () => {
    desktop?.watch?.dispose();
    desktop?.tray?.destroy();
    await app.close();
    await rm(userData, { recursive: true, force: true });
  });
  beforeEach(async () => {
    desktop?.watch?.dispose();
    desktop?.tray?.destroy();
    for (const name of Object.keys(serverIds)) await setStatus(name, 'stopped');
    electron = createFakeElectron({ userData });
    desktop = new Desktop(electron, { argv: [], preloadPath: '/x/preload.cjs', assetsDir: ASSETS, say: () => {}, log: () => {}, platform: 'linux' });
    desktop.controller = app.controller;
    setupTray(desktop);
    tray = electron.trays[0]!;
  });

  test('the tooltip and title count running servers, following real status changes', async () => {
    assert.equal(tray.toolTip, 'StellarStack — no servers running');
    assert.equal(tray.title, '');
    await setStatus('alpha', 'starting');
    assert.equal(tray.toolTip, 'StellarStack — no servers running', 'starting is not running yet');
    await setStatus('alpha', 'running');
    assert.equal(tray.toolTip, 'StellarStack — 1 server running');
    assert.equal(tray.title, '1');
    await setStatus('bravo', 'running');
    assert.equal(tray.toolTip, 'StellarStack — 2 servers running');
    assert.equal(tray.title, '2');
    await setStatus('alpha', 'crashed');
    assert.equal(tray.toolTip, 'StellarStack — 1 server running');
    await repo().delete(serverIds.bravo!).then(async () => {
      // Put it back for the other tests.
      const again = await repo().create({
        name: 'bravo', description: '', nodeId, blueprintId: 'openttd', ownerId: 'usr_test', image: 'stellar/openttd:test', memory: 64, cpu: 10, disk: 64, swap: 0,
        ports: [{ port: 3980, protocol: 'tcp' }], variables: {}, restartPolicy: { enabled: false, maxRetries: 3 },
      });
      assert.equal(tray.toolTip, 'StellarStack — no servers running', 'a deleted server no longer counts');
      serverIds.bravo = again.id;
      await repo().setStatus(again.id, 'stopped', null);
    });
    assert.equal(trayTooltip(3), 'StellarStack — 3 servers running');
  });

  test('the menu: Open, recent servers (latest status change first) with Start/Stop, Quit', async () => {
    assert.deepEqual(tray.menu.filter((i) => i.type !== 'separator').map((i) => i.label), ['Open StellarStack', 'Recent servers', 'Quit StellarStack']);
    await setStatus('charlie', 'running');
    await setStatus('alpha', 'crashed');
    const recent = tray.item('Recent servers')!.submenu!.map((i) => i.label);
    // The node has no agent connected, so its servers say so and cannot be powered.
    assert.deepEqual(recent.slice(0, 2), ['alpha — node offline', 'charlie — node offline']);
    const start = tray.item('Recent servers', 'alpha — node offline', 'Start')!;
    assert.equal(start.enabled, false);

    tray.item('Open StellarStack')!.click!();
    tray.item('Quit StellarStack')!.click!();
    assert.ok(electron.calls.includes('quit'));
  });

  test('Start and Stop from the tray reach the node through the controller; the menu follows its status', async () => {
    const dialed = await dialAgentLink(app.url, nodeToken);
    assert.equal(dialed.kind, 'open');
    const agent = (dialed as { socket: FrameSocket }).socket;
    try {
      agent.send(HELLO);
      await agent.nextOfType('welcome');
      await waitFor(() => tray.item('Recent servers')!.submenu!.some((i) => i.label === 'alpha — stopped'), { message: 'alpha shown with its node online' });
      const start = tray.item('Recent servers', 'alpha — stopped', 'Start')!;
      assert.equal(start.enabled, true);
      assert.equal(tray.item('Recent servers', 'alpha — stopped', 'Stop')!.enabled, false);
      start.click!();
      const request = await agent.nextOfType('request');
      assert.deepEqual(request.request, { method: 'server.power', params: { serverId: serverIds.alpha, action: 'start' } });
      agent.send({ type: 'response', id: request.id, ok: true, data: { status: 'starting' } });
      // The agent then reports the state, as a real one does.
      agent.send({ type: 'event', payload: { event: 'server_status', serverId: serverIds.alpha, status: 'running', reason: null } });
      await waitFor(() => tray.toolTip === 'StellarStack — 1 server running', { message: 'running count 1' });
      assert.equal(tray.item('Recent servers', 'alpha — running', 'Stop')!.enabled, true);
    } finally {
      agent.close();
    }
  });

  test('a crash notifies once per fall, not again while it stays crashed, and not for a server already crashed at launch', async () => {
    await setStatus('alpha', 'running');
    await setStatus('alpha', 'crashed');
    await setStatus('alpha', 'crashed');
    await repo().setStatus(serverIds.alpha!, 'crashed', 'exit code 1');
    const crashes = electron.notifications.filter((n) => n.options.title === 'alpha crashed');
    assert.equal(crashes.length, 1, electron.notifications.map((n) => n.options.title).join(', '));
    assert.match(crashes[0]!.options.body, /console/);

    // A crash-loop within a minute shows no second notification.
    await setStatus('alpha', 'running');
    await setStatus('alpha', 'crashed');
    assert.equal(electron.notifications.filter((n) => n.options.title === 'alpha crashed').length, 1);

    // A fresh app that starts with alpha crashed does not announce it.
    const later = createFakeElectron({ userData });
    const other = new Desktop(later, { argv: [], preloadPath: '/x', assetsDir: ASSETS, say: () => {}, log: () => {}, platform: 'linux' });
    other.controller = app.controller;
    setupTray(other);
    await setStatus('bravo', 'running');
    assert.equal(later.notifications.length, 0);
    other.watch!.dispose();
    other.tray!.destroy();
  });

  test('a node that goes offline notifies once; a reconnect and a second drop soon after do not notify again', async () => {
    for (let round = 0; round < 2; round++) {
      const dialed = await dialAgentLink(app.url, nodeToken);
      const agent = (dialed as { socket: FrameSocket }).socket;
      agent.send(HELLO);
      await agent.nextOfType('welcome');
      agent.close();
      await waitFor(() => !app.controller.app.agents.isOnline(nodeId), { message: 'node offline' });
    }
    await waitFor(() => electron.notifications.some((n) => n.options.title === 'Node rack-1 went offline'), { message: 'offline notification' });
    assert.equal(electron.notifications.filter((n) => n.options.title === 'Node rack-1 went offline').length, 1);
  });

  test('clicking a notification brings the window', async () => {
    await setStatus('charlie', 'running');
    await setStatus('charlie', 'crashed');
    const notification = electron.notifications.find((n) => n.options.title === 'charlie crashed')!;
    assert.ok(notification);
    // No window yet in this stand-alone tray test: showing one needs the controller URL, which it has.
    notification.emit('click');
    await waitFor(() => electron.windows.length === 1 && electron.windows[0]!.visible, { message: 'a window shown' });
    electron.windows[0]!.destroyed = true;
  });
});
