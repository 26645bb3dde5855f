/**
 * Exponential backoff with full jitter: after n failures wait a random time up to
 * min(max, initial * 2^n), so a fleet of agents does not reconnect in lockstep after a
 * controller restart.
 */
export class Backoff {
  #failures = 0;

  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;

  constructor(initialMs: number, maxMs: number, random: () => number = Math.random) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
    this.#random = random;
  }

  next(): number {
    const ceiling = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#failures);
    this.#failures += 1;
    return Math.round(this.#initialMs / 2 + this.#random() * (ceiling - this.#initialMs / 2));
  }

  /** After a connection that worked, start from the short delays again. */
  reset(): void {
    this.#failures = 0;
  }

  /** For refusals that will not fix themselves soon (a revoked token): wait the longest. */
  longest(): number {
    this.#failures = Math.max(this.#failures, 32);
    return this.#maxMs;
  }
}
