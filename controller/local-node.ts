import { readFile, statfs, writeFile } from 'node:fs/promises';
import { cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';
import { NODE_TOKEN_PREFIX } from '../contracts/index.ts';
import { newSecret } from './security/secrets.ts';
import type { RunningController } from './server.ts';

export const LOCAL_TOKEN_FILE = 'local-agent.token';

/** Leave this much of the machine to the desktop and the controller itself. */
const MEMORY_RESERVE_MIB = 1024;
const DISK_RESERVE_MIB = 5 * 1024;

export interface LocalNode {
  nodeId: string;
  token: string;
}

/** After the local agent listens: a console port of 0 became a real one, and clients must be told. */
export async function recordLocalConsolePort(controller: RunningController, nodeId: string, consolePort: number): Promise<void> {
  const node = controller.app.nodes.findById(nodeId);
  if (node && node.consolePort !== consolePort) await controller.app.nodes.setConsoleEndpoint(nodeId, { host: node.host, consolePort });
}

/**
 * The single-host default: a node for this machine, made once and named after it, whose
 * token lives in the data dir (0600) so the embedded agent can reconnect after every restart.
 * Only the hash is in the database, as for every node token.
 */
export async function provisionLocalNode(controller: RunningController, options: { host: string; consolePort: number; dataDir: string }): Promise<LocalNode> {
  const { nodes } = controller.app;
  let node = nodes.findLocal();
  if (!node) {
    const disk = await statfs(options.dataDir);
    node = await nodes.create({
      name: hostname(),
      host: options.host,
      consolePort: options.consolePort,
      consoleTls: false,
      // A hobbyist's machine has no second host to talk to: host networking keeps ports simple.
      hostNetwork: true,
      memory: Math.max(512, Math.floor(totalmem() / 1024 / 1024) - MEMORY_RESERVE_MIB),
      disk: Math.max(1024, Math.floor((disk.bavail * disk.bsize) / 1024 / 1024) - DISK_RESERVE_MIB),
      cpu: cpus().length * 100,
      local: true,
    });
  }
  if (node.host !== options.host || node.consolePort !== options.consolePort) {
    await nodes.setConsoleEndpoint(node.id, { host: options.host, consolePort: options.consolePort });
  }
  const tokenFile = join(options.dataDir, LOCAL_TOKEN_FILE);
  const saved = await readFile(tokenFile, 'utf8').then((text) => text.trim(), () => null);
  if (saved?.startsWith(NODE_TOKEN_PREFIX) && nodes.findByToken(saved)?.id === node.id) return { nodeId: node.id, token: saved };
  const token = newSecret(NODE_TOKEN_PREFIX);
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  await nodes.setToken(node.id, token);
  return { nodeId: node.id, token };
}
