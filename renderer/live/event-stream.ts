import type { EventFrame } from '../../contracts/index.ts';
import { API_BASE } from '../api/client.ts';
import type { StreamStatus } from '../store/live-slice.ts';

export interface EventStreamHandlers {
  frame(frame: EventFrame): void;
  status(status: StreamStatus): void;
  /** The stream was refused or said `signed_out`: the session is gone. */
  signedOut(reason: string): void;
  /** Asked before reconnecting after a refusal: true when the session still holds. */
  sessionHolds(): Promise<boolean>;
}

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/**
 * Keeps one EventSource to `/api/v1/events` open while signed in. EventSource retries a
 * dropped connection by itself, but gives up for good on an HTTP error (a 401 after sign-out
 * elsewhere, a 429): then this waits with backoff, checks the session, and opens a new one.
 * Every (re)connection starts with a snapshot, so nothing missed while away stays missing.
 */
export class EventStream {
  #source: EventSource | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryMs = MIN_RETRY_MS;
  #stopped = true;

  readonly #handlers: EventStreamHandlers;
  readonly #url: string;

  constructor(handlers: EventStreamHandlers, url = `${API_BASE}/events`) {
    this.#handlers = handlers;
    this.#url = url;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#open();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#source?.close();
    this.#source = null;
    this.#handlers.status('idle');
  }

  #open(): void {
    this.#handlers.status(this.#retryMs === MIN_RETRY_MS ? 'connecting' : 'reconnecting');
    const source = new EventSource(this.#url, { withCredentials: true });
    this.#source = source;
    source.onmessage = (message: MessageEvent<string>) => {
      let frame: EventFrame;
      try {
        frame = JSON.parse(message.data) as EventFrame;
      } catch {
        return;
      }
      if (frame.type === 'snapshot') {
        this.#retryMs = MIN_RETRY_MS;
        this.#handlers.status('live');
      }
      if (frame.type === 'signed_out') {
        this.stop();
        this.#handlers.signedOut(frame.data.reason);
        return;
      }
      this.#handlers.frame(frame);
    };
    source.onerror = () => {
      if (this.#stopped || this.#source !== source) return;
      this.#handlers.status('reconnecting');
      // CONNECTING: the browser is already retrying a dropped stream. CLOSED: it gave up.
      if (source.readyState === EventSource.CLOSED) this.#retryLater();
    };
  }

  #retryLater(): void {
    this.#source?.close();
    this.#source = null;
    const delay = this.#retryMs * (0.75 + Math.random() * 0.5);
    this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#handlers.sessionHolds().then((holds) => {
        if (this.#stopped) return;
        if (holds) this.#open();
        else {
          this.stop();
          this.#handlers.signedOut('Your session has ended. Sign in again.');
        }
      });
    }, delay);
  }
}
