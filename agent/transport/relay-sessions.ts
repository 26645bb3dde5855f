import type { ClientConsoleFrame, ServerConsoleFrame } from '../../contracts/index.ts';
import type { ConsoleSession, ConsoleTransport } from './console-session.ts';

/**
 * Console sessions opened through the controller relay. Each is an ordinary ConsoleSession
 * whose transport is the agent link, so both doors share one protocol implementation.
 */
export class RelaySessions {
  readonly #sessions = new Map<string, ConsoleSession>();

  readonly #send: (sessionId: string, frame: ServerConsoleFrame) => void | Promise<void>;
  readonly #closed: (sessionId: string, code: number, reason: string) => void;
  readonly #createSession: (transport: ConsoleTransport, serverId: string) => ConsoleSession;

  constructor(
    /** May return a promise while the link is backed up: the session's outbox then holds its output. */
    send: (sessionId: string, frame: ServerConsoleFrame) => void | Promise<void>,
    closed: (sessionId: string, code: number, reason: string) => void,
    createSession: (transport: ConsoleTransport, serverId: string) => ConsoleSession,
  ) {
    this.#send = send;
    this.#closed = closed;
    this.#createSession = createSession;
  }

  open(sessionId: string, serverId: string): void {
    this.#sessions.get(sessionId)?.end();
    const session = this.#createSession({
      send: (frame) => this.#send(sessionId, frame),
      close: (code, reason) => {
        if (this.#sessions.delete(sessionId)) this.#closed(sessionId, code, reason);
      },
    }, serverId);
    this.#sessions.set(sessionId, session);
  }

  frame(sessionId: string, frame: ClientConsoleFrame): void {
    this.#sessions.get(sessionId)?.receiveFrame(frame);
  }

  close(sessionId: string): void {
    const session = this.#sessions.get(sessionId);
    this.#sessions.delete(sessionId);
    session?.end();
  }

  /** The link dropped: the controller side is gone, so every relayed session ends quietly. */
  closeAll(): void {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    for (const session of sessions) session.end();
  }
}
