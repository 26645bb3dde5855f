import { AGENT_HELP, AgentConfigError, parseAgentConfig } from './config.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = parseAgentConfig(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof AgentConfigError)) throw error;
    console.error(`stellarstack-agent: ${error.message}\n\n${AGENT_HELP}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(AGENT_HELP);
    return;
  }
  // Loaded only now: a refused configuration should not pay for Docker, WebSocket and zod schemas.
  const { startAgent } = await import('./index.ts');
  let agent;
  try {
    agent = await startAgent(config);
  } catch (error) {
    console.error(`stellarstack-agent: could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`StellarStack agent console at ws://${config.consoleHost}:${agent.consolePort}/console, dialing ${config.controller}`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    agent.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
