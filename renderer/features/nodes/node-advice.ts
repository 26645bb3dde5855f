import type { Node } from '../../../contracts/index.ts';

export interface NodeAdvice {
  tone: 'info' | 'warn' | 'error';
  title: string;
  text: string;
  /** A shell line that fixes it, when there is one. */
  commands?: string[];
  /** The next thing to click on this page, when there is one. */
  action?: 'issue-token';
}

/**
 * What a node needs from the admin next, in words, or null when it is fine. Pending and
 * offline nodes need their agent; an online node whose Docker does not answer needs Docker; a
 * node set up for a network mode its Docker lacks needs its networking changed.
 */
export function nodeAdvice(node: Pick<Node, 'status' | 'hasToken' | 'local' | 'docker' | 'name' | 'networkProblem'>): NodeAdvice | null {
  if (node.status === 'pending') {
    if (node.local) {
      return { tone: 'info', title: 'Waiting for the local agent.', text: 'StellarStack starts it by itself; it connects within a few seconds.' };
    }
    return node.hasToken
      ? {
          tone: 'info',
          title: 'Waiting for its agent.',
          text: 'A token was issued: run its command on that machine and the node comes online here. Lost the command? Issue a new token (the old one stops working).',
          action: 'issue-token',
        }
      : {
          tone: 'info',
          title: 'Next step: issue a token.',
          text: 'Issue a token, then run the command it shows on that machine; the node comes online here as soon as its agent connects.',
          action: 'issue-token',
        };
  }
  if (node.status === 'offline') {
    return node.local
      ? { tone: 'warn', title: 'The local agent is not connected.', text: 'Restart StellarStack; if it stays offline, its log says why.' }
      : { tone: 'warn', title: 'Its agent is not connected.', text: 'Check that the agent runs on that machine and can reach this controller. Servers on it cannot be started or stopped until it is back.' };
  }
  if (node.docker && !node.docker.available) {
    const where = node.local ? 'this machine' : node.name;
    const reason = withStop(node.docker.reason ?? 'The agent cannot reach the Docker engine.');
    // Docker runs but its socket refuses this user: installing again would not help.
    if (/EACCES|permission denied/i.test(reason)) {
      return {
        tone: 'error',
        title: `Docker refuses StellarStack on ${where}.`,
        text: `${reason} Let the user that runs ${node.local ? 'StellarStack' : 'the agent'} use Docker, then sign in again (or restart it).`,
        commands: ['sudo usermod -aG docker $USER'],
      };
    }
    return {
      tone: 'error',
      title: `Docker is not answering on ${where}.`,
      text: `${reason} Install Docker and start it${node.local ? '' : ' on that machine'}; the agent notices by itself, no restart needed.`,
      commands: ['sudo apt-get install docker.io', 'sudo systemctl enable --now docker'],
    };
  }
  if (node.networkProblem) {
    return { tone: 'error', title: 'Players could not reach servers here.', text: withStop(node.networkProblem) + ' New servers and starts are refused until it is fixed (Edit → Networking).' };
  }
  return null;
}

function withStop(sentence: string): string {
  const trimmed = sentence.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
