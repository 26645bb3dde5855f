import type { PowerAction } from '../../../contracts/index.ts';
import { ApiError, messageOf } from '../../api/client.ts';

type Verb = PowerAction | 'reinstall' | 'cancel install';
const VERB: Record<Verb, string> = { start: 'start', stop: 'stop', restart: 'restart', kill: 'kill', reinstall: 'reinstall', 'cancel install': 'cancel the install of' };

/**
 * A failed power action in words a person can act on, chosen by the error's code (the API's
 * own message, which names ids, stays as the detail where it helps).
 */
export function powerErrorMessage(action: Verb, serverName: string, error: unknown): string {
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
    case 'EULA_NOT_ACCEPTED':
      return `${serverName} cannot ${VERB[action]} until its EULA is accepted: use “Accept EULA and start” on the server page.`;
    case 'AGENT_TIMEOUT':
      return `The node did not answer in time; the ${VERB[action]} may still happen — watch the state.`;
    default:
      return `Could not ${VERB[action]} ${serverName}: ${error.message}`;
  }
}
