import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ConsoleClient } from '../support/console-client.ts';
import { type Json } from '../support/controller.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/images.ts';
import { docker, ECHO_BLUEPRINT, signConsoleToken, Stack } from '../support/game-stack.ts';
import { dockerSkipReason } from '../support/requirements.ts';
import { delay, waitFor } from '../support/wait.ts';

/**
 * The console WebSocket with real processes: the node's own `/console` port and the
 * controller relay, both doors of one protocol. A busybox "echo" server answers every command
 * line, so each check is about the console, not about a game. Tokens are the real ones from
 * GET /servers/:id/console-token, or signed here (a foreign key; the controller's own key
 * read from its data file, for expired and short-lived tokens).
 */

const skip = await dockerSkipReason();

const FLOOD_LINES = 20_000;
// ~1 KiB lines: the flood (~20 MB) is far larger than what the kernel and ws buffer for a reader that stops.
const FLOOD_BLUEPRINT = {
  id: 'flood-test',
  name: 'Flood (test)',
  category: 'test',
  images: { local: BUSYBOX_IMAGE },
  startup: `pad=$(printf '%01000d' 0); i=0; while [ $i -lt ${FLOOD_LINES} ]; do echo "line $i $pad"; i=$((i+1)); done; sleep 1; echo flood-end; sleep 3600`,
  stop: { type: 'signal', value: 'SIGKILL' },
  done: [],
  startTimeoutSeconds: 10,
  stopGraceSeconds: 2,
  ports: [],
  defaults: { memory: 64, cpu: 100, disk: 64 },
  variables: [],
};

/** The engine's timestamp (ms) of the first log line of the server's container that contains `text`. */
async function loggedAt(serverId: string, text: string): Promise<number> {
  const raw = (await docker.getContainer(`stellar-${serverId}`).logs({ stdout: true, stderr: true, timestamps: true, tail: 20 })) as unknown as Buffer;
  // Without a TTY each chunk has an 8-byte stream header; the text after it starts with an RFC 3339 time.
  const line = raw.toString('latin1').split('\n').find((l) => l.includes(text));
  const stamp = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z)/.exec(line ?? '')?.[1];
  assert.ok(stamp, `a timestamped "${text}" in the container log: ${JSON.stringify(line)}`);
  return Date.parse(stamp);
}

const BURST_LINES = 200_000;
// seq prints as fast as the engine takes it: far faster than the old fixed cap of 2000 lines per 100 ms.
const BURST_BLUEPRINT = {
  ...FLOOD_BLUEPRINT,
  id: 'burst-test',
  name: 'Burst (test)',
  startup: `seq 1 ${BURST_LINES}; sleep 1; echo burst-end; sleep 3600`,
};

describe('the console WebSocket, node port and relay', { skip }, () => {
  let stack: Stack;
  let echoA: Json;
  let echoB: Json;
  const clients: ConsoleClient[] = [];
  /** The two doors of one protocol: the node's own console port, and the controller relay for a server. */
  const doors = (): { door: string; url: (serverId: string) => string }[] => [
    { door: 'node port', url: () => stack.nodeConsoleUrl() },
    { door: 'relay', url: (serverId) => stack.relayUrl(serverId) },
  ];

  const connect = async (url: string) => {
    const client = await ConsoleClient.connect(url);
    clients.push(client);
    return client;
  };
  const open = async (url: string, token: string) => {
    const client = await connect(url);
    await client.auth(token);
    return client;
  };
  /** After a refusal: nothing of the console arrives for a while. */
  const assertNoConsole = async (client: ConsoleClient, ms = 600) => {
    await delay(ms);
    const leaked = client.frames.filter((f) => ['auth_success', 'console', 'backlog', 'status', 'stats'].includes(f.type));
    assert.deepEqual(leaked, [], 'no console frames after a refused auth');
  };

  before(async () => {
    await ensureBusyboxImage(docker);
    stack = await Stack.start({ label: 'e2e-console', blueprints: [ECHO_BLUEPRINT, FLOOD_BLUEPRINT, BURST_BLUEPRINT] });
    const body = { blueprintId: ECHO_BLUEPRINT.id, memory: 64, cpu: 50, disk: 64 };
    echoA = await stack.createServer({ name: 'echo A', ...body });
    echoB = await stack.createServer({ name: 'echo B', ...body });
    for (const server of [echoA, echoB]) {
      await stack.waitForStatus(server.id, 'stopped');
      assert.equal((await stack.power(server.id, 'start')).status, 200);
      await stack.waitForStatus(server.id, 'running');
    }
  });

  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  test('auth, status, backlog, live lines, commands, logs and stats — on both doors', async () => {
    const token = await stack.consoleToken(echoA.id);
    assert.match(token.consoleToken, /^strk_console_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.equal(token.consoleUrl, stack.nodeConsoleUrl());
    assert.equal(token.relayUrl, stack.relayUrl(echoA.id));
    assert.deepEqual(token.permissions, { canRead: true, canWrite: true });
    const ttl = Date.parse(token.expiresAt) - Date.now();
    assert.ok(ttl > 240_000 && ttl <= 300_000, `about five minutes: ${ttl} ms`);

    for (const { door, url } of doors()) {
      const client = await connect(url(echoA.id));
      const success = await client.auth(token.consoleToken);
      assert.deepEqual(success.data, {
        serverId: echoA.id,
        permissions: { canRead: true, canWrite: true, power: ['start', 'stop', 'restart', 'kill'] },
        expiresAt: token.expiresAt,
      }, door);
      // The order a client relies on: auth_success, status, backlog, then live frames.
      await client.waitForType('backlog');
      assert.deepEqual(client.frames.slice(0, 3).map((f) => f.type), ['auth_success', 'status', 'backlog'], door);
      assert.deepEqual(client.frames[1], { type: 'status', data: 'running' });
      assert.ok(client.backlogLines.includes('echo-ready'), `${door}: backlog ${JSON.stringify(client.backlogLines)}`);

      const word = `hello-${door.replace(' ', '-')}-${Date.now()}`;
      client.command(word);
      assert.equal(await client.waitForLine(`got: ${word}`), `got: ${word}`);

      const mark = client.mark();
      client.logs();
      const backlog = await client.waitForType('backlog', { from: mark });
      assert.ok(backlog.data.lines.includes(`got: ${word}`), `${door}: logs answers with the backlog`);

      // Stats about once a second: four samples span about three seconds.
      const statsFrom = client.mark();
      const first = await client.waitForType('stats', { from: statsFrom, timeoutMs: 2_500 });
      const firstAt = Date.now();
      await client.waitFor(() => client.frames.slice(statsFrom).filter((f) => f.type === 'stats').length >= 4, { timeoutMs: 4_500, message: 'four stats frames' });
      assert.ok(Date.now() - firstAt < 4_500, `${door}: three more stats in ${Date.now() - firstAt} ms`);
      assert.equal(first.data.memoryLimit, 64 * 1024 * 1024);
      assert.deepEqual(client.invalid, [], door);
      client.close();
    }
  });

  test('power over the WebSocket: stop and start, with status frames', async () => {
    const token = await stack.consoleToken(echoB.id);
    const client = await open(stack.relayUrl(echoB.id), token.consoleToken);
    const mark = client.mark();
    client.power('stop');
    await client.waitFor((f) => f.type === 'status' && f.data === 'stopped', { from: mark, timeoutMs: 10_000, message: 'stopped' });
    await stack.waitForStatus(echoB.id, 'stopped');
    client.power('start');
    await client.waitFor((f) => f.type === 'status' && f.data === 'running', { from: mark, timeoutMs: 10_000, message: 'running' });
    await client.waitForLine('echo-ready', { timeoutMs: 5_000 });
    await stack.waitForStatus(echoB.id, 'running');
    client.close();
  });

  test('unauthenticated sockets: anything but auth is refused and closed; garbage gets an error and the socket stays usable', async () => {
    for (const { door, url } of doors()) {
      const early = await connect(url(echoA.id));
      early.command('whoami');
      const error = await early.waitForType('error');
      assert.equal(error.data.code, 'UNAUTHORIZED', door);
      const closed = await early.waitForClose(5_000);
      assert.equal(closed.code, 4401, door);

      const garbage = await connect(url(echoA.id));
      garbage.send('{not json');
      assert.equal((await garbage.waitForType('error')).data.code, 'INVALID_JSON', door);
      garbage.send({ type: 'dance' });
      assert.equal((await garbage.waitFor((f) => f.type === 'error' && f.data.code === 'VALIDATION_ERROR', { message: 'VALIDATION_ERROR' })).type, 'error');
      const token = await stack.consoleToken(echoA.id);
      await garbage.auth(token.consoleToken);
      garbage.close();
    }
  });

  test('a token signed with a foreign key is refused: an error frame and no console', async () => {
    const foreign = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const token = signConsoleToken(foreign.privateKey, stack.claims({ srv: echoA.id }));
    for (const { door, url } of doors()) {
      const client = await connect(url(echoA.id));
      client.send({ type: 'auth', token });
      const error = await client.waitForType('error');
      assert.equal(error.data.code, 'UNAUTHORIZED', door);
      assert.match(error.data.message, /invalid/i);
      await assertNoConsole(client);
      // Still unauthenticated: a command is refused and the socket closed.
      client.command('sneaky');
      await client.waitForClose(5_000);
      assert.ok(!client.lines.includes('got: sneaky'));
    }
  });

  test('an expired token (signed with the controller’s own key) is refused; so is a token for another node', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await stack.signWithControllerKey({ srv: echoA.id, iat: now - 400, exp: now - 100 });
    const otherNode = await stack.signWithControllerKey({ srv: echoA.id, aud: 'node_someoneelse' });
    for (const { door, url } of doors()) {
      const client = await connect(url(echoA.id));
      client.send({ type: 'auth', token: expired });
      const error = await client.waitForType('error');
      assert.equal(error.data.code, 'UNAUTHORIZED', door);
      assert.match(error.data.message, /expired/i, door);
      await assertNoConsole(client, 300);

      const mark = client.mark();
      client.send({ type: 'auth', token: otherNode });
      const refused = await client.waitForType('error', { from: mark });
      assert.equal(refused.data.code, 'FORBIDDEN', door);
      assert.match(refused.data.message, /another node/, door);
      await assertNoConsole(client, 300);
      client.close();
    }
  });

  test('a token for server A used on the relay of server B is refused', async () => {
    const tokenA = await stack.consoleToken(echoA.id);
    const client = await connect(stack.relayUrl(echoB.id));
    client.send({ type: 'auth', token: tokenA.consoleToken });
    const error = await client.waitForType('error');
    assert.equal(error.data.code, 'FORBIDDEN');
    assert.match(error.data.message, /another server/);
    await assertNoConsole(client);
    client.close();
  });

  test('a read-only token reads the console but may not send commands or power actions', async () => {
    const token = await stack.signWithControllerKey({ srv: echoA.id, perms: ['server.console'] });
    const client = await open(stack.nodeConsoleUrl(), token);
    const success = client.frames.find((f) => f.type === 'auth_success');
    assert.deepEqual(success?.data.permissions, { canRead: true, canWrite: false, power: [] });
    client.command('not-allowed');
    assert.equal((await client.waitForType('error')).data.code, 'FORBIDDEN');
    const mark = client.mark();
    client.power('kill');
    assert.equal((await client.waitForType('error', { from: mark })).data.code, 'FORBIDDEN');
    await delay(300);
    assert.ok(!client.lines.includes('got: not-allowed'));
    assert.equal((await stack.getServer(echoA.id)).status, 'running');
    client.close();
  });

  test('token_expiring and token_expired for a short-lived token; commands refused after expiry; a fresh auth works again', async () => {
    for (const { door, url } of doors()) {
      const exp = Math.floor(Date.now() / 1000) + 3;
      const shortLived = await stack.signWithControllerKey({ srv: echoA.id, exp });
      const client = await open(url(echoA.id), shortLived);
      // The notice comes 60 s before expiry, so at once for a 3-second token.
      const expiring = await client.waitForType('token_expiring', { timeoutMs: 1_500 });
      assert.equal(expiring.data.expiresAt, new Date(exp * 1000).toISOString(), door);
      client.command('while-valid');
      await client.waitForLine('got: while-valid');

      await client.waitForType('token_expired', { timeoutMs: 6_000 });
      assert.ok(Date.now() >= exp * 1000 - 100, `${door}: not before expiry`);
      const mark = client.mark();
      client.command('after-expiry');
      const error = await client.waitForType('error', { from: mark });
      assert.equal(error.data.code, 'UNAUTHORIZED', door);
      assert.match(error.data.message, /expired/);
      await delay(300);
      assert.ok(!client.lines.includes('got: after-expiry'), `${door}: the command did not reach the server`);
      assert.ok(client.isOpen, `${door}: the socket stays open for a fresh auth`);

      const fresh = await stack.consoleToken(echoA.id);
      await client.auth(fresh.consoleToken);
      client.command('after-refresh');
      await client.waitForLine('got: after-refresh');
      client.close();
    }
  });

  test('re-auth before expiry refreshes the session: no token_expired for the old token, commands keep working', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const client = await open(stack.relayUrl(echoA.id), await stack.signWithControllerKey({ srv: echoA.id, exp }));
    await client.waitForType('token_expiring', { timeoutMs: 1_500 });
    const fresh = await stack.consoleToken(echoA.id);
    const mark = client.mark();
    const success = await client.auth(fresh.consoleToken);
    assert.equal(success.data.expiresAt, fresh.expiresAt);
    await delay(Math.max(0, exp * 1000 - Date.now()) + 800);
    assert.equal(client.frames.slice(mark).filter((f) => f.type === 'token_expired').length, 0, 'the old token’s expiry no longer applies');
    // Re-auth on a live session does not replay the console a second time.
    assert.equal(client.frames.slice(mark).filter((f) => f.type === 'backlog').length, 0);
    client.command('after-refresh-in-time');
    await client.waitForLine('got: after-refresh-in-time');
    client.close();
  });

  test('a fast, finite burst of 200 000 lines reaches a connected viewer whole, in order, with no throttled notice — on both doors', async () => {
    const burst = await stack.createServer({ name: 'burst', blueprintId: BURST_BLUEPRINT.id, memory: 64, cpu: 100, disk: 64 });
    await stack.waitForStatus(burst.id, 'stopped');
    const token = (await stack.consoleToken(burst.id)).consoleToken;
    const viewers = await Promise.all(doors().map(({ url }) => open(url(burst.id), token)));
    assert.equal((await stack.power(burst.id, 'start')).status, 200);
    for (const [i, client] of viewers.entries()) {
      const door = doors()[i]?.door;
      await client.waitForLine('burst-end', { timeoutMs: 60_000 });
      const got = client.lines.filter((l) => /^\d+$/.test(l)).map(Number);
      console.log(`# burst (${door}): ${got.length} lines delivered`);
      assert.deepEqual(client.frames.filter((f) => f.type === 'throttled'), [], `${door}: a viewer that keeps up is never throttled`);
      assert.equal(got.length, BURST_LINES, `${door}: every line`);
      assert.ok(got.every((n, j) => n === j + 1), `${door}: each line once, in order`);
      assert.deepEqual(client.invalid, [], door);
    }
    assert.equal((await stack.power(burst.id, 'kill')).status, 200);
  });

  test('a viewer that stops reading is throttled without hurting the others: 20 000 lines flooded, the fast viewers get every one while the slow ones are stuck', async () => {
    const flood = await stack.createServer({ name: 'flood', blueprintId: FLOOD_BLUEPRINT.id, memory: 64, cpu: 100, disk: 64 });
    await stack.waitForStatus(flood.id, 'stopped');
    const token = (await stack.consoleToken(flood.id)).consoleToken;
    const viewers: { door: string; fast: ConsoleClient; slow: ConsoleClient }[] = [];
    for (const { door, url } of doors()) {
      const fast = await open(url(flood.id), token);
      const slow = await open(url(flood.id), token);
      await fast.waitForType('backlog');
      await slow.waitForType('backlog');
      slow.pauseReading();
      viewers.push({ door, fast, slow });
    }

    const t0 = Date.now();
    assert.equal((await stack.power(flood.id, 'start')).status, 200);
    // The shell loop itself prints slowly on a busy machine (500 lines/s with twenty jobs on two cores): wait for the server, not the console.
    await Promise.all(viewers.map(({ fast }) => fast.waitForLine('flood-end', { timeoutMs: 120_000 })));
    const reachedEnd = Date.now();
    // When the game printed its last line, by the engine's own log timestamps (same host clock).
    const printedAt = await loggedAt(flood.id, 'flood-end');
    const lag = reachedEnd - printedAt;
    console.log(`# flood: fast viewers reached the end ${reachedEnd - t0} ms after start, ${lag} ms after the line was printed`);
    assert.ok(lag < 5_000, `the fast viewers are live, not held back by the slow ones: ${lag} ms behind`);

    const numbers = (client: ConsoleClient) => client.lines.filter((l) => l.startsWith('line ')).map((l) => Number(l.split(' ')[1]));
    for (const { door, fast, slow } of viewers) {
      const got = numbers(fast);
      // The slow viewers' trouble costs the fast ones nothing: every line, in order, no notice.
      assert.equal(got.length, FLOOD_LINES, `${door}: fast viewer got ${got.length} lines, last ${got.at(-1)}`);
      assert.ok(got.every((n, i) => n === i), `${door}: in order`);
      assert.deepEqual(fast.frames.filter((f) => f.type === 'throttled'), [], door);
      // The slow one saw nothing while it was not reading.
      assert.equal(numbers(slow).length, 0, `${door}: the slow viewer is stuck`);
      assert.deepEqual(fast.invalid, [], door);
    }

    // Once it reads again, the slow viewer catches up with the newest output, having lost older lines rather than stalled anyone.
    for (const { door, fast, slow } of viewers) {
      slow.resumeReading();
      await slow.waitForLine('flood-end', { timeoutMs: 15_000 }).catch((error: Error) => {
        throw new Error(`${door}, slow viewer after it reads again: ${error.message}`);
      });
      const slowGot = numbers(slow);
      assert.ok(slowGot.length < numbers(fast).length, `${door}: the slow viewer lost lines (${slowGot.length} vs ${numbers(fast).length})`);
      assert.ok(slowGot.every((n, i) => i === 0 || n > (slowGot[i - 1] as number)), `${door}: what it got is in order`);
      // It was told: the notices count exactly the lines it lost, and come before the newest lines.
      const notices = slow.frames.flatMap((f) => (f.type === 'throttled' ? [f.data.dropped] : []));
      assert.ok(notices.length >= 1, `${door}: a throttled notice`);
      assert.equal(slowGot.length + notices.reduce((a, b) => a + b, 0), FLOOD_LINES, `${door}: delivered + dropped = printed`);
      assert.deepEqual(slow.invalid, [], door);
    }

    // And the server is still fine: running, its console usable.
    assert.equal((await stack.getServer(flood.id)).status, 'running');
    await waitFor(() => viewers.every(({ fast }) => fast.isOpen), { timeoutMs: 1_000, message: 'fast viewers still connected' });
    assert.equal((await stack.power(flood.id, 'kill')).status, 200);
    await stack.waitForStatus(flood.id, 'stopped');
  });
});
