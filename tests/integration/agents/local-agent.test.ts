import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { agentArgs, spawnAgent, type SpawnedAgent } from '../../support/agent.ts';
import { api, assertData, freePort, signIn, signUpAdmin, tempDir, type SpawnedController } from '../../support/controller.ts';
import { issueNodeToken, registerNode, spawnNodeController, waitForNodeStatus } from '../../support/nodes.ts';
import { dockerSkipReason } from '../../support/requirements.ts';
import { holdsFor, waitFor } from '../../support/wait.ts';

/**
 * The single-host default: `npm run serve` (main/headless.ts) provisions a node for this
 * machine and runs an embedded agent on it when Docker answers, keeps its token in the data
 * dir, and says in one line when it does not.
 */

const LOCAL_ON = /Local agent on: node (node_[A-Za-z0-9]+), console at ws:\/\/127\.0\.0\.1:(\d+)\/console/;
const LOCAL_OFF = /Local agent off: (.+)/;
const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent/stellar-test/docker.sock' };

const dockerMissing = await dockerSkipReason();

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the embedded local agent', () => {
  const controllers: SpawnedController[] = [];
  const agents: SpawnedAgent[] = [];
  const dirs: string[] = [];
  const dir = async (label: string) => {
    const d = await tempDir(label);
    dirs.push(d);
    return d;
  };
  const serve = async (options: { data: string; args: string[]; env?: Record<string, string> }) => {
    const controller = await spawnNodeController({ data: options.data, args: options.args, env: { STELLAR_LOCAL_AGENT: '1', ...options.env } });
    controllers.push(controller);
    return controller;
  };
  const localLine = (controller: SpawnedController, pattern: RegExp) =>
    waitFor(() => pattern.exec(controller.stdout()), { timeoutMs: 15_000, message: `${pattern} in the controller output` }).catch((error: Error) => {
      throw new Error(`${error.message}\nstdout: ${controller.stdout()}\nstderr: ${controller.stderr()}`);
    });

  after(async () => {
    await Promise.all(agents.map((a) => a.kill('SIGKILL')));
    await Promise.all(controllers.map((c) => c.stop('SIGKILL')));
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  test('with Docker: one local node, online, token kept 0600 in the data dir; a restart reuses both', { skip: dockerMissing }, async () => {
    const data = await dir('local');
    const consolePort = await freePort();
    const first = await serve({ data, args: ['--console-port', String(consolePort)] });
    const on = await localLine(first, LOCAL_ON);
    const nodeId = on[1] ?? assert.fail('a node id');
    assert.equal(Number(on[2]), consolePort);
    assert.doesNotMatch(first.stdout(), LOCAL_OFF);
    assert.ok(await portAnswers(consolePort), 'the local console port is listening');

    const admin = await signUpAdmin(first.url);
    const list = await api(first.url, '/nodes', { token: admin.token });
    assertData(list, 200, true);
    assert.equal(list.body.meta.total, 1);
    const node = list.body.data[0];
    assert.equal(node.id, nodeId);
    assert.equal(node.local, true);
    assert.equal(node.name, hostname());
    assert.equal(node.host, '127.0.0.1');
    assert.equal(node.consolePort, consolePort);
    assert.equal(node.hasToken, true);
    assert.ok(node.capacity.memory > 0 && node.capacity.disk > 0 && node.capacity.cpu >= 100, JSON.stringify(node.capacity));
    const online = await waitForNodeStatus(first.url, admin.token, nodeId, 'online');
    assert.equal(online.docker.available, true);

    const tokenFile = join(data, 'local-agent.token');
    const fileStat = await stat(tokenFile);
    assert.equal(fileStat.mode & 0o777, 0o600, `token file mode ${(fileStat.mode & 0o777).toString(8)}`);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    assert.match(token, /^strk_node_/);
    assert.ok(!list.text.includes(token), 'the local token is not in the API either');
    assert.ok(!first.stdout().includes(token) && !first.stderr().includes(token), 'nor in the output');

    assert.equal((await first.stop('SIGTERM')).code, 0, first.stderr());
    const second = await serve({ data, args: ['--console-port', String(consolePort)] });
    const again = await localLine(second, LOCAL_ON);
    assert.equal(again[1], nodeId, 'the same node, not a second one');
    const session = await signIn(second.url, admin.email);
    const after = await api(second.url, '/nodes', { token: session.token });
    assert.deepEqual(after.body.data.map((n: { id: string }) => n.id), [nodeId]);
    await waitForNodeStatus(second.url, session.token, nodeId, 'online');
    assert.equal((await readFile(tokenFile, 'utf8')).trim(), token, 'the kept token is reused');
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
  });

  test('--no-local-agent (or STELLAR_LOCAL_AGENT=0): no node, no agent', async () => {
    const [flagged, byEnv] = await Promise.all([
      dir('no-local').then(async (data) => serve({ data, args: ['--no-local-agent', '--console-port', String(await freePort())] })),
      dir('no-local-env').then(async (data) => serve({ data, args: ['--console-port', String(await freePort())], env: { STELLAR_LOCAL_AGENT: '0' } })),
    ]);
    await Promise.all([flagged, byEnv].map(async (controller) => {
      const admin = await signUpAdmin(controller.url);
      await holdsFor(async () => {
        const res = await api(controller.url, '/nodes', { token: admin.token });
        return res.status === 200 && res.body.meta.total === 0;
      }, 1000, 'no node appears');
      assert.doesNotMatch(controller.stdout(), /Local agent/);
    }));
  });

  test('without a Docker engine: one "Local agent off" line with the reason, no node; an agent there reports why', async () => {
    const data = await dir('local-nodocker');
    const controller = await serve({ data, args: ['--console-port', String(await freePort())], env: NO_DOCKER });
    const off = await localLine(controller, LOCAL_OFF);
    assert.match(off[1] ?? '', /Docker|docker/);
    assert.equal(controller.stdout().match(/Local agent/g)?.length, 1, 'one line');
    assert.doesNotMatch(controller.stdout(), LOCAL_ON);
    const admin = await signUpAdmin(controller.url);
    const list = await api(controller.url, '/nodes', { token: admin.token });
    assert.equal(list.body.meta.total, 0);

    // A remote agent without Docker still comes online and says why it cannot run servers.
    const node = await registerNode(controller.url, admin.token);
    const token = await issueNodeToken(controller.url, admin.token, node.id);
    const agent = spawnAgent(agentArgs({ controller: controller.url, token, data: await dir('agent-nodocker') }), NO_DOCKER);
    agents.push(agent);
    const online = await waitForNodeStatus(controller.url, admin.token, node.id, 'online');
    assert.equal(online.docker.available, false);
    assert.equal(online.docker.version, null);
    assert.match(online.docker.reason, /\S/);
    assert.ok(agent.alive());
  });
});
