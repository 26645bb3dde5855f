import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backoffDelay,
  ConsoleConnection,
  parseFrame,
  type ConsoleEvent,
  type ConsoleGrant,
  type ConsoleRoute,
  type RouteMemory,
  type SocketHandlers,
  type Timers,
} from '../../../renderer/features/servers/console/console-connection.ts';

/** Timers that run only when the test advances the clock. */
class FakeClock implements Timers {
  now = 1_000_000;
  #next = 1;
  #timers = new Map<number, { at: number; run: () => void }>();

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
      await flush();
    }
    this.now = end;
    await flush();
  }
}

class FakeSocket {
  sent: unknown[] = [];
  closed: { code?: number; reason?: string } | null = null;
  constructor(readonly url: string, readonly handlers: SocketHandlers) {}
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  // What the server side does:
  open() {
    this.handlers.open();
  }
  frame(frame: unknown) {
    this.handlers.message(JSON.stringify(frame));
  }
  drop(code = 1006, reason = '') {
    this.handlers.close(code, reason);
  }
  get types(): string[] {
    return this.sent.map((f) => (f as { type: string }).type);
  }
}

const DIRECT = 'ws://node.lan:5000/console';
const RELAY = 'ws://controller.lan:8420/api/v1/servers/srv_1/console';
const AUTH_OK = { type: 'auth_success', data: { serverId: 'srv_1', permissions: { canRead: true, canWrite: true, power: ['start'] }, expiresAt: '' } };

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

function setup(options: { fetchToken?: () => Promise<ConsoleGrant>; memory?: RouteMemory } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const events: ConsoleEvent[] = [];
  let tokens = 0;
  const fetchToken = options.fetchToken ?? (async () => {
    tokens += 1;
    return {
      consoleToken: `strk_console_${tokens}`,
      consoleUrl: DIRECT,
      relayUrl: RELAY,
      expiresAt: new Date(clock.now + 300_000).toISOString(),
      permissions: { canRead: true, canWrite: true },
    };
  });
  const connection = new ConsoleConnection({
    fetchToken,
    createSocket: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    timers: clock,
    now: () => clock.now,
    random: () => 0.5,
    routeMemory: options.memory,
  });
  connection.subscribe((event) => events.push(event));
  return {
    clock,
    sockets,
    events,
    connection,
    get tokens() {
      return tokens;
    },
    last: () => sockets.at(-1)!,
    /** Runs the clock until the next socket opens (the backoff wait is over). */
    async nextSocket(): Promise<FakeSocket> {
      const count = sockets.length;
      for (let waited = 0; sockets.length === count; waited += 100) {
        assert.ok(waited < 120_000, 'no new socket within two minutes');
        await clock.advance(100);
      }
      return sockets.at(-1)!;
    },
    states: () => events.filter((e) => e.type === 'state').map((e) => (e as { state: { kind: string } }).state.kind),
  };
}

function memory(): RouteMemory & { map: Map<string, ConsoleRoute> } {
  const map = new Map<string, ConsoleRoute>();
  return { map, get: (url) => map.get(url) ?? null, set: (url, route) => void map.set(url, route) };
}

describe('console connection', () => {
  test('authenticates on the node port first, then hands backlog, lines, status and stats to listeners', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const socket = t.last();
    assert.equal(socket.url, DIRECT);
    socket.open();
    assert.deepEqual(socket.sent, [{ type: 'auth', token: 'strk_console_1' }]);
    socket.frame(AUTH_OK);
    assert.equal(t.connection.state.kind, 'live');
    assert.deepEqual(t.connection.permissions, { canRead: true, canWrite: true, power: ['start'] });
    socket.frame({ type: 'status', data: 'running' });
    socket.frame({ type: 'backlog', data: { lines: ['one', 'two'] } });
    socket.frame({ type: 'console', data: 'three' });
    socket.frame({ type: 'console', data: { lines: ['four', 'five'] } });
    socket.frame({ type: 'stats', data: { cpu: 1, memory: 2, memoryLimit: 3, disk: 4, networkRx: 5, networkTx: 6, uptime: 7 } });
    socket.frame({ type: 'throttled', data: { dropped: 42 } });
    socket.frame({ type: 'error', data: { code: 'INVALID_STATE', message: 'not running' } });
    const rest = t.events.filter((e) => e.type !== 'state' && e.type !== 'authenticated');
    assert.deepEqual(rest, [
      { type: 'status', status: 'running' },
      { type: 'backlog', lines: ['one', 'two'] },
      { type: 'lines', lines: ['three'] },
      { type: 'lines', lines: ['four', 'five'] },
      { type: 'stats', stats: { cpu: 1, memory: 2, memoryLimit: 3, disk: 4, networkRx: 5, networkTx: 6, uptime: 7 } },
      { type: 'throttled', dropped: 42 },
      { type: 'error', code: 'INVALID_STATE', message: 'not running' },
    ]);
  });

  test('a session closed because access was revoked says why and does not reconnect on its own', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const socket = t.last();
    socket.open();
    socket.frame(AUTH_OK);
    socket.drop(4403, 'the account was suspended');
    assert.deepEqual(t.connection.state, { kind: 'failed', code: 'ACCESS_REVOKED', message: 'your access was revoked (the account was suspended)' });
    await t.clock.advance(120_000);
    assert.equal(t.sockets.length, 1, 'no new socket');
    assert.equal(t.tokens, 1, 'no new token');
  });

  test('asks for the backlog only when the agent did not replay it after auth', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const replayed = t.last();
    replayed.open();
    replayed.frame(AUTH_OK);
    replayed.frame({ type: 'backlog', data: { lines: [] } });
    await t.clock.advance(5000);
    assert.deepEqual(replayed.types, ['auth']);

    replayed.drop();
    const silent = await t.nextSocket();
    silent.open();
    silent.frame(AUTH_OK);
    await t.clock.advance(5000);
    assert.deepEqual(silent.types, ['auth', 'logs']);
  });

  test('falls back to the relay when the node port fails before auth, and remembers it for the session', async () => {
    const routes = memory();
    const t = setup({ memory: routes });
    t.connection.start();
    await flush();
    t.last().drop(1006);
    const relay = t.last();
    assert.equal(relay.url, RELAY);
    assert.equal(t.sockets.length, 2);
    relay.open();
    assert.deepEqual(relay.sent, [{ type: 'auth', token: 'strk_console_1' }]);
    relay.frame(AUTH_OK);
    assert.deepEqual(t.connection.state, { kind: 'live', route: 'relay' });
    assert.equal(routes.map.get(DIRECT), 'relay');

    // The next connection (after a drop) goes straight to the relay.
    relay.drop();
    assert.equal((await t.nextSocket()).url, RELAY);
    assert.equal(t.sockets.length, 3);
  });

  test('falls back to the relay when the node port stays silent for 3 s', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const direct = t.last();
    await t.clock.advance(2999);
    assert.equal(t.sockets.length, 1);
    await t.clock.advance(1);
    assert.ok(direct.closed, 'the silent socket is closed');
    assert.equal(t.last().url, RELAY);
  });

  test('does not fall back when the node answered (a refusal is not unreachability)', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const direct = t.last();
    direct.open();
    direct.frame({ type: 'error', data: { code: 'UNAUTHORIZED', message: 'bad token' } });
    direct.drop(4401, 'unauthenticated');
    assert.equal(t.sockets.length, 1);
    const state = t.connection.state;
    assert.equal(state.kind, 'waiting');
    assert.equal(state.kind === 'waiting' && state.reason, 'bad token', 'the refusal is the reason shown with the countdown');
    assert.ok(!t.events.some((e) => e.type === 'error'), 'a refusal before auth is not a console error');
  });

  test('reconnects with exponential backoff and jitter, and a fresh token after a failed auth', async () => {
    const t = setup();
    const delays: number[] = [];
    t.connection.subscribe((e) => {
      if (e.type === 'state' && e.state.kind === 'waiting') delays.push(e.state.retryAt - t.clock.now);
    });
    t.connection.start();
    await flush();
    for (let i = 0; i < 7; i += 1) {
      // Node port answers but refuses: no fallback, a retry.
      t.last().open();
      t.last().frame({ type: 'error', data: { code: 'UNAUTHORIZED', message: 'no' } });
      t.last().drop(4401);
      await t.clock.advance(delays.at(-1)!);
    }
    // random() = 0.5 → three quarters of the ceiling: 1 s, 2 s, 4 s ... capped at 30 s.
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 12000, 22500, 22500]);
    assert.equal(t.tokens, 8, 'each failed auth fetches a new token');
  });

  test('a connection that stayed up resets the backoff; one that dropped at once does not', async () => {
    const t = setup();
    const waits: number[] = [];
    t.connection.subscribe((e) => {
      if (e.type === 'state' && e.state.kind === 'waiting') waits.push(e.state.attempt);
    });
    t.connection.start();
    await flush();
    t.last().open();
    t.last().frame(AUTH_OK);
    t.last().drop();
    await t.nextSocket();
    t.last().open();
    t.last().frame(AUTH_OK);
    t.last().drop();
    await t.nextSocket();
    t.last().open();
    t.last().frame(AUTH_OK);
    await t.clock.advance(20_000);
    t.last().drop();
    assert.deepEqual(waits, [1, 2, 1]);
  });

  test('retryNow skips the wait', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    t.last().open();
    t.last().frame(AUTH_OK);
    t.last().drop();
    assert.equal(t.connection.state.kind, 'waiting');
    const before = t.sockets.length;
    t.connection.retryNow();
    await flush();
    assert.equal(t.sockets.length, before + 1);
    assert.equal(t.connection.state.kind, 'connecting');
  });

  test('token_expiring and token_expired re-authenticate on the same socket with a fresh token', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const socket = t.last();
    socket.open();
    socket.frame(AUTH_OK);
    socket.frame({ type: 'token_expiring', data: { expiresAt: '' } });
    await flush();
    assert.deepEqual(socket.sent.at(-1), { type: 'auth', token: 'strk_console_2' });
    socket.frame(AUTH_OK);
    socket.frame({ type: 'token_expired' });
    await flush();
    assert.deepEqual(socket.sent.at(-1), { type: 'auth', token: 'strk_console_3' });
    assert.equal(t.sockets.length, 1);
    assert.equal(t.connection.state.kind, 'live');
  });

  test('a token refusal that retrying cannot fix ends in failed, without retries', async () => {
    const t = setup({ fetchToken: async () => { throw Object.assign(new Error('Server not found'), { code: 'NOT_FOUND' }); } });
    t.connection.start();
    await flush();
    assert.deepEqual(t.connection.state, { kind: 'failed', code: 'NOT_FOUND', message: 'Server not found' });
    assert.equal(t.sockets.length, 0);
    assert.equal(t.clock.pending, 0);
  });

  test('a network failure fetching the token is retried', async () => {
    let calls = 0;
    const t = setup({
      fetchToken: async () => {
        calls += 1;
        if (calls === 1) throw Object.assign(new Error('Cannot reach the controller'), { code: 'NETWORK_ERROR' });
        return { consoleToken: 't', consoleUrl: DIRECT, relayUrl: RELAY, expiresAt: new Date(Date.now() + 300_000).toISOString(), permissions: { canRead: true, canWrite: false } };
      },
    });
    t.connection.start();
    await flush();
    assert.equal(t.connection.state.kind, 'waiting');
    await t.clock.advance(1000);
    assert.equal(t.sockets.length, 1);
  });

  test('sendCommand sends only on a live socket', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    assert.equal(t.connection.sendCommand('say hi'), false);
    t.last().open();
    t.last().frame(AUTH_OK);
    assert.equal(t.connection.sendCommand('say hi'), true);
    assert.deepEqual(t.last().sent.at(-1), { type: 'command', data: 'say hi' });
  });

  test('dispose closes the socket, cancels timers and ignores late frames', async () => {
    const t = setup();
    t.connection.start();
    await flush();
    const socket = t.last();
    socket.open();
    socket.frame(AUTH_OK);
    const seen = t.events.length;
    t.connection.dispose();
    assert.ok(socket.closed);
    assert.equal(t.connection.state.kind, 'closed');
    socket.frame({ type: 'console', data: 'late' });
    socket.drop();
    await t.clock.advance(120_000);
    assert.equal(t.events.length, seen + 1, 'only the closed state was announced');
    assert.equal(t.sockets.length, 1);
  });

  test('dispose during the token request opens nothing', async () => {
    let release: (grant: ConsoleGrant) => void = () => {};
    const t = setup({ fetchToken: () => new Promise((resolve) => { release = resolve; }) });
    t.connection.start();
    t.connection.dispose();
    release({ consoleToken: 't', consoleUrl: DIRECT, relayUrl: RELAY, expiresAt: new Date().toISOString(), permissions: { canRead: true, canWrite: true } });
    await flush();
    assert.equal(t.sockets.length, 0);
  });
});

describe('console frames', () => {
  test('unknown, malformed and wrongly shaped frames are skipped, not thrown', () => {
    assert.equal(parseFrame('not json'), null);
    assert.equal(parseFrame('{"type":"nope"}'), null);
    assert.equal(parseFrame('{"type":"status","data":"exploded"}'), null);
    assert.equal(parseFrame('{"type":"console","data":{"lines":[1]}}'), null);
    assert.deepEqual(parseFrame('{"type":"console","data":"x"}'), { type: 'console', lines: ['x'] });
  });

  test('backoff grows to its ceiling and never below half of it', () => {
    assert.equal(backoffDelay(1, () => 0), 500);
    assert.equal(backoffDelay(1, () => 1), 1000);
    assert.equal(backoffDelay(10, () => 0), 15_000);
    assert.equal(backoffDelay(10, () => 1), 30_000);
  });
});
