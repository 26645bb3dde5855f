import { CONSOLE_CLOSE, type ServerResources, type ServerStatus } from '../../../../contracts/index.ts';

/**
 * One server's console socket: token, route (the node's own port, else the controller relay),
 * re-authentication before the token runs out, and reconnection with backoff. No React and no
 * DOM: the socket, the token request, the timers and the route memory are handed in, so the
 * state machine runs the same in a browser and in a unit test with fakes.
 *
 * Console lines are handed to listeners as they arrive and never kept here: the terminal is
 * the only place they live.
 */

export type ConsoleRoute = 'direct' | 'relay';

/** What GET /servers/:id/console-token answers (the part this module uses). */
export interface ConsoleGrant {
  consoleToken: string;
  consoleUrl: string;
  relayUrl: string;
  expiresAt: string;
  nodeHost?: string;
  permissions: { canRead: boolean; canWrite: boolean };
}

export interface ConsolePermissions {
  canRead: boolean;
  canWrite: boolean;
  power: string[];
}

export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
}

export interface SocketHandle {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Remembers, for this browser session, that a node's own console port cannot be reached. */
export interface RouteMemory {
  get(consoleUrl: string): ConsoleRoute | null;
  set(consoleUrl: string, route: ConsoleRoute): void;
}

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; route: ConsoleRoute | null; attempt: number }
  | { kind: 'live'; route: ConsoleRoute }
  | { kind: 'waiting'; retryAt: number; attempt: number; reason: string }
  /** Retrying cannot help (the server is gone, or this user may not see it). */
  | { kind: 'failed'; code: string; message: string }
  | { kind: 'closed' };

export type ConsoleEvent =
  | { type: 'state'; state: ConnectionState }
  | { type: 'authenticated'; permissions: ConsolePermissions; route: ConsoleRoute; grant: ConsoleGrant }
  /** The server's recent lines: whatever the terminal shows is replaced by them. */
  | { type: 'backlog'; lines: string[] }
  | { type: 'lines'; lines: string[] }
  | { type: 'status'; status: ServerStatus }
  | { type: 'stats'; stats: ServerResources }
  | { type: 'throttled'; dropped: number }
  | { type: 'error'; code: string; message: string };

export type ConsoleListener = (event: ConsoleEvent) => void;

export interface ConsoleConnectionOptions {
  fetchToken(): Promise<ConsoleGrant>;
  createSocket: SocketFactory;
  timers?: Timers;
  now?: () => number;
  random?: () => number;
  routeMemory?: RouteMemory;
  /** How long the node's own port gets to authenticate before the relay is tried. */
  directTimeoutMs?: number;
  /** How long any socket gets to authenticate before it counts as a failed attempt. */
  authTimeoutMs?: number;
  /** Waiting for the backlog the agent replays after auth; then it is asked for. */
  backlogGraceMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A connection that stayed up this long starts the backoff afresh when it drops. */
  stableMs?: number;
}

/** Token errors that another try cannot fix. */
const FINAL_CODES = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'ACCOUNT_SUSPENDED']);
/** A cached token is reused only while it has at least this long to live. */
const TOKEN_MARGIN_MS = 60_000;

const realTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Equal jitter: half the exponential delay, plus up to the other half at random. */
export function backoffDelay(attempt: number, random: () => number, baseMs = 1000, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class ConsoleConnection {
  readonly #options: Required<Omit<ConsoleConnectionOptions, 'routeMemory'>> & { routeMemory: RouteMemory | null };
  readonly #listeners = new Set<ConsoleListener>();
  #state: ConnectionState = { kind: 'idle' };
  #grant: ConsoleGrant | null = null;
  #socket: SocketHandle | null = null;
  /** Bumped for every socket and on dispose: callbacks of an older socket are ignored. */
  #generation = 0;
  #attempt = 0;
  #retryTimer: unknown = null;
  #socketTimers = new Set<unknown>();
  #authenticated = false;
  #liveSince = 0;
  #refreshing = false;
  #permissions: ConsolePermissions | null = null;

  constructor(options: ConsoleConnectionOptions) {
    this.#options = {
      timers: realTimers,
      now: () => Date.now(),
      random: Math.random,
      directTimeoutMs: 3000,
      authTimeoutMs: 10_000,
      backlogGraceMs: 1500,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      stableMs: 10_000,
      ...options,
      routeMemory: options.routeMemory ?? null,
    };
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Permissions from the last auth_success, or null before the first. */
  get permissions(): ConsolePermissions | null {
    return this.#permissions;
  }

  get grant(): ConsoleGrant | null {
    return this.#grant;
  }

  subscribe(listener: ConsoleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#state.kind !== 'idle') return;
    void this.#connect();
  }

  /** Skips the rest of a backoff wait (the "Retry now" button), or tries again after a final failure. */
  retryNow(): void {
    if (this.#state.kind !== 'waiting' && this.#state.kind !== 'failed') return;
    this.#clearRetry();
    if (this.#state.kind === 'failed') this.#attempt = 0;
    void this.#connect();
  }

  /** Sends one console line; false when there is no authenticated socket to send it on. */
  sendCommand(line: string): boolean {
    if (this.#state.kind !== 'live' || !this.#socket) return false;
    this.#socket.send(JSON.stringify({ type: 'command', data: line }));
    return true;
  }

  dispose(): void {
    if (this.#state.kind === 'closed') return;
    this.#generation += 1;
    this.#clearRetry();
    this.#clearSocketTimers();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'closed');
    this.#setState({ kind: 'closed' });
    this.#listeners.clear();
  }

  #emit(event: ConsoleEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.#emit({ type: 'state', state });
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#setState({ kind: 'connecting', route: null, attempt: this.#attempt });
    let grant: ConsoleGrant;
    try {
      grant = await this.#token(false);
    } catch (error) {
      if (generation !== this.#generation) return;
      const { code, message } = describe(error);
      if (FINAL_CODES.has(code)) {
        this.#setState({ kind: 'failed', code, message });
        return;
      }
      this.#scheduleRetry(message);
      return;
    }
    if (generation !== this.#generation) return;
    const remembered = this.#options.routeMemory?.get(grant.consoleUrl) ?? null;
    this.#open(remembered ?? 'direct', grant, false);
  }

  async #token(fresh: boolean): Promise<ConsoleGrant> {
    const cached = this.#grant;
    if (!fresh && cached && Date.parse(cached.expiresAt) - this.#options.now() > TOKEN_MARGIN_MS) return cached;
    const grant = await this.#options.fetchToken();
    this.#grant = grant;
    return grant;
  }

  /** `fellBack`: the node's own port already failed for this attempt. */
  #open(route: ConsoleRoute, grant: ConsoleGrant, fellBack: boolean): void {
    const generation = ++this.#generation;
    this.#clearSocketTimers();
    this.#authenticated = false;
    let heardFromServer = false;
    let backlogSeen = false;
    /** An error frame before auth is why this socket failed: it becomes the retry's reason. */
    let refusal: string | null = null;
    this.#setState({ kind: 'connecting', route, attempt: this.#attempt });
    const current = () => generation === this.#generation;

    const giveUpOnSocket = (reason: string) => {
      if (!current()) return;
      const socket = this.#socket;
      this.#socket = null;
      this.#generation += 1;
      this.#clearSocketTimers();
      socket?.close(4000, 'giving up');
      const wasLive = this.#authenticated;
      this.#authenticated = false;
      // The node's own port did not answer at all: the browser cannot reach it, so try the relay now.
      if (!wasLive && !heardFromServer && route === 'direct' && !fellBack) {
        this.#open('relay', grant, true);
        return;
      }
      // A token that did not get us in is not trusted again.
      if (!wasLive) this.#grant = null;
      if (wasLive && this.#options.now() - this.#liveSince >= this.#options.stableMs) this.#attempt = 0;
      this.#scheduleRetry(reason);
    };

    const handlers: SocketHandlers = {
      open: () => {
        if (!current()) return;
        this.#socket?.send(JSON.stringify({ type: 'auth', token: grant.consoleToken }));
      },
      message: (text) => {
        if (!current()) return;
        heardFromServer = true;
        const frame = parseFrame(text);
        if (!frame) return;
        switch (frame.type) {
          case 'auth_success': {
            const permissions = toPermissions(frame.data, grant);
            this.#permissions = permissions;
            if (!this.#authenticated) {
              this.#authenticated = true;
              this.#liveSince = this.#options.now();
              this.#clearSocketTimers();
              if (fellBack) this.#options.routeMemory?.set(grant.consoleUrl, 'relay');
              this.#setState({ kind: 'live', route });
              // The agent replays the backlog right after auth on its own; asking as well could
              // repeat lines still queued for this viewer, so ask only if none comes.
              this.#later(this.#options.backlogGraceMs, () => {
                if (current() && !backlogSeen) this.#socket?.send(JSON.stringify({ type: 'logs' }));
              });
            }
            this.#emit({ type: 'authenticated', permissions, route, grant: this.#grant ?? grant });
            return;
          }
          case 'backlog':
            backlogSeen = true;
            this.#emit({ type: 'backlog', lines: frame.lines });
            return;
          case 'console':
            this.#emit({ type: 'lines', lines: frame.lines });
            return;
          case 'status':
            this.#emit({ type: 'status', status: frame.status });
            return;
          case 'stats':
            this.#emit({ type: 'stats', stats: frame.stats });
            return;
          case 'throttled':
            this.#emit({ type: 'throttled', dropped: frame.dropped });
            return;
          case 'token_expiring':
          case 'token_expired':
            void this.#reauthenticate(generation);
            return;
          case 'error':
            if (this.#authenticated) this.#emit({ type: 'error', code: frame.code, message: frame.message });
            else refusal = frame.message;
            return;
        }
      },
      close: (code, reason) => {
        if (!current()) return;
        // The controller took this user's access away: reconnecting would only be refused, so say why and stop.
        if (code === CONSOLE_CLOSE.revoked) {
          this.#generation += 1;
          this.#socket = null;
          this.#authenticated = false;
          this.#grant = null;
          this.#clearSocketTimers();
          this.#setState({ kind: 'failed', code: 'ACCESS_REVOKED', message: `your access was revoked (${reason || 'by an admin'})` });
          return;
        }
        giveUpOnSocket(refusal ?? (code === 1006 ? 'the connection dropped' : reason || `the console closed (${code})`));
      },
    };

    this.#later(route === 'direct' && !fellBack ? this.#options.directTimeoutMs : this.#options.authTimeoutMs, () => {
      if (current() && !this.#authenticated) giveUpOnSocket('the console did not answer in time');
    });
    try {
      this.#socket = this.#options.createSocket(route === 'direct' ? grant.consoleUrl : grant.relayUrl, handlers);
    } catch (error) {
      // A malformed URL throws synchronously in browsers; treat it as unreachable.
      this.#socket = null;
      giveUpOnSocket(describe(error).message);
    }
  }

  /** A fresh token on the same socket, before (or right after) the old one runs out. */
  async #reauthenticate(generation: number): Promise<void> {
    if (this.#refreshing) return;
    this.#refreshing = true;
    try {
      const grant = await this.#token(true);
      if (generation === this.#generation) this.#socket?.send(JSON.stringify({ type: 'auth', token: grant.consoleToken }));
    } catch (error) {
      if (generation !== this.#generation) return;
      const { code, message } = describe(error);
      this.#emit({ type: 'error', code, message: `Could not renew console access: ${message}` });
      // Try again shortly; the agent stops the output when the token runs out, not the socket.
      this.#later(5000, () => void this.#reauthenticate(generation));
    } finally {
      this.#refreshing = false;
    }
  }

  #scheduleRetry(reason: string): void {
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#options.random, this.#options.baseDelayMs, this.#options.maxDelayMs);
    this.#setState({ kind: 'waiting', retryAt: this.#options.now() + delay, attempt: this.#attempt, reason });
    this.#retryTimer = this.#options.timers.setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, delay);
  }

  #later(ms: number, run: () => void): void {
    const handle = this.#options.timers.setTimeout(() => {
      this.#socketTimers.delete(handle);
      run();
    }, ms);
    this.#socketTimers.add(handle);
  }

  #clearSocketTimers(): void {
    for (const handle of this.#socketTimers) this.#options.timers.clearTimeout(handle);
    this.#socketTimers.clear();
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) this.#options.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}

type ParsedFrame =
  | { type: 'auth_success'; data: unknown }
  | { type: 'backlog' | 'console'; lines: string[] }
  | { type: 'status'; status: ServerStatus }
  | { type: 'stats'; stats: ServerResources }
  | { type: 'throttled'; dropped: number }
  | { type: 'token_expiring' | 'token_expired' }
  | { type: 'error'; code: string; message: string };

const STATUSES = new Set<string>(['installing', 'install_failed', 'stopped', 'starting', 'running', 'stopping', 'crashed']);

/**
 * Reads one server frame, by hand rather than with the contract's zod schema so the console
 * does not pull zod into the page. Anything unexpected is skipped, never thrown.
 */
export function parseFrame(text: string): ParsedFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  const data = value.data;
  switch (value.type) {
    case 'auth_success':
      return { type: 'auth_success', data };
    case 'console':
      if (typeof data === 'string') return { type: 'console', lines: [data] };
      return isRecord(data) && isStringArray(data.lines) ? { type: 'console', lines: data.lines } : null;
    case 'backlog':
      return isRecord(data) && isStringArray(data.lines) ? { type: 'backlog', lines: data.lines } : null;
    case 'status':
      return typeof data === 'string' && STATUSES.has(data) ? { type: 'status', status: data as ServerStatus } : null;
    case 'stats':
      return isRecord(data) && typeof data.cpu === 'number' && typeof data.memory === 'number' ? { type: 'stats', stats: data as unknown as ServerResources } : null;
    case 'throttled':
      return { type: 'throttled', dropped: isRecord(data) && typeof data.dropped === 'number' ? data.dropped : 0 };
    case 'token_expiring':
    case 'token_expired':
      return { type: value.type };
    case 'error':
      return {
        type: 'error',
        code: isRecord(data) && typeof data.code === 'string' ? data.code : 'ERROR',
        message: isRecord(data) && typeof data.message === 'string' ? data.message : 'The console reported an error',
      };
    default:
      return null;
  }
}

function toPermissions(data: unknown, grant: ConsoleGrant): ConsolePermissions {
  const permissions = isRecord(data) && isRecord(data.permissions) ? data.permissions : {};
  return {
    canRead: typeof permissions.canRead === 'boolean' ? permissions.canRead : grant.permissions.canRead,
    canWrite: typeof permissions.canWrite === 'boolean' ? permissions.canWrite : grant.permissions.canWrite,
    power: isStringArray(permissions.power) ? permissions.power : [],
  };
}

function describe(error: unknown): { code: string; message: string } {
  const record = isRecord(error) ? error : {};
  return {
    code: typeof record.code === 'string' ? record.code : 'ERROR',
    message: error instanceof Error ? error.message : String(error),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
