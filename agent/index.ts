import { mkdir } from 'node:fs/promises';
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import type Docker from 'dockerode';
import { AGENT_PROTOCOL_VERSION } from '../contracts/index.ts';
import type { AgentConfig } from './config.ts';
import type { EnvironmentFactory } from './environment/process-environment.ts';
import { createDockerClient, createDockerEnvironmentFactory, dockerStatus, listManagedContainers, networkModes } from './environment/docker/docker-host.ts';
import { HostMetricsSampler } from './host/host-metrics.ts';
import { createRequestHandler } from './request-handler.ts';
import { ServerManager } from './server/server-manager.ts';
import { ConsoleServer } from './transport/console-server.ts';
import { ConsoleSession, type ConsoleTransport } from './transport/console-session.ts';
import { ConsoleTokenVerifier } from './transport/console-token-verifier.ts';
import { ControllerLink } from './transport/controller-link.ts';
import { RelaySessions } from './transport/relay-sessions.ts';
import { AGENT_VERSION } from './version.ts';

export type { AgentConfig } from './config.ts';
export { parseAgentConfig, AgentConfigError, AGENT_HELP } from './config.ts';
export { dockerStatus } from './environment/docker/docker-host.ts';

export interface AgentOptions {
  docker?: Docker;
  /** For tests of the agent without Docker. */
  createEnvironment?: EnvironmentFactory;
  log?: (message: string) => void;
  backoff?: { initialMs: number; maxMs: number };
}

export interface RunningAgent {
  consolePort: number;
  link: ControllerLink;
  manager: ServerManager;
  /** Stops talking to the controller and serving the console; game servers keep running. */
  close(): Promise<void>;
}

/**
 * Boots an agent: restores the servers it knew (reattaching to running containers), serves the
 * console port, and dials the controller. Every part keeps running when Docker is absent: the
 * node reports why in its status and the agent retries.
 */
export async function startAgent(config: AgentConfig, options: AgentOptions = {}): Promise<RunningAgent> {
  const log = options.log ?? ((message: string) => console.log(`[agent] ${message}`));
  await mkdir(config.data, { recursive: true, mode: 0o700 });
  const docker = options.docker ?? createDockerClient();
  const manager = new ServerManager({
    dataDir: config.data,
    createEnvironment: options.createEnvironment ?? createDockerEnvironmentFactory(docker),
    logger: { warn: log },
  });
  await manager.restoreAll().catch((error: unknown) => log(`could not restore servers: ${(error as Error).message}`));

  const verifier = new ConsoleTokenVerifier();
  const newSession = (transport: ConsoleTransport, serverId?: string) =>
    new ConsoleSession({ verifier, manager, transport, serverId, power: (id, action) => manager.act(id, action) });

  const metrics = new HostMetricsSampler(config.data, async () => {
    const containers = (await listManagedContainers(docker)).filter((c) => c.role === 'server');
    return { running: containers.filter((c) => c.running).length, total: containers.length };
  });

  const link: ControllerLink = new ControllerLink({
    controllerUrl: config.controller,
    token: config.token,
    log,
    backoff: options.backoff,
    hello: async () => ({
      protocol: AGENT_PROTOCOL_VERSION,
      agentVersion: AGENT_VERSION,
      hostname: hostname(),
      platform: platform(),
      arch: arch(),
      cpus: cpus().length,
      memoryTotal: totalmem(),
      docker: await dockerStatus(docker),
      networkModes: await networkModes(docker),
    }),
    heartbeat: async () => ({ metrics: await metrics.sample(), docker: await dockerStatus(docker), networkModes: await networkModes(docker) }),
    onWelcome: async (welcome) => {
      verifier.configure(welcome.consolePublicKey, welcome.nodeId);
      log(`connected to ${config.controller} as node ${welcome.nodeId}`);
      // Tell the controller where every server stands before applying its list.
      for (const event of manager.snapshot()) link.sendEvent(event);
      const failures = await manager.sync(welcome.servers);
      for (const failure of failures) log(`server ${failure.serverId}: ${failure.error.message}`);
    },
    onRequest: createRequestHandler(manager),
    onRelay: (frame) => {
      if (frame.type === 'relay_open') relays.open(frame.sessionId, frame.serverId);
      else if (frame.type === 'relay_frame') relays.frame(frame.sessionId, frame.frame);
      else relays.close(frame.sessionId);
    },
  });
  const relays = new RelaySessions(
    (sessionId, frame) => link.send({ type: 'relay_frame', sessionId, frame }),
    (sessionId) => link.send({ type: 'relay_closed', sessionId }),
    (transport, serverId) => newSession(transport, serverId),
  );
  manager.on('event', (event) => link.sendEvent(event));
  link.on('disconnected', () => relays.closeAll());

  const consoleServer = new ConsoleServer({ host: config.consoleHost, port: config.consolePort, createSession: (transport) => newSession(transport) });
  const consolePort = await consoleServer.listen();
  link.start();

  return {
    consolePort,
    link,
    manager,
    async close() {
      link.stop();
      relays.closeAll();
      await consoleServer.close();
      await manager.shutdown();
    },
  };
}
