import {
  AppError,
  CONSOLE_CLOSE,
  CONSOLE_TOKEN_EXPIRING_NOTICE_SECONDS,
  type ClientConsoleFrame,
  type ConsoleCloseCode,
  type ConsoleTokenClaims,
  type PowerAction,
  type ServerConsoleFrame,
} from '../../contracts/index.ts';
import { ConsoleFrameGuard } from '../../contracts/console-frame-guard.ts';
import type { ConsoleViewer } from '../server/console-frames.ts';
import type { ServerManager } from '../server/server-manager.ts';
import { toAgentError } from '../agent-error.ts';
import type { ConsoleAccess } from './console-access.ts';
import type { ConsoleTokenVerifier } from './console-token-verifier.ts';

/** What a session needs from the socket (or relay) that carries it. */
export interface ConsoleTransport {
  send(frame: ServerConsoleFrame): void | Promise<void>;
  close(code: ConsoleCloseCode, reason: string): void;
}

export interface ConsoleSessionOptions {
  verifier: ConsoleTokenVerifier;
  manager: ServerManager;
  transport: ConsoleTransport;
  /** Set for relayed sessions: the server the relay was opened for; a token for another server is refused. */
  serverId?: string;
  authDeadlineMs?: number;
  /** Seconds before expiry at which `token_expiring` is sent. */
  expiringNoticeSeconds?: number;
  maxFramesPerSecond?: number;
  power: (serverId: string, action: PowerAction) => Promise<unknown>;
  /** The node's live sessions and revocations: this session is closable by the controller through it. */
  access?: ConsoleAccess;
}

const POWER_PERMISSION: Record<PowerAction, ConsoleTokenClaims['perms'][number]> = {
  start: 'server.start',
  stop: 'server.stop',
  restart: 'server.restart',
  kill: 'server.kill',
};

/**
 * One console client, on the node's own port or through the controller relay: the protocol
 * of ARCHITECTURE.md. The first frame must be `auth`; a token's permissions gate every
 * command; at expiry the session stops streaming and refuses everything until a fresh auth.
 */
export class ConsoleSession {
  #claims: ConsoleTokenClaims | null = null;
  #expired = false;
  #unsubscribe: (() => void) | null = null;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #guard: ConsoleFrameGuard;
  readonly #viewer: ConsoleViewer;
  readonly #untrack: () => void;

  readonly #options: ConsoleSessionOptions;

  constructor(options: ConsoleSessionOptions) {
    this.#options = options;
    this.#untrack = options.access?.track(this) ?? (() => {});
    this.#viewer = { send: (frame) => options.transport.send(frame), onError: () => this.end(CONSOLE_CLOSE.failed, 'viewer failed') };
    this.#guard = new ConsoleFrameGuard({
      refuse: (error) => this.#error(error),
      close: (code, reason) => this.#closed(code, reason),
      authDeadlineMs: options.authDeadlineMs,
      maxFramesPerSecond: options.maxFramesPerSecond,
    });
  }

  /** One raw inbound frame. Never throws: every problem becomes an `error` frame. */
  receive(raw: string | Uint8Array, isBinary = false): void {
    const frame = this.#guard.admitRaw(raw, isBinary);
    if (frame) this.#handle(frame).catch((error: unknown) => this.#error(error));
  }

  /** Transport -> relay frames arrive already parsed. */
  receiveFrame(frame: ClientConsoleFrame): void {
    const admitted = this.#guard.admit(frame);
    if (admitted) this.#handle(admitted).catch((error: unknown) => this.#error(error));
  }

  /** The claims of the token this session is authenticated with; null before auth. */
  get claims(): ConsoleTokenClaims | null {
    return this.#claims;
  }

  end(code: ConsoleCloseCode = CONSOLE_CLOSE.normal, reason = 'closed'): void {
    this.#guard.close(code, reason);
  }

  /** The guard closed the session, on its own rules or through end(): once. */
  #closed(code: ConsoleCloseCode, reason: string): void {
    this.#untrack();
    this.#unsubscribe?.();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#options.transport.close(code, reason);
  }

  async #handle(frame: ClientConsoleFrame): Promise<void> {
    if (frame.type === 'auth') return this.#authenticate(frame.token);
    // Only an authenticated session gets other frames past the guard.
    if (!this.#claims) return;
    if (this.#expired) throw new AppError('UNAUTHORIZED', 'The console token has expired; send a fresh auth frame');
    const serverId = this.#claims.srv;
    switch (frame.type) {
      case 'command':
        this.#require('server.console.send', 'send console commands');
        await this.#options.manager.get(serverId).sendCommand(frame.data);
        return;
      case 'power':
        this.#require(POWER_PERMISSION[frame.data], `${frame.data} this server`);
        await this.#options.power(serverId, frame.data);
        return;
      case 'logs':
        this.#require('server.console', 'read the console');
        await this.#options.transport.send({ type: 'backlog', data: { lines: this.#options.manager.get(serverId).console.backlog() } });
        return;
    }
  }

  #authenticate(token: string): void {
    const claims = this.#options.verifier.verify(token);
    const revoked = this.#options.access?.revokedReason(claims);
    if (revoked) throw new AppError('FORBIDDEN', `Console access was revoked: ${revoked}`);
    if (this.#options.serverId !== undefined && claims.srv !== this.#options.serverId) {
      throw new AppError('FORBIDDEN', 'This console token is for another server');
    }
    if (this.#claims && claims.srv !== this.#claims.srv) throw new AppError('FORBIDDEN', 'Re-authentication must be for the same server');
    if (!claims.perms.includes('server.console')) throw new AppError('FORBIDDEN', 'This token may not read the console');
    const instance = this.#options.manager.get(claims.srv);
    this.#claims = claims;
    this.#expired = false;
    this.#guard.authenticated();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#scheduleExpiry(claims);
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    void this.#options.transport.send({
      type: 'auth_success',
      data: {
        serverId: claims.srv,
        permissions: {
          canRead: true,
          canWrite: claims.perms.includes('server.console.send'),
          power: (Object.keys(POWER_PERMISSION) as PowerAction[]).filter((a) => claims.perms.includes(POWER_PERMISSION[a])),
        },
        expiresAt,
      },
    });
    // Subscribing after auth_success keeps the order a client expects: auth, status, backlog, live lines —
    // the pipeline takes the backlog at the moment of subscribing, so nothing is lost or repeated.
    this.#unsubscribe ??= instance.subscribe(this.#viewer, { replayBacklog: true });
  }

  #scheduleExpiry(claims: ConsoleTokenClaims): void {
    const msLeft = claims.exp * 1000 - Date.now();
    const noticeMs = msLeft - (this.#options.expiringNoticeSeconds ?? CONSOLE_TOKEN_EXPIRING_NOTICE_SECONDS) * 1000;
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    this.#later(Math.max(0, noticeMs), () => void this.#options.transport.send({ type: 'token_expiring', data: { expiresAt } }));
    this.#later(Math.max(0, msLeft), () => {
      this.#expired = true;
      // An expired viewer stops receiving output too, not only stops sending commands.
      this.#unsubscribe?.();
      this.#unsubscribe = null;
      void this.#options.transport.send({ type: 'token_expired' });
    });
  }

  #require(permission: ConsoleTokenClaims['perms'][number], what: string): void {
    if (!this.#claims?.perms.includes(permission)) throw new AppError('FORBIDDEN', `This console token may not ${what}`);
  }

  #error(error: unknown): void {
    const appError = toAgentError(error, 'handle that frame');
    void this.#options.transport.send({ type: 'error', data: { code: appError.code, message: appError.message } });
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }
}
