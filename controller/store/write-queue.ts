export interface WriteQueueOptions<D> {
  /** The committed value the next batch starts from. */
  committed: () => D;
  /** A private copy for one mutation to change, so one that throws leaves no half-change behind. */
  copy: (value: D) => D;
  /** Makes `next` durable, then current. Rejects — having changed nothing — when it cannot. */
  commit: (next: D) => Promise<void>;
}

interface Pending<D> {
  apply: (draft: D) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Serialised, coalescing, durable mutations of one value. Mutations queue while a commit is
 * under way; the next flush applies every queued one in order, each to its own copy of the
 * value so far (one that throws is rejected alone), commits the result once, and only then
 * resolves each with its own return value. A failed commit rejects the whole batch with its
 * error and leaves the committed value as it was; the batch after it starts afresh.
 */
export class WriteQueue<D> {
  readonly #options: WriteQueueOptions<D>;
  #queue: Pending<D>[] = [];
  #flushing: Promise<void> | null = null;
  #closed = false;

  constructor(options: WriteQueueOptions<D>) {
    this.#options = options;
  }

  /** Resolves with `apply`'s return value once its change is committed; rejects if `apply` throws or the commit fails. */
  mutate<T>(apply: (draft: D) => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  /** Waits for every queued mutation, then refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#flushing) await this.#flushing;
  }

  async #flushLoop(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        await this.#flush(batch);
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #flush(batch: Pending<D>[]): Promise<void> {
    let working = this.#options.committed();
    const applied: { pending: Pending<D>; result: unknown }[] = [];
    for (const pending of batch) {
      const draft = this.#options.copy(working);
      try {
        const result = pending.apply(draft);
        working = draft;
        applied.push({ pending, result });
      } catch (error) {
        pending.reject(error);
      }
    }
    if (applied.length === 0) return;
    try {
      await this.#options.commit(working);
    } catch (error) {
      for (const { pending } of applied) pending.reject(error);
      return;
    }
    for (const { pending, result } of applied) pending.resolve(result);
  }
}
