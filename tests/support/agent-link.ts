import WebSocket from 'ws';
import type { ApiResponse, Json } from './controller.ts';

/**
 * Raw WebSocket ends of the agent link for tests that play one side by hand: a hostile agent
 * against the real controller, or a hostile controller against the real agent.
 */

export interface Closed {
  code: number;
  reason: string;
}

/** A socket whose inbound frames are queued and read one at a time, parsed as JSON. */
export class FrameSocket {
  readonly #queue: Json[] = [];
  readonly #readers: ((frame: Json) => void)[] = [];
  readonly closed: Promise<Closed>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw, isBinary) => {
      const text = isBinary ? null : raw.toString();
      let frame: Json;
      try {
        frame = text === null ? { binary: true } : JSON.parse(text);
      } catch {
        frame = { unparsable: text };
      }
      const reader = this.#readers.shift();
      if (reader) reader(frame);
      else this.#queue.push(frame);
    });
    // An error is followed by a close; the close is what tests look at.
    ws.on('error', () => {});
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Objects are sent as JSON text; strings as text; buffers as binary frames. */
  send(data: string | Buffer | object): void {
    if (Buffer.isBuffer(data)) this.ws.send(data, { binary: true });
    else this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  /** The next inbound frame; rejects if none arrives in time or the socket closes first. */
  next(timeoutMs = 5000): Promise<Json> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const reader = (frame: Json) => {
        clearTimeout(timer);
        resolve(frame);
      };
      const timer = setTimeout(() => {
        this.#readers.splice(this.#readers.indexOf(reader), 1);
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#readers.push(reader);
      void this.closed.then((closed) => {
        if (!this.#readers.includes(reader)) return;
        this.#readers.splice(this.#readers.indexOf(reader), 1);
        clearTimeout(timer);
        reject(new Error(`socket closed (${closed.code} ${closed.reason}) before a frame arrived`));
      });
    });
  }

  /** Skips frames until one of `type` arrives. */
  async nextOfType(type: string, timeoutMs = 5000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await this.next(Math.max(1, deadline - Date.now()));
      if (frame?.type === type) return frame;
    }
  }

  /** Drops whatever arrived so far. */
  drain(): Json[] {
    return this.#queue.splice(0);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

export type Dialed = { kind: 'open'; socket: FrameSocket } | { kind: 'refused'; response: ApiResponse };

/** The agent link URL of a controller at `base` (http://host:port). */
export function agentLinkUrl(base: string): string {
  const url = new URL('/api/v1/agent', base);
  url.protocol = 'ws:';
  return url.toString();
}

/**
 * Opens the agent link the way an agent does (`Authorization: Bearer <token>`, or none). A
 * refused upgrade comes back as the HTTP response, parsed like `api()` does.
 */
export function dialAgentLink(base: string, token?: string, timeoutMs = 5000): Promise<Dialed> {
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const ws = new WebSocket(agentLinkUrl(base), { headers, handshakeTimeout: timeoutMs });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ kind: 'open', socket: new FrameSocket(ws) }));
    ws.once('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let body: Json;
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        ws.terminate();
        resolve({ kind: 'refused', response: { status: response.statusCode ?? 0, headers: responseHeaders, text, body } });
      });
    });
    ws.on('error', (error) => reject(error));
  });
}
