// The controller's public entry: what the desktop and headless bootstraps in main/ may use.
export { startController, type RunningController } from './server.ts';
export { parseControllerArgs, CONTROLLER_HELP } from './cli-args.ts';
export { defaultConfig, type ControllerConfig } from './config.ts';
export { DataFileError } from './store/document-store.ts';
export { provisionLocalNode, recordLocalConsolePort } from './local-node.ts';
export { UI_CONTENT_SECURITY_POLICY } from './ui/ui-headers.ts';
export type { LocalAgentStatusBoard } from './local-agent-status-board.ts';
// The desktop shell keeps its own small files (settings, window place) with the same durable write.
export { DurableJsonFile } from './store/durable-json-file.ts';
