import type { FastifyPluginAsync } from 'fastify';
import {
  AppError,
  CONSOLE_MAX_INBOUND_FRAME,
  ClientConsoleFrameSchema,
  type ClientConsoleFrame,
} from '../../../contracts/index.ts';
import type { RelayHandle } from '../../agents/agent-hub.ts';
import { RelayOutbox } from './relay-outbox.ts';

/** A socket must send its auth frame this soon after connecting. */
const AUTH_DEADLINE_MS = 5_000;
/** Inbound frames per second per socket before frames are refused. */
const MAX_FRAMES_PER_SECOND = 20;
/**
 * The console relay at /api/v1/servers/:id/console: for clients that cannot reach the node's
 * console port (TLS, NAT, firewalls). The token in the first frame is checked by the agent,
 * exactly as on the node's own port; the relay only carries frames and guards the link.
 */
export const consoleRelayRoute: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>('/servers/:id/console', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const serverId = request.params.id;
    let relay: RelayHandle | null = null;
    const outbox = new RelayOutbox(socket);
    let windowStart = Date.now();
    let framesInWindow = 0;

    const authTimer = setTimeout(() => {
      outbox.error(new AppError('UNAUTHORIZED', 'Send {"type":"auth","token":"strk_console_…"} first'));
      socket.close(4401, 'authentication timeout');
    }, AUTH_DEADLINE_MS);

    function open(frame: ClientConsoleFrame): void {
      const server = app.servers.findById(serverId);
      if (!server) throw new AppError('NOT_FOUND', 'Server not found');
      relay = app.agents.openRelay(server.nodeId, server.id, {
        deliver: (out) => outbox.send(out),
        ended: (reason) => {
          relay = null;
          if (reason === 'node_offline') outbox.error(new AppError('NODE_OFFLINE', 'The node went offline'));
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
        if (framesInWindow === MAX_FRAMES_PER_SECOND + 1) outbox.error(new AppError('RATE_LIMITED', `At most ${MAX_FRAMES_PER_SECOND} frames per second`));
        return;
      }
      const bytes = raw as Buffer;
      if (isBinary || bytes.length > CONSOLE_MAX_INBOUND_FRAME) return outbox.error(new AppError('PAYLOAD_TOO_LARGE', 'Frames must be JSON text under 16 KiB'));
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        return outbox.error(new AppError('INVALID_JSON', 'Frame is not valid JSON'));
      }
      const parsed = ClientConsoleFrameSchema.safeParse(json);
      if (!parsed.success) return outbox.error(new AppError('VALIDATION_ERROR', 'Unknown or malformed frame'));
      if (relay) return relay.send(parsed.data);
      if (parsed.data.type !== 'auth') {
        outbox.error(new AppError('UNAUTHORIZED', 'Authenticate first'));
        return socket.close(4401, 'unauthenticated');
      }
      try {
        open(parsed.data);
      } catch (error) {
        outbox.error(error instanceof AppError ? error : new AppError('INTERNAL_ERROR', 'Could not open the console'));
        socket.close(1011, 'relay failed');
      }
    });

    socket.on('close', () => {
      clearTimeout(authTimer);
      outbox.close();
      relay?.close();
      relay = null;
    });
  });
};
