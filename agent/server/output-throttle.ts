import { RateLimiter } from '../../contracts/rate-limiter.ts';

export interface OutputThrottleOptions {
  /** Lines let through per period before dropping starts. */
  maxLines: number;
  periodMs: number;
  /** Called once when a throttling episode ends, with how many lines it dropped. */
  onEpisodeEnd: (dropped: number) => void;
  now?: () => number;
}

/**
 * Caps console lines per period so a flooding server cannot swamp the agent, the relay and
 * every viewer (wings caps at about 2000 lines per 100 ms). An episode starts with the first
 * dropped line and ends once a whole period passes without a drop; only then is the single
 * notice sent, because only then is the number of dropped lines known.
 */
export class OutputThrottle {
  readonly #periodMs: number;
  readonly #onEpisodeEnd: (dropped: number) => void;
  readonly #now: () => number;
  /** Lines per period: the project's one fixed-window counter, with a single key. */
  readonly #lines: RateLimiter<'lines'>;
  #droppedInEpisode = 0;
  #lastDropAt = 0;
  #episodeTimer: NodeJS.Timeout | null = null;

  constructor(options: OutputThrottleOptions) {
    this.#periodMs = options.periodMs;
    this.#onEpisodeEnd = options.onEpisodeEnd;
    this.#now = options.now ?? Date.now;
    this.#lines = new RateLimiter({ limit: options.maxLines, windowMs: options.periodMs, now: this.#now });
  }

  get throttling(): boolean {
    return this.#episodeTimer !== null;
  }

  /** Whether one more line may go out now; counts it either way. */
  admit(): boolean {
    if (this.#lines.hit('lines').allowed) return true;
    this.#droppedInEpisode += 1;
    this.#lastDropAt = this.#now();
    if (this.#episodeTimer === null) this.#scheduleEpisodeCheck(this.#periodMs);
    return false;
  }

  /** Stops the episode timer without sending a notice (the pipeline is going away). */
  dispose(): void {
    if (this.#episodeTimer !== null) clearTimeout(this.#episodeTimer);
    this.#episodeTimer = null;
  }

  #scheduleEpisodeCheck(delayMs: number): void {
    this.#episodeTimer = setTimeout(() => this.#checkEpisode(), delayMs);
  }

  #checkEpisode(): void {
    const quietFor = this.#now() - this.#lastDropAt;
    if (quietFor < this.#periodMs) {
      this.#scheduleEpisodeCheck(this.#periodMs - quietFor);
      return;
    }
    this.#episodeTimer = null;
    const dropped = this.#droppedInEpisode;
    this.#droppedInEpisode = 0;
    this.#onEpisodeEnd(dropped);
  }
}
