import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerSpec } from '../../../../contracts/index.ts';
import { specHash } from '../../../../agent/environment/docker/container-identity.ts';
import { ROOT_AGENT_CONTAINER_USER, buildContainerOptions, containerEnv, defaultContainerSettings } from '../../../../agent/environment/docker/container-options.ts';
import type { ContainerSettings } from '../../../../agent/environment/docker/container-options.ts';
import { buildInstallOptions } from '../../../../agent/environment/docker/install-options.ts';

const MiB = 1024 * 1024;
const paths = { hostDataDir: '/srv/stellar/servers/srv_1' };
const settings: ContainerSettings = { user: undefined, installUser: undefined, timezone: undefined };

function spec(overrides: Partial<ServerSpec> = {}): ServerSpec {
  return {
    id: 'srv_1',
    image: 'ghcr.io/example/game:1',
    startup: './server --port 27015',
    startupMode: 'shell',
    environment: { MAX_PLAYERS: '16' },
    dataPath: '/home/container',
    memory: 1024,
    swap: 0,
    cpu: 100,
    disk: 4096,
    pids: 512,
    ports: [
      { port: 27015, protocol: 'tcp' },
      { port: 27015, protocol: 'udp' },
      { port: 27020, protocol: 'udp' },
    ],
    hostNetwork: false,
    stop: { type: 'command', value: 'quit' },
    done: [],
    startTimeoutSeconds: 60,
    stopGraceSeconds: 30,
    install: null,
    restartPolicy: { enabled: false, maxRetries: 3 },
    configFiles: [],
    query: null,
    ...overrides,
  };
}

test('bridge mode publishes every port for TCP and UDP on all interfaces', () => {
  const options = buildContainerOptions(spec(), paths, settings);
  assert.equal(options.HostConfig?.NetworkMode, 'bridge');
  assert.deepEqual(options.ExposedPorts, { '27015/tcp': {}, '27015/udp': {}, '27020/udp': {} });
  assert.deepEqual(options.HostConfig?.PortBindings, {
    '27015/tcp': [{ HostIp: '', HostPort: '27015' }],
    '27015/udp': [{ HostIp: '', HostPort: '27015' }],
    '27020/udp': [{ HostIp: '', HostPort: '27020' }],
  });
});

test("bridge mode publishes on the node's bind address only when it names one", () => {
  const bound = buildContainerOptions(spec({ bindAddress: '192.0.2.7' }), paths, settings);
  assert.deepEqual(bound.HostConfig?.PortBindings?.['27020/udp'], [{ HostIp: '192.0.2.7', HostPort: '27020' }]);
  const everywhere = buildContainerOptions(spec({ bindAddress: '0.0.0.0' }), paths, settings);
  assert.deepEqual(everywhere.HostConfig?.PortBindings?.['27020/udp'], [{ HostIp: '', HostPort: '27020' }]);
});

test('host networking publishes nothing: the game binds the host ports itself', () => {
  const options = buildContainerOptions(spec({ hostNetwork: true }), paths, settings);
  assert.equal(options.HostConfig?.NetworkMode, 'host');
  assert.equal(options.ExposedPorts, undefined);
  assert.equal(options.HostConfig?.PortBindings, undefined);
});

test('swap maps to MemorySwap: 0 means no swap, -1 unlimited, n adds n MiB to memory', () => {
  const limits = (swap: number) => buildContainerOptions(spec({ memory: 512, swap }), paths, settings).HostConfig;
  assert.equal(limits(0)?.Memory, 512 * MiB);
  assert.equal(limits(0)?.MemorySwap, 512 * MiB);
  assert.equal(limits(-1)?.MemorySwap, -1);
  assert.equal(limits(256)?.MemorySwap, 768 * MiB);
});

test('cpu percent of one core maps to NanoCpus (100 = one core), pids to PidsLimit', () => {
  const limits = (cpu: number) => buildContainerOptions(spec({ cpu, pids: 64 }), paths, settings).HostConfig;
  assert.equal(limits(100)?.NanoCpus, 1_000_000_000);
  assert.equal(limits(250)?.NanoCpus, 2_500_000_000);
  assert.equal(limits(0)?.NanoCpus, 0, '0 = no cpu limit');
  assert.equal(limits(100)?.PidsLimit, 64);
});

test('every game container is hardened by default', () => {
  const options = buildContainerOptions(spec(), paths, settings);
  const host = options.HostConfig;
  assert.equal(host?.Privileged, false);
  assert.deepEqual(host?.SecurityOpt, ['no-new-privileges:true']);
  assert.deepEqual(host?.CapDrop, ['ALL']);
  assert.deepEqual(host?.CapAdd, ['CHOWN', 'SETUID', 'SETGID', 'KILL']);
  assert.equal(host?.Init, true);
  assert.equal(host?.ReadonlyRootfs, false);
  assert.match(String(host?.Tmpfs?.['/tmp']), /size=\d+m/);
  assert.deepEqual(host?.LogConfig, { Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } });
  assert.deepEqual(host?.RestartPolicy, { Name: 'no' });
  assert.equal(options.OpenStdin, true);
  assert.equal(options.StdinOnce, false);
  assert.equal(options.Tty, false);
});

test('the startup line runs through /bin/sh -c in dataPath, with the server files bind-mounted there', () => {
  const options = buildContainerOptions(spec(), paths, settings);
  assert.equal(options.name, 'stellar-srv_1');
  assert.deepEqual(options.Entrypoint, ['/bin/sh', '-c']);
  assert.deepEqual(options.Cmd, ['./server --port 27015']);
  assert.equal(options.WorkingDir, '/home/container');
  assert.deepEqual(options.HostConfig?.Mounts, [{ Type: 'bind', Source: paths.hostDataDir, Target: '/home/container', ReadOnly: false }]);
  assert.deepEqual(options.Labels, { 'io.stellarstack.managed': 'true', 'io.stellarstack.server': 'srv_1', 'io.stellarstack.role': 'server' });
});

test('entrypoint mode keeps the image entrypoint and command and hands the startup line over in STARTUP', () => {
  const options = buildContainerOptions(spec({ startupMode: 'entrypoint' }), paths, settings);
  assert.equal('Entrypoint' in options, false, 'no Entrypoint override: the image keeps its own');
  assert.equal('Cmd' in options, false, 'no Cmd override: the image keeps its own');
  assert.ok(options.Env?.includes('STARTUP=./server --port 27015'));
  assert.equal(options.WorkingDir, '/home/container');
});

test('the startup mode is part of the spec hash, so switching it recreates the container', () => {
  const shell = buildContainerOptions(spec(), paths, settings);
  const entrypoint = buildContainerOptions(spec({ startupMode: 'entrypoint' }), paths, settings);
  assert.notEqual(specHash(shell, 'sha256:1'), specHash(entrypoint, 'sha256:1'));
});

test('the environment carries the server variables plus STARTUP, SERVER_MEMORY, SERVER_PORT and TZ; the agent wins on a clash', () => {
  const env = containerEnv(spec({ environment: { MAX_PLAYERS: '16', SERVER_MEMORY: '1', 'bad=key': 'x' } }), { ...settings, timezone: 'Europe/Berlin' });
  assert.deepEqual(env, ['MAX_PLAYERS=16', 'SERVER_MEMORY=1024', 'SERVER_PORT=27015', 'STARTUP=./server --port 27015', 'TZ=Europe/Berlin']);
  assert.ok(!containerEnv(spec({ ports: [] }), settings).some((entry) => entry.startsWith('SERVER_PORT=')));
  assert.ok(containerEnv(spec({ environment: { TZ: 'UTC' } }), { ...settings, timezone: 'Europe/Berlin' }).includes('TZ=UTC'));
});

test('a configured user runs the game container', () => {
  assert.equal(buildContainerOptions(spec(), paths, { ...settings, user: '1000:1000' }).User, '1000:1000');
  assert.equal(buildContainerOptions(spec(), paths, settings).User, undefined);
});

test('a root agent runs games as an unprivileged user and installs as the image user; a non-root agent runs both as itself', () => {
  const asRoot = process.getuid?.() === 0;
  const chosen = defaultContainerSettings({});
  if (asRoot) {
    assert.equal(chosen.user, ROOT_AGENT_CONTAINER_USER);
    assert.equal(chosen.installUser, undefined);
    assert.equal(defaultContainerSettings({ STELLAR_CONTAINER_USER: '1000:1000' }).user, '1000:1000');
    assert.equal(defaultContainerSettings({ STELLAR_CONTAINER_USER: 'image' }).user, undefined);
  } else {
    const self = `${process.getuid?.()}:${process.getgid?.()}`;
    assert.equal(chosen.user, self);
    assert.equal(chosen.installUser, self);
  }
  const install = buildInstallOptions(spec({ install: { image: 'installer', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 } }), { image: 'installer', entrypoint: 'sh', script: 'true', timeoutSeconds: 900 }, paths, '/tmp/x', { ...settings, user: '988:988' });
  assert.equal(install.User, undefined, 'installers keep their image user (root) and files are handed over afterwards');
});

test('install containers get the same hardening, the files at /mnt/server and the script read-only', () => {
  const install = { image: 'ghcr.io/example/installer:debian', entrypoint: 'bash', script: 'echo hi', timeoutSeconds: 900 };
  const options = buildInstallOptions(spec({ memory: 256, install }), install, paths, '/tmp/stellar-install-x', settings);
  assert.equal(options.name, 'stellar-srv_1-install');
  assert.equal(options.Image, install.image);
  assert.deepEqual(options.Entrypoint, ['bash']);
  assert.deepEqual(options.Cmd, ['/mnt/install/install.sh']);
  assert.equal(options.WorkingDir, '/mnt/server');
  assert.equal(options.Labels?.['io.stellarstack.role'], 'install');
  assert.deepEqual(options.HostConfig?.Mounts, [
    { Type: 'bind', Source: paths.hostDataDir, Target: '/mnt/server', ReadOnly: false },
    { Type: 'bind', Source: '/tmp/stellar-install-x', Target: '/mnt/install', ReadOnly: true },
  ]);
  assert.equal(options.HostConfig?.Privileged, false);
  assert.deepEqual(options.HostConfig?.SecurityOpt, ['no-new-privileges:true']);
  assert.deepEqual(options.HostConfig?.CapDrop, ['ALL']);
  assert.ok(!options.HostConfig?.CapAdd?.some((cap: string) => ['SYS_ADMIN', 'NET_RAW', 'MKNOD', 'NET_ADMIN'].includes(cap)));
  assert.equal(options.HostConfig?.Init, true);
  // A small server still gets enough memory to unpack its game.
  assert.equal(options.HostConfig?.Memory, 1024 * MiB);
  assert.equal(options.HostConfig?.PortBindings, undefined);
});

test('the spec hash ignores key order and changes with the options or the image id', () => {
  const a = buildContainerOptions(spec(), paths, settings);
  const reordered = Object.fromEntries(Object.entries(a).reverse());
  assert.equal(specHash(reordered, 'sha256:1'), specHash(a, 'sha256:1'));
  assert.notEqual(specHash(a, 'sha256:2'), specHash(a, 'sha256:1'));
  assert.notEqual(specHash(buildContainerOptions(spec({ memory: 2048 }), paths, settings), 'sha256:1'), specHash(a, 'sha256:1'));
});

test('a server id that cannot name a container is refused', () => {
  assert.throws(() => buildContainerOptions(spec({ id: '../etc' }), paths, settings), /cannot name a container/);
});
