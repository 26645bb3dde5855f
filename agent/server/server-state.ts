import { EventEmitter } from 'node:events';
import { AppError } from '../../contracts/index.ts';
import type { PowerAction, ServerStatus } from '../../contracts/index.ts';

export interface ServerStatusChange {
  status: ServerStatus;
  reason: string | null;
}

/** `change`: the status or its reason changed (never emitted for a non-change). */
export interface ServerStateEvents {
  change: [change: ServerStatusChange, previous: ServerStatus];
}

/** What can be asked of a server. */
export type ServerAction = PowerAction | 'install' | 'command';

/** The statuses each action may begin from. */
const BEGINS_FROM: Record<ServerAction, readonly ServerStatus[]> = {
  install: ['stopped', 'crashed', 'install_failed'],
  start: ['stopped', 'crashed'],
  stop: ['starting', 'running', 'crashed'],
  restart: ['stopped', 'crashed', 'starting', 'running'],
  kill: ['starting', 'running', 'stopping', 'crashed'],
  command: ['starting', 'running'],
};

const VERBS: Record<ServerAction, string> = {
  install: 'install',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  kill: 'kill',
  command: 'send a command to',
};

/**
 * Every status change a flow may make (a change of reason alone is always allowed):
 * installing → stopped | install_failed; stopped → starting → running → stopping → stopped;
 * starting|running → crashed on an exit nobody asked for. A planned stop or kill goes through
 * `stopping`, so an exit is a crash exactly when it happens in starting/running (wings
 * server/crash.go). Anything else is a bug in a flow, not something a user can cause.
 */
const TRANSITIONS: Record<ServerStatus, readonly ServerStatus[]> = {
  stopped: ['installing', 'install_failed', 'starting'],
  installing: ['stopped', 'install_failed'],
  install_failed: ['installing', 'stopped'],
  // → stopped (or crashed): Docker refused to start it.
  starting: ['running', 'stopping', 'crashed', 'stopped'],
  running: ['stopping', 'crashed'],
  // → running: the kill was refused and the process is still there.
  stopping: ['stopped', 'running'],
  // → stopped: the pending automatic restart was stopped or killed.
  crashed: ['installing', 'install_failed', 'starting', 'stopped'],
};

/** Whether the server's process is (meant to be) up. */
export function isProcessUp(status: ServerStatus): boolean {
  return status === 'starting' || status === 'running';
}

/**
 * A server's state machine (after wings' server/server.go OnStateChange): the closed status
 * union with a reason, the table of allowed changes, and one `change` event per real change.
 */
export class ServerState extends EventEmitter<ServerStateEvents> {
  readonly #serverId: string;
  #status: ServerStatus;
  #reason: string | null;

  constructor(serverId: string, initial: ServerStatusChange = { status: 'stopped', reason: null }) {
    super();
    this.#serverId = serverId;
    this.#status = initial.status;
    this.#reason = initial.reason;
  }

  get status(): ServerStatus {
    return this.#status;
  }

  get reason(): string | null {
    return this.#reason;
  }

  /** Moves to `status` with `reason`; throws on a change the table does not allow. */
  set(status: ServerStatus, reason: string | null): void {
    if (status !== this.#status && !TRANSITIONS[this.#status].includes(status)) {
      throw new Error(`server ${this.#serverId}: no transition from ${this.#status} to ${status}`);
    }
    this.#apply(status, reason);
  }

  /**
   * Takes what the container says after an agent restart, whatever was saved before: facts
   * found on the node are not transitions a flow makes.
   */
  adopt(status: ServerStatus, reason: string | null): void {
    this.#apply(status, reason);
  }

  /**
   * Throws INVALID_STATE, naming the current status, unless `action` may begin now. A stop or
   * kill of a crashed server only makes sense while an automatic restart is pending.
   */
  assertCanBegin(action: ServerAction, options: { restartPending: boolean }): void {
    const status = this.#status;
    const allowed = BEGINS_FROM[action].includes(status);
    const crashedWithNothingToStop = status === 'crashed' && (action === 'stop' || action === 'kill') && !options.restartPending;
    if (allowed && !crashedWithNothingToStop) return;
    const hint = status === 'install_failed' ? ' (its installation failed: reinstall it first)' : '';
    throw new AppError('INVALID_STATE', `cannot ${VERBS[action]} server ${this.#serverId}: it is ${status}${hint}`, {
      serverId: this.#serverId,
      status,
      action,
    });
  }

  #apply(status: ServerStatus, reason: string | null): void {
    if (status === this.#status && reason === this.#reason) return;
    const previous = this.#status;
    this.#status = status;
    this.#reason = reason;
    this.emit('change', { status, reason }, previous);
  }
}
