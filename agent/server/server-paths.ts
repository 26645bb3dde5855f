import { join, resolve } from 'node:path';
import { AppError } from '../../contracts/index.ts';

// Ids arrive from the controller and become path segments and container names; anything but
// this shape (a "../", a slash, an empty id) is refused before it reaches the file system.
const SERVER_ID_PATTERN = /^srv_[A-Za-z0-9]{1,64}$/;

export function isServerId(id: string): boolean {
  return SERVER_ID_PATTERN.test(id);
}

export function assertServerId(id: string): void {
  if (!isServerId(id)) {
    throw new AppError('VALIDATION_ERROR', `"${id.slice(0, 80)}" is not a server id (expected srv_ followed by letters and digits)`, {
      serverId: 'must match srv_[A-Za-z0-9]+',
    });
  }
}

export interface ServerPaths {
  /** The server's files: the host directory mounted into its container. */
  filesDir: string;
  /** The agent's memory of the server across restarts (spec, last status, backlog). */
  stateFile: string;
}

/** Where a node keeps its servers: `<dataDir>/servers/<id>/` and `<dataDir>/state/<id>.json`. */
export function serverPaths(dataDir: string, serverId: string): ServerPaths {
  assertServerId(serverId);
  const root = resolve(dataDir);
  return {
    filesDir: join(root, 'servers', serverId),
    stateFile: join(stateDir(root), `${serverId}.json`),
  };
}

export function stateDir(dataDir: string): string {
  return join(resolve(dataDir), 'state');
}
