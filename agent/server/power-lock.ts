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
  #brief = false;
  #current: Promise<unknown> | null = null;

  constructor(serverId: string) {
    this.#serverId = serverId;
  }

  /** The action holding the lock, or null when it is free. */
  get holder(): string | null {
    return this.#holder;
  }

  /** Whether an action a user would have to wait for holds the lock (brief housekeeping does not count). */
  get busy(): boolean {
    return this.#holder !== null && !this.#brief;
  }

  /** Throws SERVER_BUSY, naming the holder, while `busy`. */
  assertFree(): void {
    if (!this.busy) return;
    throw new AppError('SERVER_BUSY', `server ${this.#serverId} is busy with "${this.#holder}"; try again when it finishes`, {
      serverId: this.#serverId,
      busyWith: this.#holder,
    });
  }

  /**
   * Runs `task` while holding the lock. The check and the acquisition happen in the same
   * synchronous step, so two calls in one tick cannot both get in. A `brief` holder (the
   * agent's own housekeeping, such as recreating a container after a sync) is waited for
   * rather than refused: a user's start must not fail because of something they did not do.
   * The action waiting behind it holds the lock from the moment it asked, so a second action
   * in the meantime is refused as usual instead of racing it.
   */
  async run<T>(action: string, task: () => Promise<T>, options: { brief?: boolean } = {}): Promise<T> {
    this.assertFree();
    const before = this.#current;
    this.#holder = action;
    this.#brief = options.brief === true;
    const running = (async () => {
      if (before !== null) await before.catch(() => undefined);
      return task();
    })();
    this.#current = running;
    try {
      return await running;
    } finally {
      if (this.#current === running) {
        this.#holder = null;
        this.#brief = false;
        this.#current = null;
      }
    }
  }
}
