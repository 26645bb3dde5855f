import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for `promise` at most `ms`, and no longer than `signal` stays unaborted; says whether
 * it settled in time. The timer and the abort listener are cleared either way, so nothing
 * keeps the process (or a test run) alive afterwards.
 */
export async function settlesWithin<T>(
  promise: Promise<T>,
  ms: number,
  signal?: AbortSignal,
): Promise<{ settled: true; value: T } | { settled: false }> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<{ settled: false }>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
    onAbort = () => resolve({ settled: false });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise.then((value) => ({ settled: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}

/** Waits `ms`; resolves false at once when `signal` is aborted first (the timer is cleared). */
export function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  return sleep(ms, undefined, { signal }).then(
    () => true,
    () => false,
  );
}
