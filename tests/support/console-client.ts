import { WebSocket } from 'ws';
import type { Socket } from 'node:net';
import { ServerConsoleFrameSchema, type PowerAction, type ServerConsoleFrame } from '../../contracts/index.ts';

/**
 * A small console WebSocket client for end-to-end tests, speaking the protocol of
 * ARCHITECTURE.md to the node's `/console` or to the controller relay. It keeps every frame it
 * received (each checked against the contract), the console lines in order (backlog and live),
 * and lets a test wait for a frame or a line with a timeout that says what it saw.
 */

export type Frame = ServerConsoleFrame;
export type FramePredicate = (frame: Frame) => boolean;

export interface Closed {
  code: number;
  reason: string;
}

export class ConsoleClient {
  /** Every valid frame received, in order. */
  readonly frames: Frame[] = [];
  /** Raw texts that did not match the server→client contract (should stay empty). */
  readonly invalid: string[] = [];
  /** Lines from live `console` frames, in order. */
  readonly lines: string[] = [];
  /** Lines from `backlog` frames, in order (one backlog after another). */
  readonly backlogLines: string[] = [];
  readonly closed: Promise<Closed>;
  #closedWith: Closed | null = null;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.#closedWith = { code, reason: reason.toString() };
        resolve(this.#closedWith);
        this.#wake();
      });
    });
    socket.on('message', (raw) => this.#receive(raw.toString()));
    // Errors surface as a close; a test that cares waits on `closed`.
    socket.on('error', () => undefined);
  }

  /** Opens a socket to `url` (ws://127.0.0.1:…/console or a relay URL); rejects if it does not open in time. */
  static connect(url: string, timeoutMs = 5_000): Promise<ConsoleClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`console socket ${url} did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new ConsoleClient(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`console socket ${url}: ${error.message}`));
      });
    });
  }

  /** Connects and authenticates; resolves with the `auth_success` frame. */
  static async open(url: string, token: string, timeoutMs = 10_000): Promise<ConsoleClient> {
    const client = await ConsoleClient.connect(url);
    await client.auth(token, timeoutMs);
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get closedWith(): Closed | null {
    return this.#closedWith;
  }

  /** Sends an `auth` frame and resolves with the `auth_success` that follows (rejects on an `error` frame). */
  async auth(token: string, timeoutMs = 10_000): Promise<Extract<Frame, { type: 'auth_success' }>> {
    const from = this.frames.length;
    this.send({ type: 'auth', token });
    const answer = await this.waitFor((f) => f.type === 'auth_success' || f.type === 'error', { timeoutMs, from, message: 'auth_success' });
    if (answer.type !== 'auth_success') throw new Error(`auth refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  command(line: string): void {
    this.send({ type: 'command', data: line });
  }

  power(action: PowerAction): void {
    this.send({ type: 'power', data: action });
  }

  logs(): void {
    this.send({ type: 'logs' });
  }

  /** Where the next frame will land: pass it as `from` to wait only for frames after now. */
  mark(): number {
    return this.frames.length;
  }

  /** The first frame at index `from` or later that matches, now or when it arrives. */
  waitFor<T extends Frame = Frame>(predicate: FramePredicate, options: { timeoutMs?: number; from?: number; message?: string } = {}): Promise<T> {
    const { timeoutMs = 10_000, from = 0, message = 'a matching frame' } = options;
    return this.#until(() => this.frames.slice(from).find(predicate) as T | undefined, timeoutMs, message);
  }

  /** The first frame of this type at `from` or later. */
  waitForType<K extends Frame['type']>(type: K, options: { timeoutMs?: number; from?: number } = {}): Promise<Extract<Frame, { type: K }>> {
    return this.waitFor<Extract<Frame, { type: K }>>((f) => f.type === type, { ...options, message: `a ${type} frame` });
  }

  /** The first live console line at index `from` or later that matches. */
  waitForLine(pattern: string | RegExp, options: { timeoutMs?: number; from?: number } = {}): Promise<string> {
    const { timeoutMs = 10_000, from = 0 } = options;
    const matches = (line: string): boolean => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line));
    return this.#until(() => this.lines.slice(from).find(matches), timeoutMs, `a console line matching ${String(pattern)}`);
  }

  /** Resolves once the socket is closed (by either side). */
  waitForClose(timeoutMs = 10_000): Promise<Closed> {
    return this.#until(() => this.#closedWith ?? undefined, timeoutMs, 'the socket to close');
  }

  /** Stops reading from the socket: the kernel buffers fill and the sender sees backpressure. */
  pauseReading(): void {
    this.#rawSocket().pause();
  }

  resumeReading(): void {
    this.#rawSocket().resume();
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }

  #rawSocket(): Socket {
    // ws keeps the TCP socket private; pausing it is the only way to be a truly slow reader.
    const raw = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!raw) throw new Error('the WebSocket has no underlying socket');
    return raw;
  }

  #receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.invalid.push(text);
      return;
    }
    const parsed = ServerConsoleFrameSchema.safeParse(json);
    if (!parsed.success) {
      this.invalid.push(text);
      return;
    }
    const frame = parsed.data;
    this.frames.push(frame);
    if (frame.type === 'console') {
      if (typeof frame.data === 'string') this.lines.push(frame.data);
      else this.lines.push(...frame.data.lines);
    } else if (frame.type === 'backlog') {
      this.backlogLines.push(...frame.data.lines);
    }
    this.#wake();
  }

  #wake(): void {
    for (const check of this.#waiters) check();
  }

  #until<T>(probe: () => T | undefined, timeoutMs: number, message: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        this.#waiters.delete(check);
        clearTimeout(timer);
      };
      const check = (): void => {
        const value = probe();
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.#closedWith) {
          finish();
          reject(new Error(`console socket closed (${this.#closedWith.code} ${this.#closedWith.reason}) before ${message}; frames: ${this.#describe()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${message}; frames: ${this.#describe()}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  #describe(): string {
    const summary = this.frames.slice(-12).map((f) => JSON.stringify(f).slice(0, 200));
    return `${this.frames.length} received, last: ${summary.join(' | ')}; last lines: ${JSON.stringify(this.lines.slice(-5).map((l) => l.slice(0, 120)))}`;
  }
}
