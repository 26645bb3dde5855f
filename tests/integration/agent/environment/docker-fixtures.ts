import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { ServerSpec } from '../../../../contracts/index.ts';
import { DockerEnvironment } from '../../../../agent/environment/docker/docker-environment.ts';
import type { ExitInfo } from '../../../../agent/environment/process-environment.ts';
import { BUSYBOX_IMAGE } from '../../../support/images.ts';

/** Shared by the Docker environment tests: a spec with small limits, temp dirs, and output watching. */

export const docker = new Docker();

/** A server id no other test (or test run) uses, so parallel files never meet on the engine. */
export function uniqueServerId(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}`;
}

export function makeSpec(overrides: Partial<ServerSpec> = {}): ServerSpec {
  return {
    id: uniqueServerId('srv'),
    image: BUSYBOX_IMAGE,
    startup: 'echo hello',
    startupMode: 'shell',
    environment: {},
    dataPath: '/home/container',
    memory: 64,
    swap: 0,
    cpu: 100,
    disk: 1024,
    pids: 64,
    ports: [],
    // The engine here has no bridge: containers that run use the host's network (loopback only in tests).
    hostNetwork: true,
    stop: { type: 'signal', value: 'SIGTERM' },
    done: [],
    startTimeoutSeconds: 10,
    stopGraceSeconds: 5,
    install: null,
    restartPolicy: { enabled: false, maxRetries: 3 },
    configFiles: [],
    query: null,
    ...overrides,
  };
}

export async function tempDir(t: TestContext, prefix = 'stellar-env-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An environment whose container is removed when the test ends, whatever happened. */
export function environmentFor(t: TestContext, serverId: string): DockerEnvironment {
  const environment = new DockerEnvironment(serverId, docker);
  t.after(() => environment.destroy());
  return environment;
}

/** Everything an environment prints, and every exit it reports. */
export class Recorder {
  text = '';
  exits: ExitInfo[] = [];

  constructor(environment: DockerEnvironment) {
    environment.events.on('output', (chunk) => (this.text += chunk));
    environment.events.on('exit', (info) => this.exits.push(info));
  }

  waitForText(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const matches = (): boolean => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    return waitUntil(matches, timeoutMs, () => `no ${String(pattern)} in output:\n${this.text}`);
  }

  waitForExit(timeoutMs = 10_000): Promise<void> {
    return waitUntil(() => this.exits.length > 0, timeoutMs, () => `no exit event; output:\n${this.text}`);
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Containers on the engine that carry a label, running or not. */
export async function containersLabelled(label: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [label] } });
}
