import type { NodeStatus, PowerAction, ServerStatus } from '../../contracts/index.ts';

export type Tone = 'ok' | 'warn' | 'danger' | 'idle' | 'accent';

/** One colour and one word per state, the same on every screen. */
export const SERVER_STATUS: Record<ServerStatus, { label: string; tone: Tone; busy: boolean }> = {
  installing: { label: 'Installing', tone: 'accent', busy: true },
  install_failed: { label: 'Install failed', tone: 'danger', busy: false },
  stopped: { label: 'Stopped', tone: 'idle', busy: false },
  starting: { label: 'Starting', tone: 'warn', busy: true },
  running: { label: 'Running', tone: 'ok', busy: false },
  stopping: { label: 'Stopping', tone: 'warn', busy: true },
  crashed: { label: 'Crashed', tone: 'danger', busy: false },
};

export const NODE_STATUS: Record<NodeStatus, { label: string; tone: Tone }> = {
  online: { label: 'Online', tone: 'ok' },
  offline: { label: 'Offline', tone: 'danger' },
  pending: { label: 'Waiting for agent', tone: 'idle' },
};

/**
 * Which power buttons make sense in a state (the agent refuses the rest with INVALID_STATE).
 * Kill is there whenever a process may be alive, and always asks first.
 */
export function allowedPowerActions(status: ServerStatus, nodeOnline: boolean): Set<PowerAction> {
  if (!nodeOnline) return new Set();
  switch (status) {
    case 'stopped':
    case 'crashed':
      return new Set(['start', 'restart']);
    case 'running':
    case 'starting':
      return new Set(['stop', 'restart', 'kill']);
    case 'stopping':
      return new Set(['kill']);
    case 'installing':
    case 'install_failed':
      return new Set();
  }
}
