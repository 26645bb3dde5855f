import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { ConsoleClient } from '../support/console-client.ts';
import { api, assertError, freePort, type Json } from '../support/controller.ts';
import { docker, OPENTTD_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { ensureOpenttdImage } from '../support/images.ts';
import { waitForNodeStatus } from '../support/nodes.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { holdsFor, waitFor } from '../support/wait.ts';

/**
 * The agent process dies (SIGTERM, then SIGKILL) while a real OpenTTD server runs: the game
 * keeps running in the same container, power actions are refused as NODE_OFFLINE meanwhile,
 * and the restarted agent reattaches: running, same container start, the backlog from before
 * the restart replayed to a new viewer, and commands work again.
 */

const skip = await dockerSkipReason();

describe('agent restart while a game server runs', { skip }, () => {
  let stack: Stack;
  let server: Json;
  let startedAt: string;
  let containerId: string;
  const clients: ConsoleClient[] = [];

  const open = async (url?: string) => {
    const token = await stack.consoleToken(server.id);
    const client = await ConsoleClient.open(url ?? token.consoleUrl, token.consoleToken);
    clients.push(client);
    await client.waitForType('backlog');
    return client;
  };

  /** Types OpenTTD's own `echo` command and waits for the game to print the text. */
  const echo = async (client: ConsoleClient, text: string) => {
    const from = client.lines.length;
    client.command(`echo ${text}`);
    await client.waitForLine(text, { from, timeoutMs: 10_000 });
  };

  const savedBacklog = async () => {
    const state = JSON.parse(await readFile(stack.serverPaths(server.id).stateFile, 'utf8')) as { backlog: string[] };
    return state.backlog;
  };

  before(async () => {
    await ensureOpenttdImage(docker);
    stack = await Stack.start({ label: 'e2e-reattach', blueprints: [OPENTTD_BLUEPRINT] });
    server = await stack.createServer({
      name: 'OpenTTD reattach',
      blueprintId: OPENTTD_BLUEPRINT.id,
      memory: 512,
      cpu: 100,
      disk: 1024,
      ports: [{ port: await freePort(), protocol: 'tcp' }],
    });
    await stack.waitForStatus(server.id, 'stopped');
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 30_000);
    const info = await stack.inspect(server.id);
    assert.ok(info?.State.Running);
    startedAt = info.State.StartedAt;
    containerId = info.Id;
  });

  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    test(`${signal} to the agent: the game keeps running, the new agent reattaches with the backlog, commands work`, async () => {
      const viewer = await open();
      const marker = `before-${signal}-${Date.now()}`;
      await echo(viewer, marker);
      // The agent saves the backlog at most a second after a line; SIGKILL gives it no chance to flush.
      if (signal === 'SIGKILL') await waitFor(async () => (await savedBacklog()).some((l) => l.includes(marker)), { timeoutMs: 5_000, message: 'the marker in the saved backlog' });

      const exit = await stack.agent.kill(signal);
      assert.equal(signal === 'SIGKILL' ? exit.signal : exit.code, signal === 'SIGKILL' ? 'SIGKILL' : 0, JSON.stringify(exit));
      await viewer.waitForClose(5_000);
      await waitForNodeStatus(stack.url, stack.admin.token, stack.node.id, 'offline', 10_000);

      // Meanwhile: the game runs on, the record still says running, and power is refused clearly.
      const during = await stack.inspect(server.id);
      assert.equal(during?.State.Running, true, 'the container outlives the agent');
      assert.equal(during?.State.StartedAt, startedAt);
      const offline = await stack.getServer(server.id);
      assert.equal(offline.status, 'running');
      assert.equal(offline.nodeOnline, false);
      assert.equal(offline.resources, null, 'no live usage from an offline node');
      assertError(await stack.power(server.id, 'stop'), 409, 'NODE_OFFLINE');
      assertError(await stack.power(server.id, 'kill'), 409, 'NODE_OFFLINE');

      await stack.startAgent();
      const back = await stack.waitForStatus(server.id, 'running', 10_000, (s) => s.nodeOnline === true && s.resources !== null);
      assert.equal(back.statusReason, null);
      await holdsFor(async () => (await stack.getServer(server.id)).status === 'running', 1_500, 'stays running after the reattach');
      const info = await stack.inspect(server.id);
      assert.equal(info?.Id, containerId, 'the same container');
      assert.equal(info?.State.StartedAt, startedAt, 'not restarted');

      const fresh = await open();
      assert.ok(fresh.backlogLines.some((l) => l.includes(marker)), `the backlog has the line from before the restart: ${JSON.stringify(fresh.backlogLines.slice(-5))}`);
      assert.ok(fresh.backlogLines.some((l) => l.includes('Map generated, starting game')));
      const status = fresh.frames.find((f) => f.type === 'status');
      assert.equal(status?.data, 'running');
      await echo(fresh, `after-${signal}-${Date.now()}`);
      const answer = fresh.lines.length;
      fresh.command('server_info');
      await fresh.waitForLine(/Current\/maximum clients/, { from: answer, timeoutMs: 10_000 });

      const relayed = await open(stack.relayUrl(server.id));
      assert.ok(relayed.backlogLines.some((l) => l.includes(marker)), 'the relay replays it too');
      await echo(relayed, `relay-after-${signal}`);
      await fresh.waitForLine(`relay-after-${signal}`, { timeoutMs: 5_000 });
      assert.deepEqual([...fresh.invalid, ...relayed.invalid], []);
      fresh.close();
      relayed.close();
    });
  }

  test('a relay viewer is told when the node goes away: NODE_OFFLINE, then the socket closes', async () => {
    const relayed = await open(stack.relayUrl(server.id));
    await stack.agent.kill('SIGKILL');
    const error = await relayed.waitForType('error', { timeoutMs: 5_000 });
    assert.equal(error.data.code, 'NODE_OFFLINE');
    await relayed.waitForClose(5_000);
    await stack.startAgent();
    await stack.waitForStatus(server.id, 'running', 10_000, (s) => s.nodeOnline === true);
  });

  test('controller restart: the game runs on, the agent dials back, status and consoles work again', async () => {
    const viewer = await open();
    const marker = `before-controller-restart-${Date.now()}`;
    await echo(viewer, marker);
    await stack.restartController('SIGTERM');
    await waitForNodeStatus(stack.url, stack.admin.token, stack.node.id, 'online', 15_000);
    const back = await stack.waitForStatus(server.id, 'running', 10_000, (s) => s.nodeOnline === true && s.resources !== null);
    assert.equal(back.statusReason, null);
    const info = await stack.inspect(server.id);
    assert.equal(info?.State.StartedAt, startedAt, 'not restarted');
    // The node's own console never depended on the controller: the viewer is still live.
    await echo(viewer, `node-port-survived-${Date.now()}`);
    const relayed = await open(stack.relayUrl(server.id));
    assert.ok(relayed.backlogLines.some((l) => l.includes(marker)));
    await echo(relayed, `relay-after-controller-restart-${Date.now()}`);
  });

  test('the reattached server still stops gracefully with its stop command', async () => {
    const res = await api(stack.url, `/servers/${server.id}/stop`, { token: stack.admin.token, method: 'POST' });
    assert.equal(res.status, 200, res.text);
    const stopped = await stack.waitForStatus(server.id, 'stopped', 15_000);
    assert.equal(stopped.statusReason, null);
    const info = await stack.inspect(server.id);
    assert.equal(info?.State.ExitCode, 0, 'quit through the reattached stdin, not killed');
  });
});
