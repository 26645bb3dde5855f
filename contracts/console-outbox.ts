import type { ServerConsoleFrame } from './console.ts';
import { RingBuffer } from './ring-buffer.ts';

/** Any frame but console lines: those travel as single lines and are batched on the way out. */
export type ConsoleOtherFrame = Exclude<ServerConsoleFrame, { type: 'console' }>;
/** A console line, or another frame. */
export type ConsoleOutboxItem = string | ConsoleOtherFrame;

export interface ConsoleOutboxOptions {
  /**
   * Delivers one frame. May return a promise to say "I am full, wait" (a socket over its
   * high-water mark): until it settles, items wait here and the oldest lines give way. A
   * throw or a rejection is a failed viewer.
   */
  send: (frame: ServerConsoleFrame) => void | PromiseLike<void>;
  /** Items (lines or other frames) waiting before the oldest are dropped. */
  capacity: number;
  /** Most lines sent in one `{ lines: [...] }` frame. */
  batchMaxLines: number;
  /** Rough cap on the characters in one batch, so a batch stays well under a frame limit. */
  batchMaxChars: number;
  /** The viewer failed; the owner should forget it. Nothing is sent after this. */
  onFailure: (error: unknown) => void;
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}

/**
 * One console viewer's bounded outbox (after wings' system/sink_pool.go), the slow-viewer
 * flow control of both doors: the agent's pipeline keeps one per viewer, the controller
 * relay one per browser. Enqueueing never waits: while the viewer is still busy with an
 * earlier frame and the outbox is full, the oldest line is dropped. A viewer that answers at
 * once is drained synchronously, so a fast viewer never loses a line however large the burst.
 */
export class ConsoleOutbox {
  readonly #options: ConsoleOutboxOptions;
  readonly #queue: RingBuffer<ConsoleOutboxItem>;
  // Other frames pushed out of a full outbox. Losing a line is acceptable; losing the last
  // status would leave the viewer showing the wrong state, so the newest of each kind is kept
  // and delivered first (they are older than anything still queued).
  readonly #carried = new Map<ConsoleOtherFrame['type'], ConsoleOtherFrame>();
  #busy = false;
  #draining = false;
  #closed = false;
  #droppedLines = 0;

  constructor(options: ConsoleOutboxOptions) {
    this.#options = options;
    this.#queue = new RingBuffer<ConsoleOutboxItem>(options.capacity);
  }

  /** Lines this viewer never got because it was too slow. */
  get droppedLines(): number {
    return this.#droppedLines;
  }

  /** Queues an item without delivering it; call `drain()` after a batch of enqueues. */
  enqueue(item: ConsoleOutboxItem): void {
    if (this.#closed) return;
    // An idle viewer is drained before anything would be dropped for it.
    if (!this.#busy && this.#queue.size >= this.#queue.capacity) this.drain();
    const { evicted, item: old } = this.#queue.push(item);
    if (!evicted || old === undefined) return;
    if (typeof old === 'string') this.#droppedLines += 1;
    else this.#carried.set(old.type, old);
  }

  /**
   * A whole frame as it arrived from an earlier hop (the relay's agent link): straight through
   * to an idle viewer with nothing queued, as it was batched there; otherwise queued — a
   * `console` frame as its lines, so the oldest of them can give way — and drained.
   */
  push(frame: ServerConsoleFrame): void {
    if (this.#closed) return;
    if (!this.#busy && !this.#draining && this.#queue.size === 0 && this.#carried.size === 0) {
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
    }
  }

  close(): void {
    this.#closed = true;
    this.#queue.clear();
    this.#carried.clear();
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
    const head = this.#queue.peek();
    if (head === undefined) return null;
    if (typeof head !== 'string') {
      this.#queue.shift();
      return head;
    }
    const lines: string[] = [];
    let chars = 0;
    for (let next = this.#queue.peek(); typeof next === 'string'; next = this.#queue.peek()) {
      if (lines.length >= this.#options.batchMaxLines) break;
      if (lines.length > 0 && chars + next.length > this.#options.batchMaxChars) break;
      this.#queue.shift();
      lines.push(next);
      chars += next.length;
    }
    return lines.length === 1 ? { type: 'console', data: lines[0] as string } : { type: 'console', data: { lines } };
  }
}
