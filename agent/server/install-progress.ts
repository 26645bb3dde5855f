import type { ServerNotice } from '../../contracts/index.ts';

/** A line in a notice is a headline, not a log: long ones are cut. */
const MAX_LINE = 200;
/** Install scripts print thousands of lines (package managers, unzip); a notice a second is plenty. */
const MIN_INTERVAL_MS = 1000;

/**
 * Turns an install's console output into a few `install` notices for people watching the
 * live events: one when it begins, then its latest line at most once a second, then one that
 * says how it ended. The full output stays on the console.
 */
export class InstallProgress {
  readonly #notify: (notice: ServerNotice) => void;
  readonly #now: () => number;
  #lastSentAt = 0;
  #partial = '';

  constructor(notify: (notice: ServerNotice) => void, now: () => number = Date.now) {
    this.#notify = notify;
    this.#now = now;
  }

  begin(): void {
    this.#lastSentAt = this.#now();
    this.#send('Running the install script', false, 'info');
  }

  output(chunk: string): void {
    const lines = (this.#partial + chunk).split(/\r?\n/);
    this.#partial = lines.pop() ?? '';
    const latest = lines.map((line) => line.trim()).filter((line) => line !== '').at(-1);
    if (latest === undefined || this.#now() - this.#lastSentAt < MIN_INTERVAL_MS) return;
    this.#lastSentAt = this.#now();
    this.#send(latest, false, 'info');
  }

  /** `failure`: why it did not succeed, or null when it did. */
  end(failure: string | null): void {
    this.#send(failure === null ? 'Install complete' : `Install failed: ${failure}`, true, failure === null ? 'info' : 'warning');
  }

  #send(message: string, done: boolean, level: ServerNotice['level']): void {
    const text = message.length > MAX_LINE ? `${message.slice(0, MAX_LINE - 1)}…` : message;
    this.#notify({ kind: 'install', level, message: text, progress: done ? 1 : null, done });
  }
}
