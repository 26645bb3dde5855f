import assert from 'node:assert/strict';
import Docker from 'dockerode';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAppError } from '../../../../contracts/index.ts';
import { containerName } from '../../../../agent/environment/docker/container-identity.ts';
import { DockerEnvironment } from '../../../../agent/environment/docker/docker-environment.ts';
import { createDockerEnvironmentFactory, dockerStatus, ensureImage, listManagedContainers, networkModes } from '../../../../agent/environment/docker/docker-host.ts';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../../support/images.ts';
import { dockerSkipReason } from '../../../support/requirements.ts';
import { docker, environmentFor, makeSpec, tempDir } from './docker-fixtures.ts';

const skip = await dockerSkipReason();
if (!skip) await ensureBusyboxImage(docker);

test('dockerStatus reports a reachable engine with its version', { skip }, async () => {
  const status = await dockerStatus(docker);
  assert.equal(status.available, true);
  assert.match(status.version ?? '', /^\d+\.\d+/);
  assert.equal(status.reason, null);
});

test("networkModes says which of host and bridge the engine's networks offer; unknown (null) without an engine", { skip }, async () => {
  const networks = await docker.listNetworks();
  assert.deepEqual(await networkModes(docker), {
    host: networks.some((n) => n.Name === 'host' && n.Driver === 'host'),
    bridge: networks.some((n) => n.Name === 'bridge' && n.Driver === 'bridge'),
  });
  assert.equal(await networkModes(new Docker({ socketPath: '/nonexistent/stellar/docker.sock' })), null);
});

test('dockerStatus explains a missing engine instead of throwing', async () => {
  const status = await dockerStatus(new Docker({ socketPath: '/nonexistent/stellar/docker.sock' }));
  assert.deepEqual(status, {
    available: false,
    version: null,
    reason: 'No Docker socket at /nonexistent/stellar/docker.sock: is Docker installed and running?',
  });
});

test('dockerStatus gives up on an engine that does not answer', async (t) => {
  const socketPath = join(await tempDir(t), 'hung.sock');
  const connections = new Set<Socket>();
  // Accepts connections and never answers, like a wedged daemon.
  const hung = createServer((socket) => connections.add(socket));
  await new Promise<void>((resolve) => hung.listen(socketPath, resolve));
  t.after(() => {
    for (const socket of connections) socket.destroy();
    hung.close();
  });

  const started = Date.now();
  const status = await dockerStatus(new Docker({ socketPath }), 300);
  assert.equal(status.available, false);
  assert.match(status.reason ?? '', /did not answer .* within 0\.3 s/);
  assert.ok(Date.now() - started < 2000);
});

test('ensureImage uses a local image without pulling', { skip }, async () => {
  const lines: string[] = [];
  await ensureImage(docker, BUSYBOX_IMAGE, (line) => lines.push(line));
  assert.deepEqual(lines, []);
});

test('ensureImage of a missing image that cannot be pulled fails fast with IMAGE_UNAVAILABLE naming the image', { skip, timeout: 30_000 }, async () => {
  // A registry on a closed loopback port: the pull fails at once and no traffic leaves the machine
  // (a Docker Hub name would make dockerd ask the machine's DNS resolver).
  const image = `127.0.0.1:9/stellar-test/never-built-${process.pid}:1`;
  const lines: string[] = [];
  const steps: { fraction: number | null; done: boolean }[] = [];
  const started = Date.now();
  const onProgress = (line: string, fraction: number | null, done: boolean) => {
    lines.push(line);
    steps.push({ fraction, done });
  };
  await assert.rejects(ensureImage(docker, image, onProgress, { stallTimeoutMs: 10_000 }), (error) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, 'IMAGE_UNAVAILABLE');
    assert.ok(error.message.includes(image), error.message);
    assert.deepEqual(error.details, { image });
    return true;
  });
  assert.ok(Date.now() - started < 15_000, 'no registry is reachable: the pull must not hang');
  assert.equal(lines[0], `Pulling image ${image}`);
  // The last step says the pull is over and failed (no fraction), so a waiting UI stops waiting.
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1]!, new RegExp(`^Could not pull image ${image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
  assert.deepEqual(steps.at(-1), { fraction: null, done: true });
});

test('create of a server whose image is unavailable fails with IMAGE_UNAVAILABLE and creates nothing', { skip, timeout: 30_000 }, async (t) => {
  const spec = makeSpec({ image: `stellar-test/never-built-${process.pid}:2` });
  const environment = environmentFor(t, spec.id);
  await assert.rejects(environment.create(spec, { hostDataDir: await tempDir(t) }), (error) => isAppError(error) && error.code === 'IMAGE_UNAVAILABLE');
  assert.equal(await environment.state(), 'missing');
});

test('bridge mode publishes TCP and UDP ports on the created container (inspected, never started)', { skip }, async (t) => {
  const spec = makeSpec({
    hostNetwork: false,
    ports: [
      { port: 27015, protocol: 'tcp' },
      { port: 27015, protocol: 'udp' },
    ],
  });
  const environment = environmentFor(t, spec.id);
  await environment.create(spec, { hostDataDir: await tempDir(t) });

  const info = await docker.getContainer(containerName(spec.id)).inspect();
  assert.equal(info.HostConfig.NetworkMode, 'bridge');
  assert.deepEqual(info.HostConfig.PortBindings, {
    '27015/tcp': [{ HostIp: '', HostPort: '27015' }],
    '27015/udp': [{ HostIp: '', HostPort: '27015' }],
  });
  assert.deepEqual(Object.keys(info.Config.ExposedPorts ?? {}).sort(), ['27015/tcp', '27015/udp']);
  assert.equal(info.State.Status, 'created');
});

const noBridge = skip || ((await docker.listNetworks()).some((n) => n.Name === 'bridge') ? 'skipped: this engine has a bridge network' : false);

test('a bridge-mode container on an engine without a bridge network is refused at start with the reason, and never runs', { skip: noBridge }, async (t) => {
  const spec = makeSpec({ hostNetwork: false, ports: [{ port: 27015, protocol: 'udp' }] });
  const environment = environmentFor(t, spec.id);
  await environment.create(spec, { hostDataDir: await tempDir(t) });
  await assert.rejects(environment.start(), (error: unknown) =>
    isAppError(error) && error.code === 'NETWORK_UNAVAILABLE' && /no bridge network/.test(error.message) && /host networking/.test(error.message));
  assert.equal(await environment.state(), 'stopped');
});

test('listManagedContainers finds a server container again by its labels', { skip }, async (t) => {
  const spec = makeSpec();
  const environment = environmentFor(t, spec.id);
  await environment.create(spec, { hostDataDir: await tempDir(t) });

  const found = (await listManagedContainers(docker)).find((container) => container.serverId === spec.id);
  assert.ok(found);
  assert.equal(found.role, 'server');
  assert.equal(found.name, containerName(spec.id));
  assert.equal(found.running, false);
  assert.match(found.specHash ?? '', /^[0-9a-f]{32}$/);
});

test('the environment factory makes one Docker environment per server', () => {
  const make = createDockerEnvironmentFactory(docker);
  const environment = make('srv_factory');
  assert.ok(environment instanceof DockerEnvironment);
  assert.equal(environment.serverId, 'srv_factory');
});
