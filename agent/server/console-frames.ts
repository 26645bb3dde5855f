import type { ServerConsoleFrame } from '../../contracts/index.ts';

/** Frames the console pipeline fans out besides console lines. */
export type ConsoleControlFrame = Extract<ServerConsoleFrame, { type: 'status' | 'stats' | 'backlog' }>;

/**
 * Someone watching a server's console: a console WebSocket, a relay session, a test.
 * `send` may return a promise to say "I am full, wait": a socket whose bufferedAmount is over
 * its high-water mark returns one that resolves once it drained. Until it resolves that
 * viewer's output waits in its outbox (bounded in bytes; past the bound its oldest lines are
 * dropped and it is told with `throttled`); nobody else waits.
 */
export interface ConsoleViewer {
  send(frame: ServerConsoleFrame): void | Promise<void>;
  /** Called when the pipeline drops this viewer because `send` threw or rejected. */
  onError?(error: unknown): void;
}
