import { CONTROLLER_HELP, DataFileError, parseControllerArgs, startController, type ControllerConfig, type RunningController } from '../controller/index.ts';
import { startLocalAgent } from './local-agent.ts';

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
  const { agent } = await startLocalAgent(controller, config, {
    say: (line) => console.log(line),
    agentLog: (message) => { if (config.logLevel !== 'silent') console.log(`[local agent] ${message}`); },
    disabledReason: '--no-local-agent or STELLAR_LOCAL_AGENT=0',
  });

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

await main();
