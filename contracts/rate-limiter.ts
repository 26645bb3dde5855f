/** What one counted event learned about its window. */
export interface RateLimitHit {
  /** Whether this event is within the limit. */
  allowed: boolean;
  /** Events counted in the current window, this one included. */
  count: number;
  /** Events still allowed in the current window. */
  remaining: number;
  /** When the current window ends, in the clock's milliseconds. */
  resetAt: number;
  /** This is the first event over the limit in its window: the one moment to say so. */
  firstRefusal: boolean;
}

export interface RateLimiterOptions {
  /** Events allowed per key and window. */
  limit: number;
  windowMs: number;
  now?: () => number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * The one rate limiter: fixed windows per key. A key's window opens with its first event
 * after the previous one ended and lasts `windowMs`; every event is counted, allowed or not.
 * Plain logic (no timers), so any process can use it: the console frame guard counts frames
 * per socket with it, and request, bad-token and output limits are the same counter.
 */
export class RateLimiter<Key = string> {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<Key, Window>();

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Counts one event for `key`. */
  hit(key: Key): RateLimitHit {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return {
      allowed: window.count <= this.limit,
      count: window.count,
      remaining: Math.max(0, this.limit - window.count),
      resetAt: window.resetAt,
      firstRefusal: window.count === this.limit + 1,
    };
  }

  /** Milliseconds until `key`'s next event would be allowed; 0 when it would be now. Counts nothing. */
  retryAfterMs(key: Key): number {
    const window = this.#windows.get(key);
    const now = this.#now();
    if (window === undefined || window.resetAt <= now || window.count < this.limit) return 0;
    return window.resetAt - now;
  }

  /** Forgets windows that have ended, so a limiter keyed by clients cannot grow without bound. */
  sweep(): void {
    const now = this.#now();
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }

  /** Keys with a window still remembered. */
  get size(): number {
    return this.#windows.size;
  }
}
