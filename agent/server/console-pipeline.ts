import type { ConsoleControlFrame, ConsoleViewer } from './console-frames.ts';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './line-splitter.ts';
import { CONSOLE_OUTBOX_LIMITS } from '../../contracts/index.ts';
import { ConsoleOutbox } from '../../contracts/console-outbox.ts';
import { RingBuffer } from '../../contracts/ring-buffer.ts';

export interface ConsolePipelineOptions {
  /** Recent lines kept for the backlog (wings replays 150). */
  backlogLines?: number;
  /** Longest line, in UTF-8 bytes; longer lines are truncated. */
  maxLineBytes?: number;
  /** Bytes of output one slow viewer may have waiting before its oldest lines are dropped. */
  viewerQueueBytes?: number;
  /** Bytes of output all of this server's slow viewers together may have waiting. */
  serverQueueBytes?: number;
  /** Most lines in one batched `console` frame. */
  batchMaxLines?: number;
}

export interface SubscribeOptions {
  /** Frames the viewer gets first, e.g. the current status. */
  initial?: ConsoleControlFrame[];
  /** Whether the viewer gets the backlog right after subscribing, with no gap before live lines. */
  replayBacklog?: boolean;
}

const DEFAULTS = {
  backlogLines: 150,
  maxLineBytes: DEFAULT_MAX_LINE_BYTES,
  viewerQueueBytes: CONSOLE_OUTBOX_LIMITS.viewerQueueBytes,
  serverQueueBytes: CONSOLE_OUTBOX_LIMITS.serverQueueBytes,
  batchMaxLines: CONSOLE_OUTBOX_LIMITS.batchMaxLines,
} satisfies Required<ConsolePipelineOptions>;

type LineListener = (line: string) => void;

/**
 * A server's console output on its way to viewers: chunks become lines, every line lands in
 * the backlog and reaches line listeners (done detection), and every line goes to every
 * viewer through its own outbox, batched. Flow control is backpressure, not a rate cap: a
 * viewer whose socket keeps up gets everything however fast the server prints; one that
 * cannot has its output wait, bounded in bytes per viewer and per server, and only past that
 * bound loses its oldest lines (with a `throttled` notice). Nothing here ever waits for a
 * viewer, so neither a flood nor a slow viewer can stall the reader or the other viewers.
 */
export class ConsolePipeline {
  readonly #splitter: LineSplitter;
  readonly #backlog: RingBuffer<string>;
  readonly #viewerQueueBytes: number;
  readonly #serverQueueBytes: number;
  readonly #batchMaxLines: number;
  readonly #viewers = new Map<ConsoleViewer, ConsoleOutbox>();
  readonly #lineListeners = new Set<LineListener>();

  constructor(options: ConsolePipelineOptions = {}) {
    const settings = { ...DEFAULTS, ...options };
    this.#splitter = new LineSplitter(settings.maxLineBytes);
    this.#backlog = new RingBuffer<string>(settings.backlogLines);
    this.#viewerQueueBytes = settings.viewerQueueBytes;
    this.#serverQueueBytes = settings.serverQueueBytes;
    this.#batchMaxLines = settings.batchMaxLines;
  }

  get viewerCount(): number {
    return this.#viewers.size;
  }

  /** Feeds raw output as it arrives; chunks may split lines anywhere. */
  push(chunk: string): void {
    this.#emitLines(this.#splitter.push(chunk));
  }

  /** Emits an unfinished last line, e.g. when the process exited mid-line. */
  flush(): void {
    this.#emitLines(this.#splitter.flush());
  }

  /** Fans a non-line frame (status, stats, ...) out to every viewer. */
  publish(frame: ConsoleControlFrame): void {
    for (const queue of this.#viewers.values()) {
      queue.enqueue(frame);
      queue.drain();
    }
  }

  /** Every line, synchronously, whatever viewers do; for the agent's own use (done detection). */
  onLine(listener: LineListener): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  subscribe(viewer: ConsoleViewer, options: SubscribeOptions = {}): () => void {
    const unsubscribe = (): void => {
      this.#viewers.get(viewer)?.close();
      if (this.#viewers.delete(viewer)) this.#shareQueueBytes();
    };
    if (this.#viewers.has(viewer)) return unsubscribe;
    const queue = new ConsoleOutbox({
      send: (frame) => viewer.send(frame),
      capacityBytes: this.#viewerQueueBytes,
      batchMaxLines: this.#batchMaxLines,
      batchMaxChars: CONSOLE_OUTBOX_LIMITS.batchMaxChars,
      onFailure: (error) => {
        if (this.#viewers.delete(viewer)) this.#shareQueueBytes();
        viewer.onError?.(error);
      },
    });
    this.#viewers.set(viewer, queue);
    this.#shareQueueBytes();
    for (const frame of options.initial ?? []) queue.enqueue(frame);
    if (options.replayBacklog === true) queue.enqueue({ type: 'backlog', data: { lines: this.backlog() } });
    queue.drain();
    return unsubscribe;
  }

  /** Recent lines, oldest first. */
  backlog(): string[] {
    return this.#backlog.toArray();
  }

  /** Puts lines saved before an agent restart back in the backlog, before any new output. */
  restoreBacklog(lines: readonly string[]): void {
    for (const line of lines.slice(-this.#backlog.capacity)) this.#backlog.push(line);
  }

  /** Drops every viewer. */
  dispose(): void {
    for (const queue of this.#viewers.values()) queue.close();
    this.#viewers.clear();
    this.#lineListeners.clear();
  }

  /** Each viewer may hold its own bound, until together they would pass the server's: then equal shares. */
  #shareQueueBytes(): void {
    const share = Math.min(this.#viewerQueueBytes, Math.floor(this.#serverQueueBytes / Math.max(1, this.#viewers.size)));
    for (const queue of this.#viewers.values()) queue.capacityBytes = share;
  }

  #emitLines(lines: string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) {
      this.#backlog.push(line);
      for (const listener of this.#lineListeners) listener(line);
    }
    for (const queue of this.#viewers.values()) {
      for (const line of lines) queue.enqueue(line);
      queue.drain();
    }
  }
}
