import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
// Only these two: this file checks that asking whether Docker answers does not load dockerode.
import { dockerStatus, listManagedContainers } from '../../../../agent/environment/docker/docker-host.ts';
import { defaultEngineSocket, engineVersion } from '../../../../agent/environment/docker/engine-probe.ts';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stellar-probe-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const dockerodeLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes(`${'/node_modules/'}dockerode/`));

test('the engine socket is chosen as docker-modem chooses it; other DOCKER_HOST kinds are left to dockerode', async () => {
  assert.equal(await defaultEngineSocket({ DOCKER_HOST: 'unix:///run/custom.sock' }), '/run/custom.sock');
  assert.equal(await defaultEngineSocket({ DOCKER_HOST: 'tcp://127.0.0.1:2376' }), null);
  assert.equal(await defaultEngineSocket({ DOCKER_HOST: 'ssh://me@host' }), null);
  const fallback = await defaultEngineSocket({});
  assert.ok(fallback === '/var/run/docker.sock' || fallback === join(homedir(), '.docker', 'run', 'docker.sock'), String(fallback));
});

test('the version comes from GET /version on the socket; an answer that is not one is an error, not a version', async (t) => {
  const socketPath = join(await tempDir(t), 'engine.sock');
  let status = 200;
  const engine = createHttpServer((request, response) => {
    assert.equal(request.url, '/version');
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: '27.3.1' }));
  });
  await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
  t.after(() => engine.close());
  assert.equal(await engineVersion(socketPath, AbortSignal.timeout(2000)), '27.3.1');
  status = 500;
  await assert.rejects(engineVersion(socketPath, AbortSignal.timeout(2000)), /HTTP 500/);
});

test('an idle agent\'s questions — version, our containers — go over the socket and leave dockerode unloaded', async (t) => {
  const socketPath = join(await tempDir(t), 'engine.sock');
  const asked: string[] = [];
  const engine = createHttpServer((request, response) => {
    asked.push(decodeURIComponent(request.url ?? ''));
    const body = request.url?.startsWith('/version')
      ? { Version: '27.3.1' }
      : [
          { Id: 'c1', Names: ['/stellar-srv1'], State: 'running', Labels: { 'io.stellarstack.managed': 'true', 'io.stellarstack.server': 'srv1', 'io.stellarstack.role': 'server' } },
          { Id: 'c2', Names: ['/stellar-install-srv2'], State: 'exited', Labels: { 'io.stellarstack.managed': 'true', 'io.stellarstack.server': 'srv2', 'io.stellarstack.role': 'install' } },
          { Id: 'c3', Names: ['/unrelated'], State: 'running', Labels: { 'io.stellarstack.managed': 'true' } },
        ];
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
  const saved = process.env.DOCKER_HOST;
  t.after(() => {
    engine.close();
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });
  process.env.DOCKER_HOST = `unix://${socketPath}`;

  assert.deepEqual(await dockerStatus(), { available: true, version: '27.3.1', reason: null });
  const containers = await listManagedContainers();
  assert.deepEqual(containers.map((c) => [c.serverId, c.role, c.containerId, c.name, c.running]), [
    ['srv1', 'server', 'c1', 'stellar-srv1', true],
    ['srv2', 'install', 'c2', 'stellar-install-srv2', false],
  ]);
  assert.ok(asked.some((url) => url.startsWith('/containers/json?all=1&filters={"label":["io.stellarstack.managed=true"]}')), asked.join(', '));
  assert.equal(dockerodeLoaded(), false);
});

test('a missing or silent engine is explained, in time, without loading dockerode', async (t) => {
  const saved = process.env.DOCKER_HOST;
  t.after(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });
  process.env.DOCKER_HOST = 'unix:///nonexistent/stellar/docker.sock';
  assert.deepEqual(await dockerStatus(), {
    available: false,
    version: null,
    reason: 'No Docker socket at /nonexistent/stellar/docker.sock: is Docker installed and running?',
  });

  const socketPath = join(await tempDir(t), 'hung.sock');
  const connections = new Set<Socket>();
  const hung = createServer((socket) => connections.add(socket));
  await new Promise<void>((resolve) => hung.listen(socketPath, resolve));
  t.after(() => {
    for (const socket of connections) socket.destroy();
    hung.close();
  });
  process.env.DOCKER_HOST = `unix://${socketPath}`;
  const started = Date.now();
  const status = await dockerStatus(undefined, 300);
  assert.equal(status.available, false);
  assert.match(status.reason ?? '', /did not answer .* within 0\.3 s/);
  assert.ok(Date.now() - started < 2000);

  assert.equal(dockerodeLoaded(), false, 'dockerode stays unloaded on a machine whose engine does not answer');
});
