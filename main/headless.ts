import { hostname } from 'node:os';
import { join } from 'node:path';
import { dockerStatus, startAgent, type RunningAgent } from '../agent/index.ts';
import { CONTROLLER_HELP, DataFileError, parseControllerArgs, provisionLocalNode, recordLocalConsolePort, startController, type ControllerConfig, type RunningController } from '../controller/index.ts';

/**
 * `npm run serve` / `npm start`: the controller without a window, plus the embedded local
 * agent when Docker answers, so one machine is both controller and game node.
 */
async function main(): Promise<void> {
  let config: ControllerConfig | 'help';
  try {
    config = parseControllerArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`stellarstack: ${(error as Error).message}\n\n${CONTROLLER_HELP}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(CONTROLLER_HELP);
    return;
  }
  let controller: RunningController;
  try {
    controller = await startController(config);
  } catch (error) {
    console.error(`stellarstack: ${error instanceof DataFileError ? error.message : `could not start: ${(error as Error).message}`}`);
    process.exit(1);
  }
  console.log(`StellarStack controller ready at ${controller.url} (data: ${config.dataDir})`);
  const agent = config.localAgent ? await startLocalAgent(controller, config) : null;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`stellarstack: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    (async () => {
      await agent?.close();
      await controller.close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stellarstack: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function startLocalAgent(controller: RunningController, config: ControllerConfig): Promise<RunningAgent | null> {
  const docker = await dockerStatus();
  if (!docker.available) {
    console.log(`Local agent off: ${docker.reason} (game servers on this machine need Docker)`);
    return null;
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
      { log: (message) => { if (config.logLevel !== 'silent') console.log(`[local agent] ${message}`); } },
    );
    await recordLocalConsolePort(controller, nodeId, agent.consolePort);
    console.log(`Local agent on: node ${nodeId}, console at ws://${config.host}:${agent.consolePort}/console`);
    return agent;
  } catch (error) {
    console.log(`Local agent off: ${(error as Error).message}`);
    return null;
  }
}

await main();
