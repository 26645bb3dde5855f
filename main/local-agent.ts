import { hostname } from 'node:os';
import { join } from 'node:path';
import { dockerStatus, startAgent, type RunningAgent } from '../agent/index.ts';
import { provisionLocalNode, recordLocalConsolePort, type ControllerConfig, type RunningController } from '../controller/index.ts';
import type { LocalAgentStatus } from '../contracts/index.ts';

export interface LocalAgentRun {
  agent: RunningAgent | null;
  status: LocalAgentStatus;
}

export interface LocalAgentOptions {
  /** One line for the person running the app: "Local agent on: …" / "Local agent off: …". */
  say(line: string): void;
  /** The agent's own log lines. */
  agentLog(message: string): void;
  /** Why it is off when the configuration turns it off, e.g. "--no-local-agent". */
  disabledReason: string;
  /** Only for tests: whether Docker answers. */
  probeDocker?: () => Promise<{ available: boolean; reason: string | null }>;
}

/**
 * The embedded agent for the controller's own machine, shared by `npm run serve` and the desktop
 * app: it starts only when Docker answers, and every outcome is reported to the controller
 * (GET /admin/local-agent) so the admin UI can say why this machine runs no game servers.
 */
export async function startLocalAgent(controller: RunningController, config: ControllerConfig, options: LocalAgentOptions): Promise<LocalAgentRun> {
  const report = (status: LocalAgentStatus, agent: RunningAgent | null = null): LocalAgentRun => {
    controller.app.localAgentStatus.set(status);
    return { agent, status };
  };
  if (!config.localAgent) {
    return report({ enabled: false, running: false, problem: 'disabled', reason: `turned off (${options.disabledReason})`, nodeId: null });
  }
  const docker = await (options.probeDocker ?? dockerStatus)();
  if (!docker.available) {
    const reason = docker.reason ?? 'Docker does not answer';
    options.say(`Local agent off: ${reason} (game servers on this machine need Docker)`);
    return report({ enabled: true, running: false, problem: 'docker_unavailable', reason, nodeId: null });
  }
  const exposed = config.host === '0.0.0.0' || config.host === '::';
  try {
    const { nodeId, token } = await provisionLocalNode(controller, {
      host: exposed ? hostname() : config.host,
      consolePort: config.localConsolePort,
      dataDir: config.dataDir,
    });
    const agent = await startAgent(
      { controller: controller.url, token, consolePort: config.localConsolePort, consoleHost: config.host, data: join(config.dataDir, 'agent') },
      { log: options.agentLog },
    );
    await recordLocalConsolePort(controller, nodeId, agent.consolePort);
    options.say(`Local agent on: node ${nodeId}, console at ws://${config.host}:${agent.consolePort}/console`);
    return report({ enabled: true, running: true, problem: null, reason: null, nodeId }, agent);
  } catch (error) {
    const reason = (error as Error).message;
    options.say(`Local agent off: ${reason}`);
    return report({ enabled: true, running: false, problem: 'failed', reason, nodeId: null });
  }
}
