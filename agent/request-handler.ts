import type { AgentRequest, AgentRequestHandlers } from '../contracts/index.ts';
import type { ServerManager } from './server/server-manager.ts';
import type { ConsoleAccess } from './transport/console-access.ts';

/**
 * Answers the controller's requests, one handler per method of the contracts' request table
 * (the link has already parsed the params with it). Every answer comes at once: long work
 * (an image pull, an install, a graceful stop) goes on and reports through status events.
 */
export function createRequestHandler(manager: ServerManager, consoleAccess: ConsoleAccess): (request: AgentRequest) => Promise<unknown> {
  const handlers: AgentRequestHandlers = {
    'server.sync': async ({ spec, reinstall }) => manager.handOver(spec, { reinstall }),
    'server.power': async ({ serverId, action }) => ({ status: await manager.act(serverId, action) }),
    'server.delete': async ({ serverId }) => {
      if (manager.has(serverId)) await manager.delete(serverId);
      return null;
    },
    'server.install.cancel': async ({ serverId }) => ({ status: manager.cancelInstall(serverId) }),
    'server.describe': async ({ serverId }) => manager.describe(serverId),
    'console.revoke': async (params) => ({ closed: consoleAccess.revoke(params) }),
  };
  // TypeScript cannot pair a union's method with its params on its own; the table guarantees it.
  return (request) => (handlers[request.method] as (params: AgentRequest['params']) => Promise<unknown>)(request.params);
}
