import { EventFrameSchema } from '../../contracts/index.ts';
import type { Json } from './controller.ts';

/** A Server-Sent Events response read frame by frame; every frame is checked against the contract. */
export class SseClient {
  readonly seen: Json[] = [];
  retry: number | null = null;
  readonly #queue: Json[] = [];
  #buffer = '';
  #wake: () => void = () => {};
  #ended = false;
  readonly done: Promise<void>;

  readonly #abort: AbortController;

  constructor(readonly response: Response, abort: AbortController) {
    this.#abort = abort;
    this.done = this.#pump();
  }

  async #pump(): Promise<void> {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.#buffer += decoder.decode(value, { stream: true });
        this.#parse();
      }
    } catch {
      // Aborted by the test, or cut off by the server: either way the stream is over.
    }
    this.#ended = true;
    this.#wake();
  }

  #parse(): void {
    for (let end = this.#buffer.indexOf('\n\n'); end !== -1; end = this.#buffer.indexOf('\n\n')) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      for (const line of block.split('\n')) {
        if (line.startsWith('data: ')) {
          const frame = EventFrameSchema.parse(JSON.parse(line.slice('data: '.length)));
          this.#queue.push(frame);
          this.seen.push(frame);
        } else if (line.startsWith('retry: ')) {
          this.retry = Number(line.slice('retry: '.length));
        }
      }
    }
    this.#wake();
  }

  /** The next frame; fails if none comes in time or the stream ends first. */
  async next(timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.#queue.shift();
      if (frame !== undefined) return frame;
      if (this.#ended) throw new Error('the stream ended before the next frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Skips frames until one matches. */
  async nextMatching(match: (frame: Json) => boolean, timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await this.next(Math.max(1, deadline - Date.now()));
      if (match(frame)) return frame;
    }
  }

  /** Reads frames until `enough` holds for all read so far; returns them. */
  async collect(enough: (frames: Json[]) => boolean, timeoutMs = 5000): Promise<Json[]> {
    const deadline = Date.now() + timeoutMs;
    const frames: Json[] = [];
    while (!enough(frames)) frames.push(await this.next(Math.max(1, deadline - Date.now())));
    return frames;
  }

  /** Resolves once the server has ended the stream; returns the frames that came before the end. */
  async ends(timeoutMs = 5000): Promise<Json[]> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the stream did not end within ${timeoutMs} ms`)), timeoutMs);
    });
    await Promise.race([this.done, timedOut]).finally(() => clearTimeout(timer));
    return this.#queue.splice(0);
  }

  close(): void {
    this.#abort.abort();
  }
}

/** Opens GET /api/v1/events with a bearer token; the response must be a 200 stream. */
export async function openEventStream(base: string, token: string): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: abort.signal });
  if (response.status !== 200) throw new Error(`GET /api/v1/events: ${response.status} ${await response.text()}`);
  return new SseClient(response, abort);
}
