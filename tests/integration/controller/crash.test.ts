import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readStoredDocument } from '../../support/stored-document.ts';
import { PASSWORD, api, runCli, signUpAdmin, spawnController, tempDir, type SpawnedController } from '../../support/controller.ts';

const UNLIMITED = ['--rate-limit-general', '1000000', '--rate-limit-auth', '1000000', '--rate-limit-admin', '1000000'];

interface AckedKey {
  id: string;
  secret: string;
}

/** What a restart would read: the snapshot and the journal of writes since. */
function readDocument(dataDir: string) {
  return readStoredDocument(dataDir);
}

/** Every key id of the caller, through the paginated API. */
async function listKeyIds(url: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await api(url, `/users/me/api-keys?page=${page}&limit=100`, { token });
    assert.equal(res.status, 200, res.text);
    for (const key of res.body.data) ids.add(key.id);
    if (page * 100 >= res.body.meta.total) return ids;
  }
}

async function listUserEmails(url: string, token: string): Promise<Set<string>> {
  const emails = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await api(url, `/admin/users?page=${page}&limit=100`, { token });
    assert.equal(res.status, 200, res.text);
    for (const user of res.body.data) emails.add(user.email);
    if (page * 100 >= res.body.meta.total) return emails;
  }
}

/**
 * Keeps `workers` writes in flight until `stopWhen` says so. Records every write the server
 * acknowledged (a 2xx actually received), including ones read after the process died.
 */
async function writeStorm(url: string, token: string, options: { keyWorkers: number; userWorkers: number; stopWhen: (progress: { keys: number; users: number; inFlight: number }) => boolean }) {
  const keys: AckedKey[] = [];
  const users: string[] = [];
  let inFlight = 0;
  let stopped = false;
  let n = 0;
  const check = () => {
    if (!stopped && options.stopWhen({ keys: keys.length, users: users.length, inFlight })) stopped = true;
  };
  const keyWorker = async () => {
    while (!stopped) {
      inFlight++;
      try {
        const res = await api(url, '/users/me/api-keys', { token, body: { name: `storm ${n++}` } });
        if (res.status === 201) keys.push({ id: res.body.data.id, secret: res.body.data.secret });
      } catch {
        // The connection died with the process: not acknowledged.
      } finally {
        inFlight--;
      }
      check();
    }
  };
  const userWorker = async () => {
    while (!stopped) {
      const email = `storm${n++}@example.com`;
      inFlight++;
      try {
        const res = await api(url, '/admin/users', { token, body: { email, name: 'Storm', password: PASSWORD } });
        if (res.status === 201) users.push(email);
      } catch {
        // not acknowledged
      } finally {
        inFlight--;
      }
      check();
    }
  };
  await Promise.all([
    ...Array.from({ length: options.keyWorkers }, keyWorker),
    ...Array.from({ length: options.userWorkers }, userWorker),
  ]);
  return { keys, users };
}

describe('durability of the real controller process', () => {
  const dirs: string[] = [];
  const running: SpawnedController[] = [];
  after(async () => {
    for (const c of running) await c.stop('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('SIGKILL under concurrent writes: after a restart every acknowledged write is there and the file is valid', async () => {
    const data = await tempDir('crash');
    dirs.push(data);
    const args = ['--port', '0', '--data', data, '--no-local-agent', ...UNLIMITED];
    const first = await spawnController(args);
    running.push(first);
    const admin = await signUpAdmin(first.url);

    let inFlightAtKill = -1;
    const acked = await writeStorm(first.url, admin.token, {
      keyWorkers: 14,
      userWorkers: 3,
      // Kill once 40 writes of both kinds are acknowledged, with more in flight.
      stopWhen: ({ keys, users, inFlight }) => {
        if (keys + users < 40 || users === 0) return false;
        inFlightAtKill = inFlight;
        first.child.kill('SIGKILL');
        return true;
      },
    });
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.ok(inFlightAtKill > 0, 'the kill landed while writes were in flight');
    assert.ok(acked.keys.length + acked.users.length >= 40);
    assert.ok(acked.users.length > 0, 'user creations were acknowledged too');

    const doc = await readDocument(data);
    assert.equal(doc.version, 1);

    const second = await spawnController(args);
    running.push(second);
    // A temp file the killed writer may have left is cleared once the new one holds the dir.
    assert.deepEqual((await readdir(data)).sort(), ['stellarstack.json', 'stellarstack.lock']);
    // The admin's session was itself an acknowledged write.
    const keyIds = await listKeyIds(second.url, admin.token);
    const missingKeys = acked.keys.filter((k) => !keyIds.has(k.id));
    assert.deepEqual(missingKeys, [], `${missingKeys.length} of ${acked.keys.length} acknowledged keys lost`);
    const emails = await listUserEmails(second.url, admin.token);
    const missingUsers = acked.users.filter((e) => !emails.has(e));
    assert.deepEqual(missingUsers, [], `${missingUsers.length} of ${acked.users.length} acknowledged users lost`);
    // The stored hashes are the right ones: every acknowledged secret still authenticates.
    for (const key of acked.keys) {
      assert.equal((await api(second.url, '/users/me', { token: key.secret })).status, 200, key.id);
    }
    // And the restarted controller writes on.
    assert.equal((await api(second.url, '/users/me/api-keys', { token: admin.token, body: { name: 'after crash' } })).status, 201);
    assert.equal((await second.stop('SIGTERM')).code, 0);
    const final = await readDocument(data);
    assert.equal(final.apiKeys.length, keyIds.size + 1);
  });

  test('SIGTERM: exit code 0 with every acknowledged write on disk, in-flight writes finished', async () => {
    const data = await tempDir('sigterm');
    dirs.push(data);
    const controller = await spawnController(['--port', '0', '--data', data, '--no-local-agent', ...UNLIMITED]);
    running.push(controller);
    const admin = await signUpAdmin(controller.url);

    let signalledAt = 0;
    let inFlightAtSignal = -1;
    const acked = await writeStorm(controller.url, admin.token, {
      keyWorkers: 12,
      userWorkers: 2,
      stopWhen: ({ keys, users, inFlight }) => {
        if (keys + users < 20) return false;
        inFlightAtSignal = inFlight;
        signalledAt = Date.now();
        controller.child.kill('SIGTERM');
        return true;
      },
    });
    const exit = await controller.exited;
    const shutdownMs = Date.now() - signalledAt;
    assert.deepEqual(exit, { code: 0, signal: null }, controller.stderr());
    assert.ok(inFlightAtSignal > 0, 'the signal landed while writes were in flight');
    // Keep-alive connections of finished requests must not hold the exit up (72 s keep-alive timeout).
    assert.ok(shutdownMs < 10_000, `shut down in ${shutdownMs} ms`);
    assert.ok(acked.keys.length >= 10);

    const doc = await readDocument(data);
    const ids = new Set(doc.apiKeys.map((k) => k.id));
    assert.deepEqual(acked.keys.filter((k) => !ids.has(k.id)), []);
    const emails = new Set(doc.users.map((u) => u.email));
    assert.deepEqual(acked.users.filter((e) => !emails.has(e)), []);
    // A clean shutdown leaves no temp file behind.
    assert.deepEqual(await readdir(data), ['stellarstack.json']);
  });

  test('a second controller on the same data dir refuses to start instead of overwriting the first one\'s writes', async () => {
    const data = await tempDir('two-writers');
    dirs.push(data);
    const args = ['--port', '0', '--data', data, '--no-local-agent'];
    const first = await spawnController(args);
    running.push(first);
    const admin = await signUpAdmin(first.url);
    const second = await runCli(args);
    assert.equal(second.code, 1, `the second controller started: ${second.stdout}`);
    assert.ok(second.stderr.includes(join(data, 'stellarstack.json')), second.stderr);
    assert.match(second.stderr, /in use by another StellarStack \(pid \d+\)/);
    // The first one is unaffected and its writes are all there.
    const created = await api(first.url, '/users/me/api-keys', { token: admin.token, body: { name: 'still mine' } });
    assert.equal(created.status, 201);
    assert.equal((await first.stop('SIGTERM')).code, 0);
    assert.deepEqual((await readDocument(data)).apiKeys.map((k) => k.id), [created.body.data.id]);
    // Once the first has stopped, the data dir is free again.
    const third = await spawnController(args);
    running.push(third);
    assert.equal((await api(third.url, '/users/me', { token: admin.token })).status, 200);
    assert.equal((await third.stop('SIGTERM')).code, 0);
  });
});
