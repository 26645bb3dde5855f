import type { ServerConsoleFrame } from '../../contracts/index.ts';
import type { ConsoleControlFrame, ConsoleViewer } from './console-frames.ts';
import { RingBuffer } from './ring-buffer.ts';

export interface ViewerQueueOptions {
  /** Items (lines or control frames) waiting for this viewer before the oldest are dropped. */
  capacity: number;
  /** Most lines sent in one `{ lines: [...] }` frame. */
  batchMaxLines: number;
  /** Rough cap on the characters in one batch, so a batch stays well under a frame limit. */
  batchMaxChars: number;
  /** The viewer failed; the owner should forget it. */
  onFailure: (error: unknown) => void;
}

type QueueItem = string | ConsoleControlFrame;

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}

/**
 * One viewer's bounded queue (after wings' system/sink_pool.go). Enqueueing never waits: when
 * the viewer is still busy with an earlier frame and the queue is full, the oldest line is
 * dropped. A viewer that answers at once is drained synchronously, so a fast viewer never
 * loses a line however large the burst.
 */
export class ViewerQueue {
  readonly #viewer: ConsoleViewer;
  readonly #options: ViewerQueueOptions;
  readonly #queue: RingBuffer<QueueItem>;
  // Control frames pushed out of a full queue. Losing a line is acceptable; losing the last
  // status would leave the viewer showing the wrong state, so the newest of each kind is kept
  // and delivered first (they are older than anything still queued).
  readonly #carried = new Map<ConsoleControlFrame['type'], ConsoleControlFrame>();
  #busy = false;
  #draining = false;
  #closed = false;
  #droppedLines = 0;

  constructor(viewer: ConsoleViewer, options: ViewerQueueOptions) {
    this.#viewer = viewer;
    this.#options = options;
    this.#queue = new RingBuffer<QueueItem>(options.capacity);
  }

  /** Lines this viewer never got because it was too slow. */
  get droppedLines(): number {
    return this.#droppedLines;
  }

  /** Queues an item without delivering it; call `drain()` after a batch of enqueues. */
  enqueue(item: QueueItem): void {
    if (this.#closed) return;
    // An idle viewer is drained before anything would be dropped for it.
    if (!this.#busy && this.#queue.size >= this.#queue.capacity) this.drain();
    const { evicted, item: old } = this.#queue.push(item);
    if (!evicted || old === undefined) return;
    if (typeof old === 'string') this.#droppedLines += 1;
    else this.#carried.set(old.type, old);
  }

  /** Sends queued frames until the queue is empty or the viewer asks to wait. */
  drain(): void {
    if (this.#busy || this.#draining || this.#closed) return;
    this.#draining = true;
    try {
      for (let frame = this.#next(); frame !== null; frame = this.#next()) {
        let result: void | Promise<void>;
        try {
          result = this.#viewer.send(frame);
        } catch (error) {
          this.#fail(error);
          return;
        }
        if (isPromiseLike(result)) {
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
          return;
        }
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
