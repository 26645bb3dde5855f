/**
 * The console's command history, shell-style: Up walks back through earlier commands, Down
 * walks forward and finally returns what was being typed before. Kept per server in session
 * storage (the last 100), so a reload keeps it and another tab's server does not mix in.
 */

export interface HistoryStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const HISTORY_LIMIT = 100;
const KEY_PREFIX = 'stellarstack.console.history:';

export class CommandHistory {
  readonly #key: string;
  readonly #storage: HistoryStorage | null;
  readonly #limit: number;
  #entries: string[];
  /** Index into #entries while browsing; equal to its length when not browsing. */
  #cursor: number;
  #draft = '';

  constructor(serverId: string, storage: HistoryStorage | null, limit = HISTORY_LIMIT) {
    this.#key = KEY_PREFIX + serverId;
    this.#storage = storage;
    this.#limit = limit;
    this.#entries = this.#load();
    this.#cursor = this.#entries.length;
  }

  get entries(): readonly string[] {
    return this.#entries;
  }

  /** Records a sent command and stops browsing. Blank lines and an immediate repeat are not kept. */
  push(command: string): void {
    this.#cursor = this.#entries.length;
    this.#draft = '';
    if (command.trim() === '' || this.#entries.at(-1) === command) return;
    this.#entries = [...this.#entries, command].slice(-this.#limit);
    this.#cursor = this.#entries.length;
    this.#save();
  }

  /** Up: the next older command, or null when there is none (the input keeps its text). */
  previous(current: string): string | null {
    if (this.#cursor === 0) return null;
    if (this.#cursor === this.#entries.length) this.#draft = current;
    this.#cursor -= 1;
    return this.#entries[this.#cursor] ?? null;
  }

  /** Down: the next newer command, then the text typed before browsing; null when not browsing. */
  next(): string | null {
    if (this.#cursor >= this.#entries.length) return null;
    this.#cursor += 1;
    return this.#cursor === this.#entries.length ? this.#draft : (this.#entries[this.#cursor] ?? null);
  }

  #load(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(this.#key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string').slice(-this.#limit) : [];
    } catch {
      return [];
    }
  }

  #save(): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(this.#entries));
    } catch {
      // Storage full or refused: the history still works for this page.
    }
  }
}

/** The browser's session storage, or null where it is refused. */
export function sessionHistoryStorage(): HistoryStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}
