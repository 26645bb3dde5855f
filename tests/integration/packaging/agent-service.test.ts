import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { AgentConfigSchema, parseAgentConfig, type AgentConfig } from '../../../agent/config.ts';
import { REPO_ROOT, tempDir } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * packaging/stellarstack-agent.service, the agent on a game node without the desktop app: its
 * ExecStart runs the compiled agent with a config file whose keys are the ones the agent reads
 * (the README's example is that file), the data directory it may write is the agent's default,
 * the hardening keeps Docker's socket reachable, and systemd itself accepts the unit (and the
 * root drop-in) where systemd-analyze exists.
 */

const UNIT = join(REPO_ROOT, 'packaging', 'stellarstack-agent.service');
const ROOT_DROP_IN = join(REPO_ROOT, 'packaging', 'stellarstack-agent-root.conf');
/** Keys newer systemd knows (254+: growing restart delays) and older versions skip with a notice. */
const FORWARD_COMPATIBLE = ['RestartSteps', 'RestartMaxDelaySec'];

type Unit = Map<string, Map<string, string[]>>;

function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(section && eq > 0, `a key in a section: ${line}`);
    const key = line.slice(0, eq);
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1)]);
  }
  return unit;
}

function value(unit: Unit, section: string, key: string): string {
  const values = unit.get(section)?.get(key);
  assert.ok(values && values.length > 0, `[${section}] ${key}= is set`);
  return values.at(-1)!;
}

/** The README's example /etc/stellarstack/agent.json: the first json block of its service section. */
async function readmeConfig(): Promise<Record<string, unknown>> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The agent as a systemd service'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  assert.ok(block?.[1], 'the README shows /etc/stellarstack/agent.json');
  return JSON.parse(block[1]) as Record<string, unknown>;
}

describe('the agent as a systemd service', () => {
  let unit: Unit;
  let execStart: string[];
  let dir: string;

  before(async () => {
    unit = parseUnit(await readFile(UNIT, 'utf8'));
    execStart = value(unit, 'Service', 'ExecStart').split(/\s+/);
    dir = await tempDir('agent-service');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('ExecStart runs the compiled agent under node with /etc/stellarstack/agent.json', () => {
    const [node, script, ...args] = execStart;
    assert.equal(node, '/usr/bin/node');
    assert.equal(script, '/opt/stellarstack/dist/app/agent/cli.js', 'the build output of agent/cli.ts (scripts/build-app.mjs) in the README\'s install folder');
    assert.deepEqual(args, ['--config', '/etc/stellarstack/agent.json']);
  });

  test("the README's config file has exactly the keys the agent reads, and the agent takes it", async () => {
    const example = await readmeConfig();
    assert.deepEqual(Object.keys(example).sort(), Object.keys(AgentConfigSchema.shape).sort());
    const file = join(dir, 'agent.json');
    await writeFile(file, JSON.stringify(example));
    const args = execStart.slice(2).map((arg) => (arg === '/etc/stellarstack/agent.json' ? file : arg));
    const config = parseAgentConfig(args, {}) as AgentConfig;
    assert.deepEqual({ ...config }, example);
  });

  test('the data directory it may write is the agent\'s default, created for the service user', () => {
    const defaults = parseAgentConfig(['--controller', 'http://192.0.2.1:8420', '--token', 'strk_node_x'], {}) as AgentConfig;
    assert.equal(`/var/lib/${value(unit, 'Service', 'StateDirectory')}`, defaults.data);
    assert.ok(value(unit, 'Service', 'ReadWritePaths').split(/\s+/).includes(defaults.data));
  });

  test('restarts always, with hardening that leaves Docker reachable', () => {
    assert.equal(value(unit, 'Service', 'Restart'), 'always');
    assert.equal(value(unit, 'Unit', 'StartLimitIntervalSec'), '0', 'never gives up');
    assert.equal(value(unit, 'Service', 'User'), 'stellarstack');
    assert.ok(value(unit, 'Service', 'SupplementaryGroups').split(/\s+/).includes('docker'), 'the docker group opens /run/docker.sock');
    assert.ok(value(unit, 'Service', 'RestrictAddressFamilies').split(/\s+/).includes('AF_UNIX'), "Docker's socket is AF_UNIX");
    for (const [key, expected] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes']]) {
      assert.equal(value(unit, 'Service', key!), expected, key);
    }
    assert.equal(unit.get('Service')?.has('MemoryDenyWriteExecute'), false, "V8's JIT needs writable executable memory");
    assert.match(value(unit, 'Unit', 'After'), /docker\.service/);
    assert.equal(value(unit, 'Install', 'WantedBy'), 'multi-user.target');
  });

  test('the compiled agent starts with that command line and a config file, and stops on SIGTERM', async () => {
    const build = spawnSync(process.execPath, ['scripts/build-app.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/agent' });
    let knocked: string | undefined;
    wss.on('connection', (socket, request) => {
      knocked = request.headers.authorization;
      socket.close(4001, 'not a real controller');
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const token = `strk_node_${'S'.repeat(43)}`;
    const file = join(dir, 'run.json');
    await writeFile(file, JSON.stringify({ controller: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, token, consolePort: 0, consoleHost: '127.0.0.1', data: join(dir, 'data') }));
    const script = join(REPO_ROOT, 'dist', 'app', 'agent', 'cli.js');
    const args = execStart.slice(2).map((arg) => (arg === '/etc/stellarstack/agent.json' ? file : arg));
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` } });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /StellarStack agent console at ws:\/\/127\.0\.0\.1:\d+\/console/.test(output), { message: `the agent's ready line (output: ${output})` });
      await waitFor(() => knocked, { message: 'the agent to dial the controller' });
      assert.equal(knocked, `Bearer ${token}`);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  test('systemd accepts the unit and the root drop-in (systemd-analyze verify)', async (t) => {
    if (spawnSync('systemd-analyze', ['--version']).error) {
      t.skip('systemd-analyze is not installed: the checks above stand in for it');
      return;
    }
    // verify checks that ExecStart's program exists: point it at this node, wherever it lives.
    const units = join(dir, 'units');
    await mkdir(join(units, 'stellarstack-agent.service.d'), { recursive: true });
    const text = (await readFile(UNIT, 'utf8')).replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `);
    await writeFile(join(units, 'stellarstack-agent.service'), text);
    await copyFile(ROOT_DROP_IN, join(units, 'stellarstack-agent.service.d', 'root.conf'));
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', join(units, 'stellarstack-agent.service')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const notices = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '')
      .filter((line) => !FORWARD_COMPATIBLE.some((key) => line.includes(`Unknown key '${key}'`) || line.includes(`Unknown key name '${key}'`)));
    assert.deepEqual(notices, [], 'no complaint but the keys older systemd does not know yet');
  });
});
