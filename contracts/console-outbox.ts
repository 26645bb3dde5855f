import type { ServerConsoleFrame } from './console.ts';

/** Any frame but console lines: those travel as single lines and are batched on the way out. */
export type ConsoleOtherFrame = Exclude<ServerConsoleFrame, { type: 'console' }>;
/** A console line, or another frame. */
export type ConsoleOutboxItem = string | ConsoleOtherFrame;

export interface ConsoleOutboxOptions {
  /**
   * Delivers one frame. May return a promise to say "I am full, wait" (a socket over its
   * high-water mark): until it settles, items wait here and, past `capacityBytes`, the oldest
   * lines give way. A throw or a rejection is a failed viewer.
   */
  send: (frame: ServerConsoleFrame) => void | PromiseLike<void>;
  /** Bytes of items that may wait for a busy viewer before its oldest lines are dropped. */
  capacityBytes: number;
  /** Most lines sent in one `{ lines: [...] }` frame. */
  batchMaxLines: number;
  /** Rough cap on the characters in one batch, so a batch stays well under a frame limit. */
  batchMaxChars: number;
  /** The viewer failed; the owner should forget it. Nothing is sent after this. */
  onFailure: (error: unknown) => void;
}

/**
 * What an item costs while it waits. A line counts its length (UTF-16 units: its UTF-8 size for
 * ASCII output) plus a fixed share for the array slot and its JSON quotes, so that a flood of
 * empty lines is bounded too; another frame counts a flat, generous size.
 */
const LINE_OVERHEAD_BYTES = 16;
const OTHER_FRAME_BYTES = 512;
export function queuedBytes(item: ConsoleOutboxItem): number {
  return typeof item === 'string' ? item.length + LINE_OVERHEAD_BYTES : OTHER_FRAME_BYTES;
}

/** Below this many consumed slots the queue's array is not worth compacting. */
const COMPACT_MIN_HEAD = 4096;

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}

/**
 * One console viewer's outbox, the slow-viewer flow control of both doors: the agent's
 * pipeline keeps one per viewer, the controller relay one per browser. A viewer that takes
 * frames at once is drained synchronously, so it never loses a line however large the burst.
 * A viewer whose socket is full (`send` returned a promise) has its items wait here, bounded
 * by bytes: only when they exceed the capacity — the viewer truly cannot keep up — are the
 * oldest lines dropped, and once it takes frames again it first gets one `throttled` notice
 * with the count, exactly where the gap is. Enqueueing never waits, so no viewer can stall
 * the reader of a server's output or the other viewers.
 */
export class ConsoleOutbox {
  readonly #options: ConsoleOutboxOptions;
  #capacityBytes: number;
  // A FIFO as an array and a head index: O(1) at both ends, compacted now and then.
  #items: ConsoleOutboxItem[] = [];
  #head = 0;
  #bytes = 0;
  // Other frames pushed out of a full outbox. Losing a line is acceptable; losing the last
  // status would leave the viewer showing the wrong state, so the newest of each kind is kept
  // and delivered first (they are older than anything still queued).
  readonly #carried = new Map<ConsoleOtherFrame['type'], ConsoleOtherFrame>();
  #busy = false;
  #draining = false;
  #closed = false;
  #droppedLines = 0;
  /** Lines dropped since the viewer last heard about it: the next `throttled` notice. */
  #droppedUnannounced = 0;

  constructor(options: ConsoleOutboxOptions) {
    this.#options = options;
    this.#capacityBytes = options.capacityBytes;
  }

  /** Lines this viewer never got because it was too slow, over its whole life. */
  get droppedLines(): number {
    return this.#droppedLines;
  }

  /** Bytes of items waiting (see queuedBytes). */
  get queuedBytes(): number {
    return this.#bytes;
  }

  get capacityBytes(): number {
    return this.#capacityBytes;
  }

  /** Changes the bound, e.g. as a server's viewers share its total; a smaller one takes effect at the next enqueue. */
  set capacityBytes(bytes: number) {
    this.#capacityBytes = bytes;
  }

  /** Queues an item without delivering it; call `drain()` after a batch of enqueues. */
  enqueue(item: ConsoleOutboxItem): void {
    if (this.#closed) return;
    const size = queuedBytes(item);
    // An idle viewer is drained before anything would be dropped for it.
    if (!this.#busy && this.#bytes + size > this.#capacityBytes) this.drain();
    this.#items.push(item);
    this.#bytes += size;
    if (this.#bytes > this.#capacityBytes) this.#dropOldest();
  }

  /**
   * A whole frame as it arrived from an earlier hop (the relay's agent link): straight through
   * to an idle viewer with nothing queued, as it was batched there; otherwise queued — a
   * `console` frame as its lines, so the oldest of them can give way — and drained.
   */
  push(frame: ServerConsoleFrame): void {
    if (this.#closed) return;
    if (!this.#busy && !this.#draining && this.#isEmpty()) {
      this.#deliver(frame);
      return;
    }
    if (frame.type !== 'console') this.enqueue(frame);
    else if (typeof frame.data === 'string') this.enqueue(frame.data);
    else for (const line of frame.data.lines) this.enqueue(line);
    this.drain();
  }

  /** Sends queued frames until the outbox is empty or the viewer asks to wait. */
  drain(): void {
    if (this.#busy || this.#draining || this.#closed) return;
    this.#draining = true;
    try {
      for (let frame = this.#next(); frame !== null; frame = this.#next()) {
        if (!this.#deliver(frame)) return;
      }
    } finally {
      this.#draining = false;
      this.#compact();
    }
  }

  close(): void {
    this.#closed = true;
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    this.#carried.clear();
  }

  #isEmpty(): boolean {
    return this.#head === this.#items.length && this.#carried.size === 0 && this.#droppedUnannounced === 0;
  }

  /** Drops from the front until the queue fits: lines are counted as lost, other frames carried. */
  #dropOldest(): void {
    while (this.#bytes > this.#capacityBytes && this.#head < this.#items.length - 1) {
      const old = this.#shift();
      if (typeof old === 'string') {
        this.#droppedLines += 1;
        this.#droppedUnannounced += 1;
      } else {
        this.#carried.set(old.type, old);
      }
    }
  }

  #shift(): ConsoleOutboxItem {
    const item = this.#items[this.#head] as ConsoleOutboxItem;
    this.#items[this.#head] = '';
    this.#head += 1;
    this.#bytes -= queuedBytes(item);
    return item;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= COMPACT_MIN_HEAD && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Sends one frame; false when the viewer asked to wait (it drains again once ready) or failed. */
  #deliver(frame: ServerConsoleFrame): boolean {
    let result: void | PromiseLike<void>;
    try {
      result = this.#options.send(frame);
    } catch (error) {
      this.#fail(error);
      return false;
    }
    if (!isPromiseLike(result)) return true;
    this.#busy = true;
    result.then(
      () => {
        this.#busy = false;
        this.drain();
      },
      (error: unknown) => {
        this.#busy = false;
        this.#fail(error);
      },
    );
    return false;
  }

  #fail(error: unknown): void {
    if (this.#closed) return;
    this.close();
    this.#options.onFailure(error);
  }

  #next(): ServerConsoleFrame | null {
    for (const [type, frame] of this.#carried) {
      this.#carried.delete(type);
      return frame;
    }
    // The gap comes right after what the viewer already has: the notice goes before the lines that survived it.
    if (this.#droppedUnannounced > 0) {
      const dropped = this.#droppedUnannounced;
      this.#droppedUnannounced = 0;
      return { type: 'throttled', data: { dropped } };
    }
    if (this.#head === this.#items.length) return null;
    const head = this.#items[this.#head] as ConsoleOutboxItem;
    if (typeof head !== 'string') {
      this.#shift();
      return head;
    }
    const lines: string[] = [];
    let chars = 0;
    const { batchMaxLines, batchMaxChars } = this.#options;
    while (this.#head < this.#items.length && lines.length < batchMaxLines) {
      const next = this.#items[this.#head];
      if (typeof next !== 'string') break;
      if (lines.length > 0 && chars + next.length > batchMaxChars) break;
      this.#shift();
      lines.push(next);
      chars += next.length;
    }
    return lines.length === 1 ? { type: 'console', data: lines[0] as string } : { type: 'console', data: { lines } };
  }
}
