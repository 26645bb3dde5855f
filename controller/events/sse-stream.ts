import { EventEmitter } from 'node:events';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { EventFrame, EventFrameType } from '../../contracts/index.ts';

/** How long EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 3000;
/**
 * Unsent output past which a reader is not slow but gone (or hostile): it is cut off rather
 * than held in memory, and reconnects to a fresh snapshot.
 */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Samples: the next one replaces a dropped one, so these are what a congested stream skips. */
const SAMPLE_FRAMES: ReadonlySet<EventFrameType> = new Set(['resources', 'node_stats']);

const SSE_HEADERS: OutgoingHttpHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: a compressing proxy would hold frames back until its buffer fills.
  'Cache-Control': 'no-cache, no-transform',
  // nginx buffers responses unless told not to.
  'X-Accel-Buffering': 'no',
  // The socket goes when the stream ends (shutdown, sign-out, a reader cut off), instead of
  // idling as a keep-alive connection that would hold server.close() open.
  Connection: 'close',
};

/**
 * One Server-Sent Events response. Each frame is one `data:` line of JSON (JSON never holds
 * a raw newline). A reader that stops reading cannot grow our memory without bound: while
 * the socket buffer is full, samples are dropped until it drains; everything else is queued,
 * and past MAX_BUFFERED_BYTES the response is destroyed.
 */
export class SseStream extends EventEmitter<{ close: [] }> {
  #congested = false;
  #closed = false;

  readonly #response: ServerResponse;

  constructor(response: ServerResponse, headers: OutgoingHttpHeaders) {
    super();
    this.#response = response;
    response.on('drain', () => {
      this.#congested = false;
    });
    response.once('close', () => {
      this.#closed = true;
      this.emit('close');
    });
    // A stream is quiet between events by design: the server's idle-socket timeout is for requests, not for it.
    response.socket?.setTimeout(0);
    response.writeHead(200, { ...headers, ...SSE_HEADERS });
    this.#write(`retry: ${RETRY_MS}\n\n`);
  }

  send(frame: EventFrame): void {
    if (this.#congested && SAMPLE_FRAMES.has(frame.type)) return;
    this.#write(`data: ${JSON.stringify(frame)}\n\n`);
  }

  /** A comment line: ignored by EventSource, but it keeps idle proxies from closing the stream. */
  comment(text: string): void {
    this.#write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.#closed && !this.#response.writableEnded) this.#response.end();
  }

  #write(chunk: string): void {
    if (this.#closed || this.#response.writableEnded) return;
    if (!this.#response.write(chunk)) this.#congested = true;
    if (this.#response.writableLength > MAX_BUFFERED_BYTES) this.#response.destroy();
  }
}
