import assert from 'node:assert/strict';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CURRENT_SCHEMA_VERSION, emptyDocument } from '../../../controller/store/document-schema.ts';
import { api, freePort, runCli, spawnController, tempDir } from '../../support/controller.ts';
import { readStoredDocument } from '../../support/stored-document.ts';

describe('controller CLI', () => {
  const dirs: string[] = [];
  const dir = async () => {
    const d = await tempDir('cli');
    dirs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('--help prints the usage with every flag and variable, exit 0', async () => {
    const res = await runCli(['--help']);
    assert.equal(res.code, 0, res.stderr);
    for (const word of ['--host', '--port', '--data', 'STELLAR_HOST', 'STELLAR_PORT', 'STELLAR_DATA_DIR', '127.0.0.1']) {
      assert.ok(res.stdout.includes(word), `help mentions ${word}`);
    }
    assert.equal(res.stderr, '');
  });

  test('a bad --port is exit 2 with a clear message', async () => {
    for (const port of ['abc', '70000', '-1', '80.5']) {
      const res = await runCli([`--port=${port}`, '--data', await dir()]);
      assert.equal(res.code, 2, `--port ${port}: ${res.stderr}`);
      assert.match(res.stderr, new RegExp(`--port must be a whole number from 0 to 65535, got "${port.replace('.', '\\.')}"`));
      assert.equal(res.stdout, '');
    }
  });

  test('a bad STELLAR_PORT, an unknown flag and a bad --log-level are exit 2 too', async () => {
    const env = await runCli(['--data', await dir()], { STELLAR_PORT: 'eighty' });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /port must be a whole number/);
    const unknown = await runCli(['--prot', '80']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--prot/);
    const level = await runCli(['--log-level', 'loud']);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /--log-level/);
  });

  test('prints one ready line with the URL; binds 127.0.0.1 by default', async () => {
    const data = await dir();
    const controller = await spawnController(['--port', '0', '--data', data, '--no-local-agent']);
    try {
      assert.match(controller.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const lines = controller.stdout().trim().split('\n');
      assert.deepEqual(lines, [`StellarStack controller ready at ${controller.url} (data: ${data})`]);
      const res = await api(controller.url, '/users/me');
      assert.equal(res.status, 401);
    } finally {
      assert.equal((await controller.stop('SIGINT')).code, 0);
    }
  });

  test('STELLAR_PORT, STELLAR_DATA_DIR and STELLAR_HOST configure it without flags', async () => {
    const data = await dir();
    const port = await freePort();
    const controller = await spawnController(['--no-local-agent'], { STELLAR_PORT: String(port), STELLAR_DATA_DIR: data, STELLAR_HOST: '127.0.0.1' });
    try {
      assert.equal(controller.url, `http://127.0.0.1:${port}`);
      const signup = await api(controller.url, '/auth/signup', { body: { email: 'env@example.com', password: 'long enough pw', name: 'E' } });
      assert.equal(signup.status, 201);
      const doc = await readStoredDocument(data);
      assert.deepEqual(doc.users.map((u) => u.email), ['env@example.com']);
    } finally {
      await controller.stop();
    }
  });

  test('flags win over environment variables', async () => {
    const data = await dir();
    const controller = await spawnController(['--port', '0', '--data', data, '--no-local-agent'], { STELLAR_DATA_DIR: '/nonexistent/should-not-be-used' });
    try {
      assert.ok(controller.stdout().includes(`(data: ${data})`));
    } finally {
      await controller.stop();
    }
  });

  test('rate limits are configurable from the command line', async () => {
    const controller = await spawnController(['--port', '0', '--data', await dir(), '--no-local-agent', '--rate-limit-general', '500', '--rate-limit-auth', '7']);
    try {
      assert.equal((await api(controller.url, '/nope')).headers.get('x-ratelimit-limit'), '500');
      assert.equal((await api(controller.url, '/auth/signin', { body: {} })).headers.get('x-ratelimit-limit'), '7');
    } finally {
      await controller.stop();
    }
  });

  test('--allowed-host (repeatable) and STELLAR_ALLOWED_HOSTS add host names; others get 421', async () => {
    const status = (url: string, host: string) => new Promise<number>((resolve, reject) => {
      httpRequest(new URL('/api/v1/auth/status', url), { headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    const flags = await spawnController(['--port', '0', '--data', await dir(), '--no-local-agent', '--allowed-host', 'panel.example.test', '--allowed-host', 'other.example.test']);
    try {
      assert.equal(await status(flags.url, 'panel.example.test'), 200);
      assert.equal(await status(flags.url, 'other.example.test:8420'), 200);
      assert.equal(await status(flags.url, 'evil.example.test'), 421);
    } finally {
      await flags.stop();
    }
    const env = await spawnController(['--port', '0', '--data', await dir(), '--no-local-agent'], { STELLAR_ALLOWED_HOSTS: 'a.example.test, b.example.test' });
    try {
      assert.equal(await status(env.url, 'b.example.test'), 200);
      assert.equal(await status(env.url, 'c.example.test'), 421);
    } finally {
      await env.stop();
    }
  });

  test('a data dir that cannot be created is exit 1 naming the path', async () => {
    const file = join(await dir(), 'not-a-dir');
    await writeFile(file, 'x');
    const res = await runCli(['--port', '0', '--data', join(file, 'data'), '--no-local-agent']);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^stellarstack: could not start: .*not-a-dir/m);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
  });

  test('a port already in use is exit 1 saying so, and leaves its data dir free', async () => {
    const first = await spawnController(['--port', '0', '--data', await dir(), '--no-local-agent']);
    try {
      const port = new URL(first.url).port;
      const data = await dir();
      const res = await runCli(['--port', port, '--data', data, '--no-local-agent']);
      assert.equal(res.code, 1);
      assert.match(res.stderr, new RegExp(`could not start: .*EADDRINUSE.*${port}`));
      assert.deepEqual(await readdir(data), ['stellarstack.json'], 'no lock left behind');
    } finally {
      await first.stop();
    }
  });

  test('npm run serve -- --host --port --data works as the README says', async () => {
    const data = await dir();
    const { spawn } = await import('node:child_process');
    const child = spawn('npm', ['run', '--silent', 'serve', '--', '--host', '127.0.0.1', '--port', '0', '--data', data, '--no-local-agent'], {
      cwd: new URL('../../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      assert.equal((await api(url, '/nope')).status, 404);
    } finally {
      // npm runs the controller as its child: signal the whole group this test started.
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
  });
});

describe('start-up refuses a data file it cannot trust', () => {
  let data: string;
  before(async () => {
    data = await tempDir('cli-corrupt');
  });
  after(() => rm(data, { recursive: true, force: true }));

  const cases: [string, string, RegExp][] = [
    ['garbage', '{"version": 1, "users": [ oops', /is not valid JSON/],
    ['valid JSON with the wrong shape', JSON.stringify({ ...emptyDocument(), users: [{ id: 'usr_1', email: 42 }] }, null, 2), /does not match the expected format at users\.0\.email/],
    ['a newer schema version', JSON.stringify({ ...emptyDocument(), version: CURRENT_SCHEMA_VERSION + 1 }), /newer StellarStack \(schema version 2/],
  ];
  for (const [name, text, reason] of cases) {
    test(`${name}: exit 1, stderr names the file and why, the file is left byte for byte`, async () => {
      const path = join(data, 'stellarstack.json');
      await writeFile(path, text);
      const res = await runCli(['--port', '0', '--data', data, '--no-local-agent']);
      assert.equal(res.code, 1, res.stderr);
      assert.ok(res.stderr.includes(path), res.stderr);
      assert.match(res.stderr, reason);
      assert.match(res.stderr, /left untouched/);
      assert.doesNotMatch(res.stderr, /\n\s+at /, 'a message, not a stack trace');
      assert.doesNotMatch(res.stdout, /ready at/);
      assert.equal(await readFile(path, 'utf8'), text);
    });
  }
});
