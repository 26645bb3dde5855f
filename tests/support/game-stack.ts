import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { CONSOLE_TOKEN_PREFIX, type ConsoleTokenClaims, type ServerStatus } from '../../contracts/index.ts';
import { agentArgs, spawnAgent, type SpawnedAgent } from './agent.ts';
import { api, freePort, signUpAdmin, tempDir, type Account, type Json, type SpawnedController } from './controller.ts';
import { BUSYBOX_IMAGE, OPENTTD_IMAGE } from './images.ts';
import { issueNodeToken, registerNode, spawnNodeController, waitForNodeStatus } from './nodes.ts';
import { readStoredDocument } from './stored-document.ts';
import { waitFor } from './wait.ts';

/**
 * One real StellarStack installation for end-to-end tests: a controller process and an agent
 * process on 127.0.0.1, the admin signed up, one node with host networking (the engine here
 * has no bridge) whose agent drives the real Docker engine. Everything a test creates is
 * remembered and removed by `close()`: processes, containers (by their server label), dirs.
 */

export const docker = new Docker();

export const LABEL_MANAGED = 'io.stellarstack.managed';
export const LABEL_SERVER = 'io.stellarstack.server';

/** OpenTTD's dedicated server on the host's loopback; its own line says when the game runs. */
export const OPENTTD_BLUEPRINT = {
  id: 'openttd-test',
  name: 'OpenTTD (test)',
  category: 'simulation',
  images: { local: OPENTTD_IMAGE },
  startup: 'openttd -D 127.0.0.1:{{SERVER_PORT}} -x',
  stop: { type: 'command', value: 'quit' },
  // OpenTTD 13 prints "dbg: [net] Map generated, starting game" once the game loop runs.
  done: ['Map generated, starting game'],
  startTimeoutSeconds: 60,
  stopGraceSeconds: 10,
  ports: [{ name: 'game', port: 3979, protocol: 'tcp' }],
  defaults: { memory: 512, cpu: 100, disk: 1024 },
  variables: [{ env: 'HOME', name: 'home', default: '/home/container', userEditable: false }],
};

/** A console that answers every line it reads: `got: <line>`. Running at once (no done pattern). */
export const ECHO_BLUEPRINT = {
  id: 'echo-test',
  name: 'Echo (test)',
  category: 'test',
  images: { local: BUSYBOX_IMAGE },
  startup: "echo echo-ready; while read -r line; do echo \"got: $line\"; done",
  stop: { type: 'signal', value: 'SIGTERM' },
  done: [],
  startTimeoutSeconds: 10,
  stopGraceSeconds: 5,
  ports: [],
  defaults: { memory: 64, cpu: 50, disk: 64 },
  variables: [],
};

export const NODE_CAPACITY = { memory: 8192, disk: 40960, cpu: 800 };

export interface StackOptions {
  label: string;
  /** Extra blueprints to add through the API. */
  blueprints?: Record<string, unknown>[];
}

export class Stack {
  controller!: SpawnedController;
  admin!: Account;
  node!: Json;
  nodeToken!: string;
  agent!: SpawnedAgent;
  consolePort!: number;
  controllerData!: string;
  agentData!: string;
  readonly serverIds = new Set<string>();
  readonly #agents: SpawnedAgent[] = [];
  readonly #dirs: string[] = [];

  private constructor(readonly label: string) {}

  static async start(options: StackOptions): Promise<Stack> {
    const stack = new Stack(options.label);
    try {
      await stack.#boot(options);
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get url(): string {
    return this.controller.url;
  }

  async #boot(options: StackOptions): Promise<void> {
    this.controllerData = await this.#dir(`${this.label}-ctl`);
    this.agentData = await this.#dir(`${this.label}-agent`);
    this.controller = await spawnNodeController({ data: this.controllerData, heartbeatSeconds: 1 });
    this.admin = await signUpAdmin(this.url);
    this.consolePort = await freePort();
    this.node = await registerNode(this.url, this.admin.token, {
      name: `${this.label}-node`,
      host: '127.0.0.1',
      consolePort: this.consolePort,
      hostNetwork: true,
      ...NODE_CAPACITY,
    });
    this.nodeToken = await issueNodeToken(this.url, this.admin.token, this.node.id);
    await this.startAgent();
    for (const blueprint of options.blueprints ?? []) {
      const res = await api(this.url, '/blueprints', { token: this.admin.token, body: blueprint });
      assert.equal(res.status, 201, `blueprint ${String(blueprint.id)}: ${res.text}`);
    }
  }

  /** Stops the controller process and starts it again on the same port with the same data dir. */
  async restartController(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.controller.stop(signal);
    this.controller = await spawnNodeController({ data: this.controllerData, port, heartbeatSeconds: 1 });
  }

  /** Starts the agent process (again) on the node's console port and waits until the node is online. */
  async startAgent(): Promise<SpawnedAgent> {
    // The node's registered console port, so the console-token answer's consoleUrl is the real one.
    const args = [...agentArgs({ controller: this.url, token: this.nodeToken, data: this.agentData }), '--console-port', String(this.consolePort)];
    const agent = spawnAgent(args);
    this.#agents.push(agent);
    this.agent = agent;
    await agent.waitForLog(/connected to \S+ as node/, 20_000);
    await waitForNodeStatus(this.url, this.admin.token, this.node.id, 'online', 10_000);
    return agent;
  }

  /** POST /servers as the admin on this node; asserts the 201 and remembers the id for cleanup. */
  async createServer(body: Record<string, unknown>, token = this.admin.token): Promise<Json> {
    const res = await api(this.url, '/servers', { token, body: { nodeId: this.node.id, ...body } });
    if (res.body?.data?.id) this.serverIds.add(res.body.data.id);
    assert.equal(res.status, 201, res.text);
    return res.body.data;
  }

  async getServer(id: string, token = this.admin.token): Promise<Json> {
    const res = await api(this.url, `/servers/${id}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.body.data;
  }

  /** Polls GET /servers/:id until `status` (and `extra`, when given, holds); returns the server. */
  waitForStatus(id: string, status: ServerStatus, timeoutMs = 15_000, extra?: (server: Json) => boolean): Promise<Json> {
    let last: Json;
    return waitFor(
      async () => {
        last = await this.getServer(id);
        return last.status === status && (extra === undefined || extra(last)) ? last : false;
      },
      { timeoutMs, message: `server ${id} ${status}`, intervalMs: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last seen ${JSON.stringify(last)}\n--- agent log ---\n${this.agent.logs().slice(-3000)}`);
    });
  }

  async power(id: string, action: 'start' | 'stop' | 'restart' | 'kill', token = this.admin.token) {
    return api(this.url, `/servers/${id}/${action}`, { token, method: 'POST' });
  }

  async consoleToken(id: string, token = this.admin.token): Promise<Json> {
    const res = await api(this.url, `/servers/${id}/console-token`, { token });
    assert.equal(res.status, 200, res.text);
    return res.body.data;
  }

  /** The server's container as the engine sees it, or null. */
  async inspect(id: string): Promise<Docker.ContainerInspectInfo | null> {
    return docker
      .getContainer(`stellar-${id}`)
      .inspect()
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode === 404) return null;
        throw error;
      });
  }

  /** Every container (running or not) labelled for this server. */
  async containersOf(id: string): Promise<Docker.ContainerInfo[]> {
    return docker.listContainers({ all: true, filters: { label: [`${LABEL_SERVER}=${id}`] } });
  }

  /** Where the agent keeps the server's files and state. */
  serverPaths(id: string): { filesDir: string; stateFile: string } {
    return { filesDir: join(this.agentData, 'servers', id), stateFile: join(this.agentData, 'state', `${id}.json`) };
  }

  /** Signs console-token claims with the controller's own private key (from its data file). */
  async signWithControllerKey(claims: Partial<ConsoleTokenClaims> & { srv: string }): Promise<string> {
    const document = await readStoredDocument(this.controllerData);
    if (!document.consoleSigningKey) throw new Error('the controller has no console signing key yet');
    return signConsoleToken(document.consoleSigningKey.privateKey, this.claims(claims));
  }

  /** Complete claims for this node and the admin, overridden by `claims`. */
  claims(claims: Partial<ConsoleTokenClaims> & { srv: string }): ConsoleTokenClaims {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: 'stellarstack-controller',
      sub: this.admin.id,
      aud: this.node.id,
      perms: ['server.console', 'server.console.send', 'server.start', 'server.stop', 'server.restart', 'server.kill'],
      iat: now,
      exp: now + 300,
      jti: `test${Math.random().toString(36).slice(2)}`,
      ...claims,
    };
  }

  nodeConsoleUrl(): string {
    return `ws://127.0.0.1:${this.consolePort}/console`;
  }

  relayUrl(serverId: string): string {
    return `${this.url.replace(/^http/, 'ws')}/api/v1/servers/${serverId}/console`;
  }

  async close(): Promise<void> {
    await Promise.all(this.#agents.map((a) => a.kill('SIGKILL')));
    await this.controller?.stop('SIGKILL');
    for (const id of this.serverIds) {
      for (const info of await this.containersOf(id).catch(() => [])) {
        await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
      }
    }
    await Promise.all(this.#dirs.map((d) => rm(d, { recursive: true, force: true })));
  }

  async #dir(label: string): Promise<string> {
    const dir = await tempDir(label);
    this.#dirs.push(dir);
    return dir;
  }
}

/** `strk_console_<claims>.<signature>` exactly as controller/console/console-token.ts makes it, with any Ed25519 key. */
export function signConsoleToken(privateKeyPem: string, claims: ConsoleTokenClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(`${CONSOLE_TOKEN_PREFIX}${payload}`), createPrivateKey(privateKeyPem)).toString('base64url');
  return `${CONSOLE_TOKEN_PREFIX}${payload}.${signature}`;
}
