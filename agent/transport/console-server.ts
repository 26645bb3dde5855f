import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONSOLE_NODE_SOCKET_WATERMARKS, CONSOLE_SOCKET_MAX_PAYLOAD, errorEnvelope } from '../../contracts/index.ts';
import { backpressuredSender } from '../../contracts/backpressured-sender.ts';
import type { ConsoleSession, ConsoleTransport } from './console-session.ts';

export interface ConsoleServerOptions {
  host: string;
  port: number;
  createSession: (transport: ConsoleTransport) => ConsoleSession;
}

/** The node's console WebSocket at `ws://<host>:<port>/console`, the seed's endpoint. */
export class ConsoleServer {
  readonly #http: Server;
  readonly #wss: WebSocketServer;

  readonly #options: ConsoleServerOptions;

  constructor(options: ConsoleServerOptions) {
    this.#options = options;
    this.#http = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(errorEnvelope('NOT_FOUND', 'Console WebSocket is at /console')));
    });
    this.#wss = new WebSocketServer({ server: this.#http, path: '/console', maxPayload: CONSOLE_SOCKET_MAX_PAYLOAD });
    this.#wss.on('connection', (socket) => this.#accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(this.#options.port, this.#options.host, () => {
        this.#http.off('error', reject);
        const address = this.#http.address();
        resolve(typeof address === 'object' && address ? address.port : this.#options.port);
      });
    });
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    const session = this.#options.createSession({
      send: backpressuredSender(socket, CONSOLE_NODE_SOCKET_WATERMARKS),
      close: (code, reason) => socket.close(code, reason),
    });
    socket.on('message', (raw, isBinary) => session.receive(raw as Buffer, isBinary));
    socket.on('close', () => session.end());
    socket.on('error', () => socket.terminate());
  }
}
