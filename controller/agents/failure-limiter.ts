/**
 * Counts failed attempts per key in a fixed window; once over the limit, the key is refused
 * until the window ends. Used for bad node tokens, so a token cannot be guessed by brute force.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(private readonly maxFailures: number, private readonly windowMs: number) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  blockedFor(key: string): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    const now = Date.now();
    if (window.resetAt <= now) {
      this.windows.delete(key);
      return 0;
    }
    return window.failures >= this.maxFailures ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  recordFailure(key: string): void {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) this.windows.set(key, { failures: 1, resetAt: now + this.windowMs });
    else window.failures += 1;
  }
}
