import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, test } from 'node:test';
import { CONSOLE_CLOSE, type ConsoleTokenClaims, type PowerAction, type ServerConsoleFrame } from '../../../../contracts/index.ts';
import type { ConsoleViewer } from '../../../../agent/server/console-frames.ts';
import type { ServerManager } from '../../../../agent/server/server-manager.ts';
import { ConsoleSession } from '../../../../agent/transport/console-session.ts';
import { ConsoleTokenVerifier } from '../../../../agent/transport/console-token-verifier.ts';
import { signConsoleToken } from '../../../support/game-stack.ts';
import { until } from '../../../support/fake-environment.ts';

const keys = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const NODE = 'node_test';
const SERVER = 'srv_test';
const ALL_PERMS: ConsoleTokenClaims['perms'] = ['server.console', 'server.console.send', 'server.start', 'server.stop', 'server.restart', 'server.kill'];

function token(claims: Partial<ConsoleTokenClaims> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signConsoleToken(keys.privateKey, {
    iss: 'stellarstack-controller', sub: 'usr_a', aud: NODE, srv: SERVER, perms: ALL_PERMS, iat: now, exp: now + 300, jti: 'j', ...claims,
  });
}

/** One server's console as the session sees it: who subscribed, which commands arrived. */
function fakeServer() {
  const viewers = new Set<ConsoleViewer>();
  const commands: string[] = [];
  const instance = {
    console: { backlog: () => ['old line'] },
    subscribe(viewer: ConsoleViewer) {
      viewers.add(viewer);
      void viewer.send({ type: 'backlog', data: { lines: ['old line'] } });
      return () => viewers.delete(viewer);
    },
    sendCommand: async (line: string) => void commands.push(line),
  };
  const manager = { get: () => instance } as unknown as ServerManager;
  return { manager, viewers, commands };
}

const sessions: ConsoleSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.end();
});

function open(options: { serverId?: string } = {}) {
  const verifier = new ConsoleTokenVerifier();
  verifier.configure(keys.publicKey, NODE);
  const server = fakeServer();
  const frames: ServerConsoleFrame[] = [];
  const closed: { code: number; reason: string }[] = [];
  const powered: PowerAction[] = [];
  const session = new ConsoleSession({
    verifier,
    manager: server.manager,
    serverId: options.serverId,
    transport: {
      send: (frame) => void frames.push(frame),
      close: (code, reason) => void closed.push({ code, reason }),
    },
    power: async (_id, action) => void powered.push(action),
  });
  sessions.push(session);
  const send = (frame: object) => session.receive(Buffer.from(JSON.stringify(frame)));
  const errors = () => frames.filter((f) => f.type === 'error').map((f) => f.data.code);
  return { session, frames, closed, powered, send, errors, ...server };
}

test('auth answers with the token’s permissions, then the console; commands and power reach the server', async () => {
  const s = open();
  s.send({ type: 'auth', token: token() });
  assert.deepEqual(s.frames.map((f) => f.type), ['auth_success', 'backlog']);
  const success = s.frames[0];
  assert.ok(success?.type === 'auth_success');
  assert.deepEqual(success.data.permissions, { canRead: true, canWrite: true, power: ['start', 'stop', 'restart', 'kill'] });
  s.send({ type: 'command', data: 'say hi' });
  s.send({ type: 'power', data: 'restart' });
  await until(() => s.commands.length === 1 && s.powered.length === 1, 'the command and the power action');
  assert.deepEqual(s.commands, ['say hi']);
  assert.deepEqual(s.powered, ['restart']);
  assert.deepEqual(s.errors(), []);
});

test('a read-only token may not send commands or power actions', async () => {
  const s = open();
  s.send({ type: 'auth', token: token({ perms: ['server.console'] }) });
  s.send({ type: 'command', data: 'nope' });
  s.send({ type: 'power', data: 'kill' });
  await until(() => s.errors().length === 2, 'two refusals');
  assert.deepEqual(s.errors(), ['FORBIDDEN', 'FORBIDDEN']);
  assert.deepEqual(s.commands, []);
  assert.deepEqual(s.powered, []);
});

test('a command before auth is refused and the session closed with 4401, never reaching the server', async () => {
  const s = open();
  s.send({ type: 'command', data: 'sneaky' });
  assert.deepEqual(s.errors(), ['UNAUTHORIZED']);
  assert.deepEqual(s.closed, [{ code: CONSOLE_CLOSE.unauthenticated, reason: 'unauthenticated' }]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(s.commands, []);
});

test('a bad token is an error frame; the session stays open for another try', async () => {
  const s = open();
  s.send({ type: 'auth', token: 'strk_console_forged.sig' });
  await until(() => s.errors().length > 0, 'the refusal');
  assert.deepEqual(s.errors(), ['UNAUTHORIZED']);
  assert.deepEqual(s.closed, []);
  s.send({ type: 'auth', token: token() });
  assert.ok(s.frames.some((f) => f.type === 'auth_success'));
});

test('a relayed session refuses a token for another server', async () => {
  const s = open({ serverId: 'srv_other' });
  s.session.receiveFrame({ type: 'auth', token: token() });
  await until(() => s.errors().length > 0, 'the refusal');
  const error = s.frames.find((f) => f.type === 'error');
  assert.ok(error?.type === 'error');
  assert.equal(error.data.code, 'FORBIDDEN');
  assert.match(error.data.message, /another server/);
  assert.equal(s.viewers.size, 0);
});

test('at expiry: token_expiring first, then token_expired, output stops and commands are refused until a fresh auth', async () => {
  const s = open();
  const exp = Math.floor(Date.now() / 1000) + 1;
  s.send({ type: 'auth', token: token({ exp }) });
  await until(() => s.frames.some((f) => f.type === 'token_expiring'), 'token_expiring');
  await until(() => s.frames.some((f) => f.type === 'token_expired'), 'token_expired', 3_000);
  assert.equal(s.viewers.size, 0, 'an expired viewer gets no more output');
  s.send({ type: 'command', data: 'late' });
  await until(() => s.errors().includes('UNAUTHORIZED'), 'the refusal');
  assert.deepEqual(s.commands, []);
  assert.deepEqual(s.closed, [], 'the socket stays open for a fresh auth');
  s.send({ type: 'auth', token: token() });
  s.send({ type: 'command', data: 'fresh' });
  await until(() => s.commands.includes('fresh'), 'the command after re-auth');
});

test('end() unsubscribes and closes the transport once', () => {
  const s = open();
  s.send({ type: 'auth', token: token() });
  assert.equal(s.viewers.size, 1);
  s.session.end();
  s.session.end(CONSOLE_CLOSE.failed, 'again');
  assert.equal(s.viewers.size, 0);
  assert.deepEqual(s.closed, [{ code: CONSOLE_CLOSE.normal, reason: 'closed' }]);
});
