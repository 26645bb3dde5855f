/**
 * Flow control between the console socket and xterm (after xterm.js's flow-control guide):
 * data goes to `write(chunk, callback)` while less than the high watermark is still being
 * parsed; beyond that it waits here, coalesced, and goes out as the callbacks come back. A
 * browser cannot pause a WebSocket, so when even the wait grows too long (a flood the screen
 * could never show), the oldest waiting lines are dropped and said so in one dim line.
 */

export interface WritableTerminal {
  write(data: string, callback?: () => void): void;
}

export interface TerminalWriterOptions {
  /** Bytes handed to xterm and not yet parsed, beyond which new data waits here. */
  highWatermark?: number;
  /** Bytes allowed to wait here before the oldest are dropped. */
  maxQueued?: number;
  /** Largest single write when draining the wait. */
  chunkSize?: number;
}

export const CLEAR_SEQUENCE = '\x1b[H\x1b[2J\x1b[3J';

export function dimLine(text: string): string {
  return `\x1b[2m${text}\x1b[22m\n`;
}

export class TerminalWriter {
  readonly #terminal: WritableTerminal;
  readonly #high: number;
  readonly #maxQueued: number;
  readonly #chunkSize: number;
  #pending = 0;
  #queue: string[] = [];
  #queued = 0;
  #droppedLines = 0;

  constructor(terminal: WritableTerminal, options: TerminalWriterOptions = {}) {
    this.#terminal = terminal;
    this.#high = options.highWatermark ?? 256 * 1024;
    this.#maxQueued = options.maxQueued ?? 4 * 1024 * 1024;
    this.#chunkSize = options.chunkSize ?? 64 * 1024;
  }

  /** Bytes handed to the terminal and not yet parsed. */
  get pending(): number {
    return this.#pending;
  }

  /** Bytes waiting here. */
  get queued(): number {
    return this.#queued;
  }

  /** Console lines, each ended by a newline (the terminal converts it to CR LF). */
  writeLines(lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.write(lines.join('\n') + '\n');
  }

  write(data: string): void {
    if (data.length === 0) return;
    if (this.#queue.length === 0 && this.#pending < this.#high) {
      this.#send(data);
      return;
    }
    this.#queue.push(data);
    this.#queued += data.length;
    this.#trim();
  }

  /** Empties the screen and scrollback in order with the data before it, then writes `lines`. */
  replace(lines: readonly string[]): void {
    // Whatever still waits would only be wiped by the clear: skip it.
    this.#queue = [];
    this.#queued = 0;
    this.#droppedLines = 0;
    this.write(CLEAR_SEQUENCE);
    this.writeLines(lines);
  }

  #send(data: string): void {
    this.#pending += data.length;
    this.#terminal.write(data, () => {
      this.#pending -= data.length;
      this.#drain();
    });
  }

  #drain(): void {
    if (this.#droppedLines > 0 && this.#pending < this.#high) {
      const dropped = this.#droppedLines;
      this.#droppedLines = 0;
      this.#send(dimLine(`… ${dropped} ${dropped === 1 ? 'line' : 'lines'} skipped: the output came faster than it could be shown`));
    }
    while (this.#queue.length > 0 && this.#pending < this.#high) {
      let chunk = '';
      while (this.#queue.length > 0 && chunk.length < this.#chunkSize) chunk += this.#queue.shift();
      this.#queued -= chunk.length;
      this.#send(chunk);
    }
  }

  /** Drops whole waiting chunks, oldest first, counting their lines. */
  #trim(): void {
    while (this.#queued > this.#maxQueued && this.#queue.length > 1) {
      const oldest = this.#queue.shift()!;
      this.#queued -= oldest.length;
      this.#droppedLines += countLines(oldest);
    }
  }
}

function countLines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return Math.max(1, count);
}
