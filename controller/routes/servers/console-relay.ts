import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import {
  AppError,
  CONSOLE_MAX_INBOUND_FRAME,
  ClientConsoleFrameSchema,
  type ClientConsoleFrame,
  type ServerConsoleFrame,
} from '../../../contracts/index.ts';
import type { RelayHandle } from '../../agents/agent-hub.ts';

/** A socket must send its auth frame this soon after connecting. */
const AUTH_DEADLINE_MS = 5_000;
/** Inbound frames per second per socket before frames are refused. */
const MAX_FRAMES_PER_SECOND = 20;
/** Output beyond this much unsent data to a slow browser is dropped rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function sendFrame(socket: WebSocket, frame: ServerConsoleFrame): void {
  if (socket.readyState !== socket.OPEN) return;
  if (frame.type === 'console' && socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
  socket.send(JSON.stringify(frame));
}

function sendError(socket: WebSocket, error: AppError): void {
  sendFrame(socket, { type: 'error', data: { code: error.code, message: error.message } });
}

/**
 * The console relay at /api/v1/servers/:id/console: for clients that cannot reach the node's
 * console port (TLS, NAT, firewalls). The token in the first frame is checked by the agent,
 * exactly as on the node's own port; the relay only carries frames and guards the link.
 */
export const consoleRelayRoute: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>('/servers/:id/console', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const serverId = request.params.id;
    let relay: RelayHandle | null = null;
    let windowStart = Date.now();
    let framesInWindow = 0;

    const authTimer = setTimeout(() => {
      sendError(socket, new AppError('UNAUTHORIZED', 'Send {"type":"auth","token":"strk_console_…"} first'));
      socket.close(4401, 'authentication timeout');
    }, AUTH_DEADLINE_MS);

    function open(frame: ClientConsoleFrame): void {
      const server = app.servers.findById(serverId);
      if (!server) throw new AppError('NOT_FOUND', 'Server not found');
      relay = app.agents.openRelay(server.nodeId, server.id, {
        deliver: (out) => sendFrame(socket, out),
        ended: (reason) => {
          relay = null;
          if (reason === 'node_offline') sendError(socket, new AppError('NODE_OFFLINE', 'The node went offline'));
          socket.close(1011, reason);
        },
      });
      clearTimeout(authTimer);
      relay.send(frame);
    }

    socket.on('message', (raw, isBinary) => {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        framesInWindow = 0;
      }
      framesInWindow += 1;
      if (framesInWindow > MAX_FRAMES_PER_SECOND) {
        if (framesInWindow === MAX_FRAMES_PER_SECOND + 1) sendError(socket, new AppError('RATE_LIMITED', `At most ${MAX_FRAMES_PER_SECOND} frames per second`));
        return;
      }
      const bytes = raw as Buffer;
      if (isBinary || bytes.length > CONSOLE_MAX_INBOUND_FRAME) return sendError(socket, new AppError('PAYLOAD_TOO_LARGE', 'Frames must be JSON text under 16 KiB'));
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        return sendError(socket, new AppError('INVALID_JSON', 'Frame is not valid JSON'));
      }
      const parsed = ClientConsoleFrameSchema.safeParse(json);
      if (!parsed.success) return sendError(socket, new AppError('VALIDATION_ERROR', 'Unknown or malformed frame'));
      if (relay) return relay.send(parsed.data);
      if (parsed.data.type !== 'auth') {
        sendError(socket, new AppError('UNAUTHORIZED', 'Authenticate first'));
        return socket.close(4401, 'unauthenticated');
      }
      try {
        open(parsed.data);
      } catch (error) {
        sendError(socket, error instanceof AppError ? error : new AppError('INTERNAL_ERROR', 'Could not open the console'));
        socket.close(1011, 'relay failed');
      }
    });

    socket.on('close', () => {
      clearTimeout(authTimer);
      relay?.close();
      relay = null;
    });
  });
};
