import Docker from 'dockerode';
import type { DockerStatus, NetworkModes } from '../../../contracts/index.ts';
import type { EnvironmentFactory } from '../process-environment.ts';
import { LABEL_MANAGED, LABEL_ROLE, LABEL_SERVER, LABEL_SPEC_HASH } from './container-identity.ts';
import type { ContainerRole } from './container-identity.ts';
import { DockerEnvironment } from './docker-environment.ts';
import type { DockerEnvironmentOptions } from './docker-environment.ts';
import { errorMessage } from './docker-errors.ts';

export { ensureImage, imagePresent } from './ensure-image.ts';
export type { EnsureImageOptions } from './ensure-image.ts';

/**
 * The engine this node drives. docker-modem reads DOCKER_HOST (unix://, tcp://, with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) and falls back to /var/run/docker.sock.
 */
export function createDockerClient(): Docker {
  return new Docker();
}

const STATUS_TIMEOUT_MS = 3000;
// dockerode accepts an options argument (with abortSignal) that @types/dockerode leaves out.
type VersionWithOptions = (options: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;

/**
 * Whether this node can run servers, for the agent's hello and heartbeats. Never throws: an
 * engine that is missing, stopped or forbidden is an answer with a reason a person can act on.
 */
export async function dockerStatus(docker?: Docker, timeoutMs: number = STATUS_TIMEOUT_MS): Promise<DockerStatus> {
  let client: Docker;
  try {
    client = docker ?? createDockerClient();
  } catch (error) {
    return { available: false, version: null, reason: `Docker is not configured correctly: ${errorMessage(error)}` };
  }
  try {
    const version = await (client.version as unknown as VersionWithOptions).call(client, { abortSignal: AbortSignal.timeout(timeoutMs) });
    return { available: true, version: version.Version ?? null, reason: null };
  } catch (error) {
    return { available: false, version: null, reason: explainUnavailable(client, error, timeoutMs) };
  }
}

/**
 * Which network modes game containers can use on this engine, for the hello: `bridge` needs
 * Docker's default bridge network (absent when dockerd runs with --bridge=none, where a
 * bridge-mode container starts but nothing is published), `host` the engine's host network.
 * Null when the engine cannot be asked: unknown, not "none".
 */
export async function networkModes(docker: Docker, timeoutMs: number = STATUS_TIMEOUT_MS): Promise<NetworkModes | null> {
  try {
    const list = (docker.listNetworks as unknown as ListNetworksWithOptions).call(docker, { abortSignal: AbortSignal.timeout(timeoutMs) });
    const networks = await list;
    const has = (name: string, driver: string) => networks.some((n) => n.Name === name && n.Driver === driver);
    return { host: has('host', 'host'), bridge: has('bridge', 'bridge') };
  } catch {
    return null;
  }
}

type ListNetworksWithOptions = (options: { abortSignal: AbortSignal }) => Promise<Docker.NetworkInspectInfo[]>;

function explainUnavailable(docker: Docker, error: unknown, timeoutMs: number): string {
  const where = engineAddress(docker);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const name = (error as Error | null)?.name;
  if (code === 'ENOENT') return `No Docker socket at ${where}: is Docker installed and running?`;
  if (code === 'ECONNREFUSED') return `Docker is not running: nothing answers at ${where}`;
  if (code === 'EACCES' || code === 'EPERM') return `Permission denied on ${where}: add this user to the "docker" group`;
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR') return `Docker did not answer at ${where} within ${timeoutMs / 1000} s`;
  return `Docker at ${where} is unavailable: ${errorMessage(error)}`;
}

/**
 * Where the engine is expected, for messages. docker-modem's default socketPath is a function
 * that picks between the user's and the system socket, so it is named, not printed.
 */
export function engineAddress(docker: Docker): string {
  const modem = docker.modem as { socketPath?: unknown; host?: string; port?: number | string };
  if (typeof modem.socketPath === 'string') return modem.socketPath;
  if (typeof modem.socketPath === 'function') return '/var/run/docker.sock';
  return `${modem.host ?? 'localhost'}:${modem.port ?? ''}`;
}

/** A container of ours found on the engine, e.g. to reattach to after the agent restarted. */
export interface ManagedContainer {
  serverId: string;
  role: ContainerRole;
  containerId: string;
  name: string;
  running: boolean;
  specHash: string | null;
}

/** Every container this agent manages (by label, whatever its name), game and install alike. */
export async function listManagedContainers(docker: Docker): Promise<ManagedContainer[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
  return containers.flatMap((container) => {
    const serverId = container.Labels[LABEL_SERVER];
    if (!serverId) return [];
    return [
      {
        serverId,
        role: container.Labels[LABEL_ROLE] === 'install' ? 'install' : 'server',
        containerId: container.Id,
        name: (container.Names[0] ?? '').replace(/^\//, ''),
        running: container.State === 'running',
        specHash: container.Labels[LABEL_SPEC_HASH] ?? null,
      } satisfies ManagedContainer,
    ];
  });
}

/** The agent's way to get one environment per server, all on the same engine. */
export function createDockerEnvironmentFactory(docker: Docker = createDockerClient(), options: DockerEnvironmentOptions = {}): EnvironmentFactory {
  return (serverId) => new DockerEnvironment(serverId, docker, options);
}
