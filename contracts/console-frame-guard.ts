import {
  CONSOLE_AUTH_DEADLINE_MS,
  CONSOLE_CLOSE,
  CONSOLE_MAX_FRAMES_PER_SECOND,
  CONSOLE_MAX_INBOUND_FRAME,
  ClientConsoleFrameSchema,
  type ClientConsoleFrame,
  type ConsoleCloseCode,
} from './console.ts';
import { AppError } from './errors.ts';
import { RateLimiter } from './rate-limiter.ts';

export interface ConsoleFrameGuardOptions {
  /** Answers the client with an `error` frame; the socket stays open unless the guard closes it. */
  refuse: (error: AppError) => void;
  /** Closes the socket. Called at most once, by `close()` or by the guard itself. */
  close: (code: ConsoleCloseCode, reason: string) => void;
  authDeadlineMs?: number;
  maxFramesPerSecond?: number;
  now?: () => number;
}

export type ConsoleGuardState = 'awaiting_auth' | 'authenticated' | 'closed';

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/**
 * The inbound rules of a console socket, the same on the node's own port and on the relay:
 * a frame-rate limit (one error per window, then silence), a size cap, JSON that parses and
 * matches the protocol (each an `error` frame; the socket stays usable), and the auth gate —
 * until the owner says `authenticated()`, only `auth` frames pass; anything else, or no auth
 * within the deadline, gets an error and the socket closed. What a valid frame means is the
 * owner's business: the guard only decides whether it gets one.
 */
export class ConsoleFrameGuard {
  readonly #options: ConsoleFrameGuardOptions;
  readonly #frames: RateLimiter<'frames'>;
  readonly #deadline: ReturnType<typeof setTimeout>;
  #state: ConsoleGuardState = 'awaiting_auth';

  constructor(options: ConsoleFrameGuardOptions) {
    this.#options = options;
    this.#frames = new RateLimiter({ limit: options.maxFramesPerSecond ?? CONSOLE_MAX_FRAMES_PER_SECOND, windowMs: 1000, now: options.now });
    this.#deadline = setTimeout(() => {
      this.#options.refuse(new AppError('UNAUTHORIZED', 'Send {"type":"auth","token":"strk_console_…"} first'));
      this.close(CONSOLE_CLOSE.unauthenticated, 'authentication timeout');
    }, options.authDeadlineMs ?? CONSOLE_AUTH_DEADLINE_MS);
  }

  get state(): ConsoleGuardState {
    return this.#state;
  }

  /** A frame as it came off the socket: the frame to act on, or null when the guard has already answered it. */
  admitRaw(raw: string | Uint8Array, isBinary = false): ClientConsoleFrame | null {
    if (!this.#withinRate()) return null;
    if (byteLength(raw) > CONSOLE_MAX_INBOUND_FRAME) {
      return this.#refuse('PAYLOAD_TOO_LARGE', `Frames must be under ${CONSOLE_MAX_INBOUND_FRAME / 1024} KiB`);
    }
    const json = isBinary ? NOT_JSON : parseJson(typeof raw === 'string' ? raw : utf8Decoder.decode(raw));
    if (json === NOT_JSON) return this.#refuse('INVALID_JSON', 'Frame is not valid JSON');
    const parsed = ClientConsoleFrameSchema.safeParse(json);
    if (!parsed.success) return this.#refuse('VALIDATION_ERROR', 'Unknown or malformed frame');
    return this.#gate(parsed.data);
  }

  /** A frame parsed on an earlier hop (the relay): the rate limit and the auth gate still apply. */
  admit(frame: ClientConsoleFrame): ClientConsoleFrame | null {
    if (!this.#withinRate()) return null;
    return this.#gate(frame);
  }

  /** The socket has authenticated (or, on the relay, handed its auth on): the deadline is off and every valid frame passes. */
  authenticated(): void {
    if (this.#state === 'closed') return;
    this.#state = 'authenticated';
    clearTimeout(this.#deadline);
  }

  close(code: ConsoleCloseCode = CONSOLE_CLOSE.normal, reason = 'closed'): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#deadline);
    this.#options.close(code, reason);
  }

  #gate(frame: ClientConsoleFrame): ClientConsoleFrame | null {
    if (this.#state === 'authenticated' || frame.type === 'auth') return frame;
    this.#refuse('UNAUTHORIZED', 'Authenticate first');
    this.close(CONSOLE_CLOSE.unauthenticated, 'unauthenticated');
    return null;
  }

  #withinRate(): boolean {
    if (this.#state === 'closed') return false;
    const hit = this.#frames.hit('frames');
    if (hit.firstRefusal) this.#refuse('RATE_LIMITED', `At most ${this.#frames.limit} frames per second`);
    return hit.allowed;
  }

  #refuse(code: AppError['code'], message: string): null {
    this.#options.refuse(new AppError(code, message));
    return null;
  }
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** UTF-8 size without Buffer, which browsers lack; a string longer than the cap in UTF-16 units is over it in bytes too. */
function byteLength(raw: string | Uint8Array): number {
  if (typeof raw !== 'string') return raw.byteLength;
  return raw.length > CONSOLE_MAX_INBOUND_FRAME ? raw.length : utf8Encoder.encode(raw).byteLength;
}
