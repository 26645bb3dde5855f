import { CONSOLE_DRAIN_POLL_MS, type ServerConsoleFrame } from './console.ts';

/** What a sender needs of a WebSocket (ws's or a browser's). */
export interface BufferedSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
}

export interface SocketWatermarks {
  /** Unsent bytes from which the socket counts as full. */
  highBytes: number;
  /** Unsent bytes below which it takes frames again. */
  lowBytes: number;
}

/** WebSocket.OPEN, the same in ws and in browsers. */
const OPEN = 1;

/**
 * A ConsoleOutbox `send` for a socket: sends at once; when the socket then holds too much
 * unsent data, resolves only once it has drained below the low-water mark (or closed), which
 * tells the outbox to queue — and drop the oldest lines — for this viewer alone.
 */
export function backpressuredSender<Frame = ServerConsoleFrame>(
  socket: BufferedSocket,
  watermarks: SocketWatermarks,
  pollMs = CONSOLE_DRAIN_POLL_MS,
): (frame: Frame) => void | Promise<void> {
  return (frame) => {
    if (socket.readyState !== OPEN) return;
    socket.send(JSON.stringify(frame));
    if (socket.bufferedAmount < watermarks.highBytes) return;
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        if (socket.readyState !== OPEN || socket.bufferedAmount < watermarks.lowBytes) {
          clearInterval(poll);
          resolve();
        }
      }, pollMs);
    });
  };
}
