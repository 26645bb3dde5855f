import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import { runAgent, spawnAgent, type SpawnedAgent } from '../../support/agent.ts';
import { tempDir } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * How the agent process is configured: flags, environment variables and a JSON config file,
 * and a refusal (exit 2, one clear line) when something required is missing or wrong. The
 * agents that start dial a stand-in controller that only records who knocked with what token.
 */

const TOKEN_FILE = `strk_node_${'F'.repeat(43)}`;
const TOKEN_ENV = `strk_node_${'E'.repeat(43)}`;
const TOKEN_FLAG = `strk_node_${'G'.repeat(43)}`;

describe('agent configuration', () => {
  let dir: string;
  let wss: WebSocketServer;
  let controllerUrl: string;
  const knocks: IncomingMessage[] = [];
  const agents: SpawnedAgent[] = [];

  before(async () => {
    dir = await tempDir('agent-config');
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/agent' });
    wss.on('connection', (ws, request) => {
      knocks.push(request);
      ws.close(4001, 'not a real controller');
    });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    controllerUrl = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.kill('SIGKILL')));
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const dataDir = async (name: string) => {
    const d = join(dir, name);
    await mkdir(d, { recursive: true });
    return d;
  };

  /** Starts an agent, waits for its first knock, stops it; returns the bearer token it presented. */
  async function tokenPresentedBy(args: string[], env: Record<string, string> = {}): Promise<string | undefined> {
    const seen = knocks.length;
    const agent = spawnAgent(args, env);
    agents.push(agent);
    const request = await waitFor(
      () => {
        if (!agent.alive()) throw new Error(`agent exited: ${agent.logs()}`);
        return knocks[seen];
      },
      { message: 'the agent to dial the stand-in controller' },
    );
    await agent.kill('SIGKILL');
    return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  }

  test('a missing --token is exit 2 with a line that names the token and where to give it', async () => {
    const res = await runAgent(['--controller', controllerUrl, '--data', await dataDir('no-token')]);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /^stellarstack-agent: token: missing: pass --token, set STELLAR_NODE_TOKEN/m);
    assert.match(res.stderr, /Usage: npm run agent/);
    assert.equal(res.stdout, '');
    assert.equal(knocks.length, 0, 'nothing was dialed');
  });

  test('a bad controller URL or a token of the wrong kind is exit 2 with a clear line', async () => {
    const data = await dataDir('bad');
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{"controller": ');
    // Independent refusals: run them side by side.
    const [notUrl, ftp, env, wrongKind, badFile] = await Promise.all([
      runAgent(['--controller', 'not-a-url', '--token', TOKEN_FLAG, '--data', data]),
      runAgent(['--controller', 'ftp://127.0.0.1:21', '--token', TOKEN_FLAG, '--data', data]),
      runAgent(['--data', data], { STELLAR_CONTROLLER_URL: 'nope', STELLAR_NODE_TOKEN: TOKEN_ENV }),
      runAgent(['--controller', controllerUrl, '--token', 'strk_sess_abc', '--data', data]),
      runAgent(['--config', notJson]),
    ]);
    for (const [label, res] of [['not-a-url', notUrl], ['ftp://', ftp], ['STELLAR_CONTROLLER_URL', env]] as const) {
      assert.equal(res.code, 2, `${label}: ${res.stderr}`);
      assert.match(res.stderr, /^stellarstack-agent: controller: must be the controller URL, like http:\/\//m, label);
      assert.equal(res.stdout, '');
    }
    assert.equal(wrongKind.code, 2);
    assert.match(wrongKind.stderr, /token: must be a node token \(strk_node_…\)/);
    assert.ok(!wrongKind.stderr.includes('strk_sess_abc'), 'the rejected secret is not echoed');
    assert.equal(badFile.code, 2);
    assert.match(badFile.stderr, /config file .*bad\.json is not a JSON object/);
    assert.equal(knocks.length, 0, 'nothing was dialed');
  });

  test('a JSON config file is enough to start; env beats the file and flags beat both', async () => {
    const file = join(dir, 'agent.json');
    await writeFile(file, JSON.stringify({ controller: controllerUrl, token: TOKEN_FILE, consolePort: 0, consoleHost: '127.0.0.1', data: await dataDir('from-file') }));
    // One at a time, so each knock belongs to the agent just started.
    const fromFile = await tokenPresentedBy(['--config', file]);
    const fromEnv = await tokenPresentedBy(['--config', file], { STELLAR_NODE_TOKEN: TOKEN_ENV });
    const fromFlag = await tokenPresentedBy(['--config', file, '--token', TOKEN_FLAG], { STELLAR_NODE_TOKEN: TOKEN_ENV });
    // The config file's path can come from the environment too.
    const fileByEnv = await tokenPresentedBy([], { STELLAR_AGENT_CONFIG: file });
    assert.equal(fromFile, TOKEN_FILE);
    assert.equal(fromEnv, TOKEN_ENV);
    assert.equal(fromFlag, TOKEN_FLAG);
    assert.equal(fileByEnv, TOKEN_FILE);
  });
});
