/**
 * Bounded polling for tests that watch real processes: no bare sleeps, and a timeout that says
 * what was awaited and what was last seen.
 */

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  message?: string;
}

/**
 * Calls `probe` until it returns something other than `undefined`, `null` or `false`, and
 * returns that. A probe that throws counts as "not yet"; its last error is in the timeout message.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 100, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message} (last: ${seen})`);
    }
    await delay(intervalMs);
  }
}

/**
 * Asserts that `probe` keeps holding for `durationMs`, checking every `intervalMs`: for "stays
 * offline" style claims, where waiting is the point.
 */
export async function holdsFor(probe: () => Promise<boolean> | boolean, durationMs: number, message: string, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + durationMs;
  while (Date.now() < deadline) {
    if (!(await probe())) throw new Error(`${message}: stopped holding after ${durationMs - (deadline - Date.now())} ms`);
    await delay(intervalMs);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
