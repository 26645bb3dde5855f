import type Docker from 'dockerode';
import type { ServerSpec } from '../../../contracts/index.ts';
import type { EnvironmentPaths } from '../process-environment.ts';
import { containerLabels, containerName } from './container-identity.ts';

/** Node-wide choices that are not part of a server's spec. */
export interface ContainerSettings {
  /** `uid:gid` game processes run as; undefined keeps the image's own user. */
  user: string | undefined;
  /** `uid:gid` install scripts run as; undefined keeps the image's own user (root for installers). */
  installUser: string | undefined;
  /** Passed as TZ unless the server's environment sets one. */
  timezone: string | undefined;
}

/**
 * The unprivileged user a root agent runs game servers as (wings' default uid), so that no
 * game process is root inside its container and every server's files have one owner.
 */
export const ROOT_AGENT_CONTAINER_USER = '988:988';

/**
 * A root agent runs game servers as ROOT_AGENT_CONTAINER_USER (or STELLAR_CONTAINER_USER;
 * `image` keeps each image's own user) and install scripts as root, then hands the files to
 * the game user. A non-root agent (the desktop app's embedded one) runs both as itself, so
 * the files in the bind-mounted data directory stay its own.
 */
export function defaultContainerSettings(env: NodeJS.ProcessEnv = process.env): ContainerSettings {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  const timezone = env.TZ || undefined;
  if (uid === undefined || gid === undefined) return { user: undefined, installUser: undefined, timezone };
  if (uid !== 0) return { user: `${uid}:${gid}`, installUser: `${uid}:${gid}`, timezone };
  const configured = env.STELLAR_CONTAINER_USER;
  const user = configured === 'image' ? undefined : configured || ROOT_AGENT_CONTAINER_USER;
  return { user, installUser: undefined, timezone };
}

const MiB = 1024 * 1024;
/** NanoCpus per percent of one core: 100 % = 1e9. */
const NANO_CPUS_PER_PERCENT = 10_000_000;

/**
 * Capabilities a game process keeps; everything else is dropped. Starting from ALL instead of
 * removing a list means a capability Docker adds to its defaults later stays off. These four
 * are what wings leaves game containers after its drop list: images whose entrypoint starts
 * as root and steps down to a game user need CHOWN (fix ownership of files it creates),
 * SETUID/SETGID (change user), and KILL (an init running as root signalling that user's
 * processes). NET_BIND_SERVICE is not kept: game ports are above 1024.
 */
export const GAME_CAPABILITIES = ['CHOWN', 'SETUID', 'SETGID', 'KILL'] as const;

/** Size of the /tmp tmpfs; it counts against the memory limit, so it stays small. */
const TMPFS_SIZE = '64m';

export interface ResourceLimits {
  memoryMiB: number;
  swapMiB: number;
  cpuPercent: number;
  pids: number;
}

/** Memory, swap, cpu and pids in the units Docker wants. A value of 0 or less means "no limit". */
export function resourceLimits(limits: ResourceLimits): Docker.HostConfig {
  const memory = limits.memoryMiB > 0 ? limits.memoryMiB * MiB : 0;
  return {
    Memory: memory,
    MemorySwap: memory === 0 ? 0 : memorySwap(memory, limits.swapMiB),
    NanoCpus: limits.cpuPercent > 0 ? limits.cpuPercent * NANO_CPUS_PER_PERCENT : 0,
    PidsLimit: limits.pids > 0 ? limits.pids : 0,
  };
}

/** Docker's MemorySwap is memory + swap: equal to Memory means no swap, -1 means unlimited. */
function memorySwap(memoryBytes: number, swapMiB: number): number {
  if (swapMiB < 0) return -1;
  return memoryBytes + swapMiB * MiB;
}

/** Hardening every container of ours gets, game and install alike. */
export function hardenedHostConfig(capabilities: readonly string[] = GAME_CAPABILITIES): Docker.HostConfig {
  return {
    Privileged: false,
    SecurityOpt: ['no-new-privileges:true'],
    CapDrop: ['ALL'],
    CapAdd: [...capabilities],
    // docker-init as PID 1: a game process is not PID 1, so it gets SIGTERM's default
    // action, and zombies are reaped.
    Init: true,
    ReadonlyRootfs: false,
    // exec: JVM games unpack native libraries into /tmp and load them from there.
    Tmpfs: { '/tmp': `rw,exec,nosuid,nodev,size=${TMPFS_SIZE}` },
    // The agent keeps its own console backlog; Docker's copy only needs to stay bounded.
    LogConfig: { Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } },
    // The agent decides about restarts (crash detection, backoff); Docker must not restart behind its back.
    RestartPolicy: { Name: 'no' },
  };
}

/**
 * `27015/udp` → {} for each port and protocol, and the matching host bindings on the node's
 * bind address (every interface when it has none or 0.0.0.0).
 */
export function portPublishing(ports: ServerSpec['ports'], bindAddress?: string): Pick<Docker.ContainerCreateOptions, 'ExposedPorts'> & Pick<Docker.HostConfig, 'PortBindings'> {
  const hostIp = bindAddress === undefined || bindAddress === '0.0.0.0' ? '' : bindAddress;
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const { port, protocol } of ports) {
    const key = `${port}/${protocol}`;
    exposed[key] = {};
    bindings[key] = [{ HostIp: hostIp, HostPort: String(port) }];
  }
  return { ExposedPorts: exposed, PortBindings: bindings };
}

/**
 * The server's variables plus the ones images of this ecosystem read. The agent's own
 * values win over a same-named server variable. Sorted, so the spec hash does not depend on
 * key order.
 */
export function containerEnv(spec: ServerSpec, settings: ContainerSettings): string[] {
  const env = new Map<string, string>();
  // Images of the PTDL ecosystem expect TZ to be set; the node's own zone, else UTC.
  env.set('TZ', settings.timezone ?? 'UTC');
  for (const [key, value] of Object.entries(spec.environment)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) env.set(key, value);
  }
  env.set('STARTUP', spec.startup);
  env.set('SERVER_MEMORY', String(spec.memory));
  const firstPort = spec.ports[0];
  if (firstPort) env.set('SERVER_PORT', String(firstPort.port));
  return [...env.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => `${key}=${value}`);
}

/** The shell `shell` mode runs the startup line with; an image without it needs `entrypoint` mode. */
export const STARTUP_SHELL = '/bin/sh';

/**
 * What the container runs. `shell`: the startup line through `/bin/sh -c` in place of the
 * image's entrypoint, so plain images work. `entrypoint`: nothing is overridden: the image's
 * own Entrypoint and Cmd run and read the line from STARTUP (set in both modes), which is how
 * the ecosystem's game images are built and the only way for an image without a shell.
 */
export function startupCommand(spec: ServerSpec): Pick<Docker.ContainerCreateOptions, 'Entrypoint' | 'Cmd'> {
  if (spec.startupMode === 'entrypoint') return {};
  return { Entrypoint: [STARTUP_SHELL, '-c'], Cmd: [spec.startup] };
}

/** Create options for a server's game container; the startup line reaches it as startupCommand says. */
export function buildContainerOptions(spec: ServerSpec, paths: EnvironmentPaths, settings: ContainerSettings): Docker.ContainerCreateOptions {
  const publishing = spec.hostNetwork ? null : portPublishing(spec.ports, spec.bindAddress);
  return {
    name: containerName(spec.id),
    Image: spec.image,
    Labels: containerLabels(spec.id, 'server'),
    User: settings.user,
    Env: containerEnv(spec, settings),
    WorkingDir: spec.dataPath,
    ...startupCommand(spec),
    // Stdin stays open across attaches (StdinOnce false) so commands keep working after the
    // agent reattaches; no TTY, so stdout and stderr arrive multiplexed and unmangled.
    OpenStdin: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    StdinOnce: false,
    Tty: false,
    ...(publishing ? { ExposedPorts: publishing.ExposedPorts } : {}),
    HostConfig: {
      ...hardenedHostConfig(),
      ...resourceLimits({ memoryMiB: spec.memory, swapMiB: spec.swap, cpuPercent: spec.cpu, pids: spec.pids }),
      Mounts: [{ Type: 'bind', Source: paths.hostDataDir, Target: spec.dataPath, ReadOnly: false }],
      NetworkMode: spec.hostNetwork ? 'host' : 'bridge',
      ...(publishing ? { PortBindings: publishing.PortBindings } : {}),
    },
  };
}
