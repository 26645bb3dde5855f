import {
  AppError,
  CONSOLE_MAX_INBOUND_FRAME,
  ClientConsoleFrameSchema,
  type ClientConsoleFrame,
  type ConsoleTokenClaims,
  type PowerAction,
  type ServerConsoleFrame,
} from '../../contracts/index.ts';
import type { ConsoleViewer } from '../server/console-frames.ts';
import type { ServerManager } from '../server/server-manager.ts';
import { toAgentError } from '../agent-error.ts';
import type { ConsoleTokenVerifier } from './console-token-verifier.ts';

/** What a session needs from the socket (or relay) that carries it. */
export interface ConsoleTransport {
  send(frame: ServerConsoleFrame): void | Promise<void>;
  close(code: number, reason: string): void;
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
  private claims: ConsoleTokenClaims | null = null;
  private expired = false;
  private unsubscribe: (() => void) | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private windowStart = Date.now();
  private framesInWindow = 0;
  private closed = false;
  private readonly viewer: ConsoleViewer;

  constructor(private readonly options: ConsoleSessionOptions) {
    this.viewer = { send: (frame) => options.transport.send(frame), onError: () => this.end(1011, 'viewer failed') };
    this.later(options.authDeadlineMs ?? 5_000, () => {
      if (this.claims) return;
      this.error(new AppError('UNAUTHORIZED', 'Send {"type":"auth","token":"strk_console_…"} first'));
      this.end(4401, 'authentication timeout');
    });
  }

  /** One raw inbound frame. Never throws: every problem becomes an `error` frame. */
  receive(raw: string | Buffer): void {
    if (this.closed || !this.withinRate()) return;
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    if (size > CONSOLE_MAX_INBOUND_FRAME) return this.error(new AppError('PAYLOAD_TOO_LARGE', 'Frames must be under 16 KiB'));
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      return this.error(new AppError('INVALID_JSON', 'Frame is not valid JSON'));
    }
    const parsed = ClientConsoleFrameSchema.safeParse(json);
    if (!parsed.success) return this.error(new AppError('VALIDATION_ERROR', 'Unknown or malformed frame'));
    this.handle(parsed.data).catch((error: unknown) => this.error(error));
  }

  /** Transport -> relay frames arrive already parsed. */
  receiveFrame(frame: ClientConsoleFrame): void {
    if (this.closed || !this.withinRate()) return;
    this.handle(frame).catch((error: unknown) => this.error(error));
  }

  end(code = 1000, reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.options.transport.close(code, reason);
  }

  private async handle(frame: ClientConsoleFrame): Promise<void> {
    if (frame.type === 'auth') return this.authenticate(frame.token);
    if (!this.claims) {
      this.error(new AppError('UNAUTHORIZED', 'Authenticate first'));
      return this.end(4401, 'unauthenticated');
    }
    if (this.expired) throw new AppError('UNAUTHORIZED', 'The console token has expired; send a fresh auth frame');
    const serverId = this.claims.srv;
    switch (frame.type) {
      case 'command':
        this.require('server.console.send', 'send console commands');
        await this.options.manager.get(serverId).sendCommand(frame.data);
        return;
      case 'power':
        this.require(POWER_PERMISSION[frame.data], `${frame.data} this server`);
        await this.options.power(serverId, frame.data);
        return;
      case 'logs':
        this.require('server.console', 'read the console');
        await this.options.transport.send({ type: 'backlog', data: { lines: this.options.manager.get(serverId).console.backlog() } });
        return;
    }
  }

  private authenticate(token: string): void {
    const claims = this.options.verifier.verify(token);
    if (this.options.serverId !== undefined && claims.srv !== this.options.serverId) {
      throw new AppError('FORBIDDEN', 'This console token is for another server');
    }
    if (this.claims && claims.srv !== this.claims.srv) throw new AppError('FORBIDDEN', 'Re-authentication must be for the same server');
    if (!claims.perms.includes('server.console')) throw new AppError('FORBIDDEN', 'This token may not read the console');
    const instance = this.options.manager.get(claims.srv);
    this.claims = claims;
    this.expired = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.scheduleExpiry(claims);
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    void this.options.transport.send({
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
    this.unsubscribe ??= instance.subscribe(this.viewer, { replayBacklog: true });
  }

  private scheduleExpiry(claims: ConsoleTokenClaims): void {
    const msLeft = claims.exp * 1000 - Date.now();
    const noticeMs = msLeft - (this.options.expiringNoticeSeconds ?? 60) * 1000;
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    this.later(Math.max(0, noticeMs), () => void this.options.transport.send({ type: 'token_expiring', data: { expiresAt } }));
    this.later(Math.max(0, msLeft), () => {
      this.expired = true;
      // An expired viewer stops receiving output too, not only stops sending commands.
      this.unsubscribe?.();
      this.unsubscribe = null;
      void this.options.transport.send({ type: 'token_expired' });
    });
  }

  private require(permission: ConsoleTokenClaims['perms'][number], what: string): void {
    if (!this.claims?.perms.includes(permission)) throw new AppError('FORBIDDEN', `This console token may not ${what}`);
  }

  private withinRate(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.framesInWindow = 0;
    }
    this.framesInWindow += 1;
    const limit = this.options.maxFramesPerSecond ?? 20;
    if (this.framesInWindow === limit + 1) this.error(new AppError('RATE_LIMITED', `At most ${limit} frames per second`));
    return this.framesInWindow <= limit;
  }

  private error(error: unknown): void {
    const appError = toAgentError(error, 'handle that frame');
    void this.options.transport.send({ type: 'error', data: { code: appError.code, message: appError.message } });
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
