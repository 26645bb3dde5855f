import type { WebSocket } from 'ws';
import type { AppError, ServerConsoleFrame } from '../../../contracts/index.ts';

/** Unsent bytes above which a browser counts as slow: further frames wait in its outbox. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** The outbox is sent on once the socket has drained below this. */
const LOW_WATER_BYTES = 256 * 1024;
/** Characters a slow browser may have waiting in its outbox before its oldest console lines are dropped. */
const OUTBOX_MAX_CHARS = 4 * 1024 * 1024;
const OUTBOX_POLL_MS = 25;

/**
 * Frames on their way to one browser. A browser that stops reading must neither stall the
 * relay nor grow the controller's memory without end, and it must not lose the newest output
 * either (that is what it shows once it catches up): while its socket is backed up, frames
 * wait here and the OLDEST console frames give way, as in the agent's per-viewer queue.
 */
export class RelayOutbox {
  readonly #pending: { console: boolean; text: string }[] = [];
  #pendingChars = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly socket: WebSocket) {}

  send(frame: ServerConsoleFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const text = JSON.stringify(frame);
    if (this.#pending.length === 0 && this.socket.bufferedAmount < HIGH_WATER_BYTES) {
      this.socket.send(text);
      return;
    }
    this.#pending.push({ console: frame.type === 'console', text });
    this.#pendingChars += text.length;
    while (this.#pendingChars > OUTBOX_MAX_CHARS && this.#pending.length > 1) {
      const oldestLines = this.#pending.findIndex((item) => item.console);
      const [dropped] = this.#pending.splice(oldestLines === -1 ? 0 : oldestLines, 1);
      this.#pendingChars -= dropped?.text.length ?? 0;
    }
    this.#timer ??= setInterval(() => this.#flush(), OUTBOX_POLL_MS);
  }

  error(error: AppError): void {
    this.send({ type: 'error', data: { code: error.code, message: error.message } });
  }

  close(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#pending.length = 0;
    this.#pendingChars = 0;
  }

  #flush(): void {
    if (this.socket.readyState !== this.socket.OPEN) return this.close();
    while (this.socket.bufferedAmount < LOW_WATER_BYTES) {
      const item = this.#pending.shift();
      if (item === undefined) break;
      this.#pendingChars -= item.text.length;
      this.socket.send(item.text);
    }
    if (this.#pending.length === 0) this.close();
  }
}
