import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONSOLE_CLOSE } from '../../contracts/index.ts';
import { ConsoleClient, type Closed } from '../support/console-client.ts';
import { api, assertData, createUser, type Account, type Json } from '../support/controller.ts';
import { docker, ECHO_BLUEPRINT, Stack } from '../support/game-stack.ts';
import { ensureBusyboxImage } from '../support/images.ts';
import { dockerSkipReason } from '../support/requirements.ts';

/**
 * A console token lives 5 minutes and agents verify it without calling home; when a user is
 * suspended, deleted, or loses a server, the controller tells the agent to close their
 * sessions at once (issue 14, point 7). Real controller and agent processes, a real container.
 */

const skip = await dockerSkipReason();

const ECHO = { blueprintId: ECHO_BLUEPRINT.id, memory: 64, cpu: 50, disk: 64 };
/** The promise: closed within a second of the admin's answer. */
const CLOSE_WITHIN_MS = 1000;

async function closedWithin(client: ConsoleClient, ms: number): Promise<Closed & { afterMs: number }> {
  const started = performance.now();
  const closed = await Promise.race([
    client.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms * 5).unref()),
  ]);
  assert.ok(closed, 'the console was closed');
  return { ...closed, afterMs: performance.now() - started };
}

describe('console sessions end when access ends', { skip }, () => {
  let stack: Stack;
  let admin: Account;
  const clients: ConsoleClient[] = [];

  async function open(url: string, token: string): Promise<ConsoleClient> {
    const client = await ConsoleClient.open(url, token);
    clients.push(client);
    return client;
  }

  async function serverOwnedBy(owner: Account, name: string): Promise<Json> {
    const server = await stack.createServer({ name, ownerId: owner.id, ...ECHO });
    await stack.waitForStatus(server.id, 'stopped', 30_000);
    assert.equal((await stack.power(server.id, 'start')).status, 200);
    await stack.waitForStatus(server.id, 'running', 30_000);
    return server;
  }

  before(async () => {
    await ensureBusyboxImage(docker);
    stack = await Stack.start({ label: 'e2e-revoke', blueprints: [ECHO_BLUEPRINT] });
    admin = stack.admin;
  });
  after(async () => {
    for (const client of clients) client.close();
    await stack?.close();
  });

  test("a suspended user's open consoles (node port and relay) are closed within a second, and their token is refused", async () => {
    const user = await createUser(stack.url, admin.token);
    const server = await serverOwnedBy(user, 'suspend-me');
    const grant = await stack.consoleToken(server.id, user.token);
    const direct = await open(stack.nodeConsoleUrl(), grant.consoleToken);
    const relayed = await open(stack.relayUrl(server.id), grant.consoleToken);
    // The admin watching the same server is not affected.
    const watcher = await open(stack.nodeConsoleUrl(), (await stack.consoleToken(server.id)).consoleToken);
    direct.command('before suspension');
    await direct.waitFor((f) => f.type === 'console' && JSON.stringify(f.data).includes('got: before suspension'));

    assertData(await api(stack.url, `/admin/users/${user.id}`, { token: admin.token, method: 'PATCH', body: { suspended: true } }));
    for (const client of [direct, relayed]) {
      const closed = await closedWithin(client, CLOSE_WITHIN_MS);
      assert.equal(closed.code, CONSOLE_CLOSE.revoked);
      assert.equal(closed.reason, 'the account was suspended');
      assert.ok(closed.afterMs < CLOSE_WITHIN_MS, `closed ${closed.afterMs.toFixed(0)} ms after the suspension`);
    }

    // The token the user still holds no longer opens a console, on either door, nor runs a command.
    for (const url of [stack.nodeConsoleUrl(), stack.relayUrl(server.id)]) {
      const again = await ConsoleClient.connect(url);
      clients.push(again);
      await assert.rejects(again.auth(grant.consoleToken), /revoked: the account was suspended/);
      again.command('after suspension');
    }
    assert.equal(watcher.isOpen, true, "the admin's console stays open");
    watcher.command('still here');
    await watcher.waitFor((f) => f.type === 'console' && JSON.stringify(f.data).includes('got: still here'));
    assert.ok(!watcher.frames.some((f) => f.type === 'console' && JSON.stringify(f.data).includes('got: after suspension')), 'the revoked token ran nothing');
  });

  test("a server given to another user closes the old owner's console on it, and only there", async () => {
    const oldOwner = await createUser(stack.url, admin.token);
    const given = await serverOwnedBy(oldOwner, 'given-away');
    const kept = await serverOwnedBy(oldOwner, 'kept');
    const onGiven = await open(stack.nodeConsoleUrl(), (await stack.consoleToken(given.id, oldOwner.token)).consoleToken);
    const onKept = await open(stack.nodeConsoleUrl(), (await stack.consoleToken(kept.id, oldOwner.token)).consoleToken);

    assertData(await api(stack.url, `/servers/${given.id}`, { token: admin.token, method: 'PATCH', body: { ownerId: admin.id } }));
    const closed = await closedWithin(onGiven, CLOSE_WITHIN_MS);
    assert.equal(closed.code, CONSOLE_CLOSE.revoked);
    assert.equal(closed.reason, 'the server was given to another user');
    onKept.command('mine still');
    await onKept.waitFor((f) => f.type === 'console' && JSON.stringify(f.data).includes('got: mine still'));
    assert.equal(onKept.isOpen, true);
  });

  test("a deleted user's console is closed", async () => {
    const user = await createUser(stack.url, admin.token);
    const server = await serverOwnedBy(user, 'orphan');
    const client = await open(stack.nodeConsoleUrl(), (await stack.consoleToken(server.id, user.token)).consoleToken);
    // A user who owns servers cannot be deleted: hand the server over, then delete.
    assertData(await api(stack.url, `/servers/${server.id}`, { token: admin.token, method: 'PATCH', body: { ownerId: admin.id } }));
    const closed = await closedWithin(client, CLOSE_WITHIN_MS);
    assert.equal(closed.code, CONSOLE_CLOSE.revoked);
    const viewer = await createUser(stack.url, admin.token, { role: 'admin' });
    const watching = await open(stack.nodeConsoleUrl(), (await stack.consoleToken(server.id, viewer.token)).consoleToken);
    assert.equal((await api(stack.url, `/admin/users/${viewer.id}`, { token: admin.token, method: 'DELETE' })).status, 204);
    const deleted = await closedWithin(watching, CLOSE_WITHIN_MS);
    assert.equal(deleted.code, CONSOLE_CLOSE.revoked);
    assert.equal(deleted.reason, 'the account was deleted');
  });
});
