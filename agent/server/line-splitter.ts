/** Longest console line kept, in UTF-8 bytes (as wings caps its lines). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const TRUNCATION_MARK = ' [line truncated]';

/**
 * Turns output chunks into lines. Chunks arrive however the stream cut them, so a line may
 * span several; the unfinished tail is kept until its newline arrives. A process that prints
 * megabytes without a newline cannot grow memory: past the cap the rest of that line is
 * discarded and the kept part is marked as truncated.
 */
export class LineSplitter {
  readonly #maxBytes: number;
  #partial = '';
  #discarding = false;

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.#maxBytes = maxLineBytes;
  }

  /** Returns every line this chunk completes, without their line endings. */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline === -1) {
        this.#append(chunk.slice(start));
        return lines;
      }
      this.#append(chunk.slice(start, newline));
      lines.push(this.#take());
      start = newline + 1;
    }
  }

  /** Returns the unfinished tail as a line (e.g. the last words of a process that exited), if any. */
  flush(): string[] {
    if (this.#partial === '' && !this.#discarding) return [];
    return [this.#take()];
  }

  #append(piece: string): void {
    if (this.#discarding || piece === '') return;
    this.#partial += piece;
    // A UTF-8 character is at most 3 bytes per UTF-16 unit, so short strings skip the byte count.
    if (this.#partial.length * 3 > this.#maxBytes && Buffer.byteLength(this.#partial) > this.#maxBytes) {
      this.#partial = truncateToBytes(this.#partial, this.#maxBytes - TRUNCATION_MARK.length) + TRUNCATION_MARK;
      this.#discarding = true;
    }
  }

  #take(): string {
    const line = this.#partial;
    this.#partial = '';
    this.#discarding = false;
    // Carriage returns come from CRLF endings and progress bars; in a line-based console they
    // only garble the text, so they are dropped.
    return line.includes('\r') ? line.replaceAll('\r', '') : line;
  }
}

function truncateToBytes(text: string, maxBytes: number): string {
  const cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  // A cut through a multi-byte character decodes as U+FFFD; drop it rather than show garbage.
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}
