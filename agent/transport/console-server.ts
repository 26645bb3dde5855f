import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorEnvelope, type ServerConsoleFrame } from '../../contracts/index.ts';
import type { ConsoleSession, ConsoleTransport } from './console-session.ts';

/** Unsent bytes above which a viewer counts as slow: its queue, not the reader, absorbs the wait. */
const HIGH_WATER_BYTES = 256 * 1024;
const LOW_WATER_BYTES = 64 * 1024;
/** ws itself cuts off anything larger; frames between the console cap and this get a polite error. */
const HARD_MAX_PAYLOAD = 64 * 1024;

export interface ConsoleServerOptions {
  host: string;
  port: number;
  createSession: (transport: ConsoleTransport) => ConsoleSession;
}

/** The node's console WebSocket at `ws://<host>:<port>/console`, the seed's endpoint. */
export class ConsoleServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  constructor(private readonly options: ConsoleServerOptions) {
    this.http = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(errorEnvelope('NOT_FOUND', 'Console WebSocket is at /console')));
    });
    this.wss = new WebSocketServer({ server: this.http, path: '/console', maxPayload: HARD_MAX_PAYLOAD });
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', reject);
        const address = this.http.address();
        resolve(typeof address === 'object' && address ? address.port : this.options.port);
      });
    });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session = this.options.createSession({
      send: (frame) => sendWithBackpressure(socket, frame),
      close: (code, reason) => socket.close(code, reason),
    });
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return session.receive(Buffer.from('not json'));
      session.receive(raw as Buffer);
    });
    socket.on('close', () => session.end());
    socket.on('error', () => socket.terminate());
  }
}

/**
 * Sends at once; when the socket already holds too much unsent data, resolves only once it
 * drained, which tells the console pipeline to queue (and drop the oldest) for this viewer.
 */
function sendWithBackpressure(socket: WebSocket, frame: ServerConsoleFrame): void | Promise<void> {
  if (socket.readyState !== socket.OPEN) return;
  socket.send(JSON.stringify(frame));
  if (socket.bufferedAmount < HIGH_WATER_BYTES) return;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (socket.readyState !== socket.OPEN || socket.bufferedAmount < LOW_WATER_BYTES) {
        clearInterval(poll);
        resolve();
      }
    }, 25);
  });
}
