import { AppError } from '../../contracts/index.ts';

/**
 * One power action per server at a time (after wings' system/locker.go). A second action
 * while one runs is refused at once with SERVER_BUSY instead of queueing: a queued "stop"
 * that runs minutes after the user clicked it, behind a slow start, surprises everyone.
 * `kill` does not go through this lock at all; it is the way out of a stuck action.
 */
export class PowerLock {
  readonly #serverId: string;
  #holder: string | null = null;

  constructor(serverId: string) {
    this.#serverId = serverId;
  }

  /** The action holding the lock, or null when it is free. */
  get holder(): string | null {
    return this.#holder;
  }

  /**
   * Runs `task` while holding the lock. The check and the acquisition happen in the same
   * synchronous step, so two calls in one tick cannot both get in.
   */
  async run<T>(action: string, task: () => Promise<T>): Promise<T> {
    if (this.#holder !== null) {
      throw new AppError('SERVER_BUSY', `server ${this.#serverId} is busy with "${this.#holder}"; try again when it finishes`, {
        serverId: this.#serverId,
        busyWith: this.#holder,
      });
    }
    this.#holder = action;
    try {
      return await task();
    } finally {
      this.#holder = null;
    }
  }
}
