import type { PowerAction } from '../../../contracts/index.ts';
import { ApiError, messageOf } from '../../api/client.ts';

const VERB: Record<PowerAction | 'reinstall', string> = { start: 'start', stop: 'stop', restart: 'restart', kill: 'kill', reinstall: 'reinstall' };

/**
 * A failed power action in words a person can act on, chosen by the error's code (the API's
 * own message, which names ids, stays as the detail where it helps).
 */
export function powerErrorMessage(action: PowerAction | 'reinstall', serverName: string, error: unknown): string {
  if (!(error instanceof ApiError)) return `Could not ${VERB[action]} ${serverName}: ${messageOf(error)}`;
  const status = typeof error.details.status === 'string' ? error.details.status.replace('_', ' ') : null;
  switch (error.code) {
    case 'INVALID_STATE':
      return status ? `Cannot ${VERB[action]} ${serverName} while it is ${status}.` : `Cannot ${VERB[action]} ${serverName} now: ${error.message}`;
    case 'SERVER_BUSY':
      return `${serverName} is busy${typeof error.details.busyWith === 'string' ? ` with “${error.details.busyWith}”` : ''}; try again when that finishes.`;
    case 'NODE_OFFLINE':
      return `Cannot ${VERB[action]} ${serverName}: its node is offline (the agent is not connected).`;
    case 'DOCKER_UNAVAILABLE':
      return `Cannot ${VERB[action]} ${serverName}: Docker is not available on its node. ${error.message}`;
    case 'AGENT_TIMEOUT':
      return `The node did not answer in time; the ${VERB[action]} may still happen — watch the state.`;
    default:
      return `Could not ${VERB[action]} ${serverName}: ${error.message}`;
  }
}
