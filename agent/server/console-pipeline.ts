import type { ConsoleControlFrame, ConsoleViewer } from './console-frames.ts';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './line-splitter.ts';
import { OutputThrottle } from './output-throttle.ts';
import { CONSOLE_OUTBOX_LIMITS } from '../../contracts/index.ts';
import { ConsoleOutbox } from '../../contracts/console-outbox.ts';
import { RingBuffer } from '../../contracts/ring-buffer.ts';

export interface ConsolePipelineOptions {
  /** Recent lines kept for the backlog (wings replays 150). */
  backlogLines?: number;
  /** Longest line, in UTF-8 bytes; longer lines are truncated. */
  maxLineBytes?: number;
  /** Lines fanned out per throttle period before the rest are dropped. */
  throttleLines?: number;
  throttlePeriodMs?: number;
  /** Items each viewer may have waiting before its oldest lines are dropped. */
  viewerQueueSize?: number;
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
  throttleLines: 2000,
  throttlePeriodMs: 100,
  viewerQueueSize: CONSOLE_OUTBOX_LIMITS.capacity,
  batchMaxLines: CONSOLE_OUTBOX_LIMITS.batchMaxLines,
} satisfies Required<ConsolePipelineOptions>;

type LineListener = (line: string) => void;

/**
 * A server's console output on its way to viewers: chunks become lines, every line lands in
 * the backlog and reaches line listeners (done detection), and the fan-out to viewers is
 * throttled per server and queued per viewer so neither a flood nor a slow viewer can stall
 * the reader. The backlog keeps even throttled lines: it is cheap, and after a flood that
 * ended in a crash the last lines are the ones an admin needs.
 */
export class ConsolePipeline {
  readonly #splitter: LineSplitter;
  readonly #backlog: RingBuffer<string>;
  readonly #throttle: OutputThrottle;
  readonly #viewerQueueSize: number;
  readonly #batchMaxLines: number;
  readonly #viewers = new Map<ConsoleViewer, ConsoleOutbox>();
  readonly #lineListeners = new Set<LineListener>();

  constructor(options: ConsolePipelineOptions = {}) {
    const settings = { ...DEFAULTS, ...options };
    this.#splitter = new LineSplitter(settings.maxLineBytes);
    this.#backlog = new RingBuffer<string>(settings.backlogLines);
    this.#viewerQueueSize = settings.viewerQueueSize;
    this.#batchMaxLines = settings.batchMaxLines;
    this.#throttle = new OutputThrottle({
      maxLines: settings.throttleLines,
      periodMs: settings.throttlePeriodMs,
      onEpisodeEnd: (dropped) => this.publish({ type: 'throttled', data: { dropped } }),
    });
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

  /** Fans a non-line frame (status, stats, ...) out to every viewer; never throttled. */
  publish(frame: ConsoleControlFrame): void {
    for (const queue of this.#viewers.values()) {
      queue.enqueue(frame);
      queue.drain();
    }
  }

  /** Every line, unthrottled and synchronously; for the agent's own use (done detection). */
  onLine(listener: LineListener): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  subscribe(viewer: ConsoleViewer, options: SubscribeOptions = {}): () => void {
    const unsubscribe = (): void => {
      this.#viewers.get(viewer)?.close();
      this.#viewers.delete(viewer);
    };
    if (this.#viewers.has(viewer)) return unsubscribe;
    const queue = new ConsoleOutbox({
      send: (frame) => viewer.send(frame),
      capacity: this.#viewerQueueSize,
      batchMaxLines: this.#batchMaxLines,
      batchMaxChars: CONSOLE_OUTBOX_LIMITS.batchMaxChars,
      onFailure: (error) => {
        this.#viewers.delete(viewer);
        viewer.onError?.(error);
      },
    });
    this.#viewers.set(viewer, queue);
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

  /** Drops every viewer and stops the throttle's timer. */
  dispose(): void {
    this.#throttle.dispose();
    for (const queue of this.#viewers.values()) queue.close();
    this.#viewers.clear();
    this.#lineListeners.clear();
  }

  #emitLines(lines: string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) {
      this.#backlog.push(line);
      for (const listener of this.#lineListeners) listener(line);
      if (!this.#throttle.admit()) continue;
      for (const queue of this.#viewers.values()) queue.enqueue(line);
    }
    for (const queue of this.#viewers.values()) queue.drain();
  }
}
