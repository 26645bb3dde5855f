import type { RestartPolicy } from '../../contracts/index.ts';
import type { ExitInfo } from '../environment/process-environment.ts';

export interface CrashTrackerOptions {
  /** First automatic restart delay; each further crash in the window doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Crashes older than this no longer count towards a crash loop. */
  windowMs: number;
  now?: () => number;
}

export type CrashDecision =
  | { action: 'none' }
  | { action: 'restart'; delayMs: number; attempt: number; maxRetries: number }
  | { action: 'give_up'; crashes: number };

/** Says how a process ended, in words an admin understands. */
export function describeExit(info: ExitInfo): string {
  if (info.oomKilled) return `killed: out of memory (exit code ${info.exitCode})`;
  return `exited with code ${info.exitCode}`;
}

/** "90 s", "5 min": short durations for status reasons. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 6) / 10} min`;
}

/**
 * Decides what happens after an unplanned exit under the server's restart policy:
 * exponential backoff (base, 2×base, 4×base, ...), and a crash loop (more than maxRetries
 * crashes within the window) stops automatic restarts instead of hammering a broken server.
 */
export class CrashTracker {
  readonly #options: CrashTrackerOptions;
  readonly #now: () => number;
  #crashes: number[] = [];

  constructor(options: CrashTrackerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get windowMs(): number {
    return this.#options.windowMs;
  }

  record(policy: RestartPolicy): CrashDecision {
    const now = this.#now();
    this.#crashes = this.#crashes.filter((at) => now - at < this.#options.windowMs);
    this.#crashes.push(now);
    if (!policy.enabled) return { action: 'none' };
    const crashes = this.#crashes.length;
    if (crashes > policy.maxRetries) return { action: 'give_up', crashes };
    const delayMs = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (crashes - 1));
    return { action: 'restart', delayMs, attempt: crashes, maxRetries: policy.maxRetries };
  }

  /** An admin started the server by hand: earlier crashes no longer count. */
  reset(): void {
    this.#crashes = [];
  }
}
