import type { AgentRequest, AgentRequestHandlers, PowerAction, ServerStatus } from '../contracts/index.ts';
import type { ServerManager } from './server/server-manager.ts';

/** How long a power request waits for the action to show its first effect before answering. */
const FIRST_EFFECT_MS = 100;

/**
 * Starts a power action and answers with the status it leads to, without waiting for a long
 * stop or start to finish: a refusal (INVALID_STATE, SERVER_BUSY) is thrown at once; the rest
 * arrives later as status events.
 */
export async function powerAndReport(manager: ServerManager, serverId: string, action: PowerAction): Promise<{ status: ServerStatus }> {
  const instance = manager.get(serverId);
  instance.checkTransition(action);
  const running = manager.power(serverId, action);
  const outcome = await Promise.race([
    running.then(() => null, (error: unknown) => error),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), FIRST_EFFECT_MS)),
  ]);
  if (outcome !== null && outcome !== 'pending') throw outcome;
  // A failure after the answer is reported through the status stream; do not leave it unhandled.
  running.catch(() => {});
  // A restart passes through `stopped` on its way back up: while it is still under way, the
  // status it leads to is `starting`, not the gap between its halves.
  if (action === 'restart' && outcome === 'pending' && instance.status === 'stopped') return { status: 'starting' };
  return { status: instance.status };
}

/**
 * Answers the controller's requests, one handler per method of the contracts' request table
 * (the link has already parsed the params with it).
 */
export function createRequestHandler(manager: ServerManager): (request: AgentRequest) => Promise<unknown> {
  const handlers: AgentRequestHandlers = {
    'server.sync': ({ spec, reinstall }) => manager.syncServer(spec, { reinstall }),
    'server.power': ({ serverId, action }) => powerAndReport(manager, serverId, action),
    'server.delete': async ({ serverId }) => {
      if (manager.has(serverId)) await manager.delete(serverId);
      return null;
    },
    'server.describe': async ({ serverId }) => manager.describe(serverId),
  };
  // TypeScript cannot pair a union's method with its params on its own; the table guarantees it.
  return (request) => (handlers[request.method] as (params: AgentRequest['params']) => Promise<unknown>)(request.params);
}
