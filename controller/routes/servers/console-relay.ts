import type { FastifyPluginAsync } from 'fastify';
import {
  AppError,
  CONSOLE_CLOSE,
  CONSOLE_OUTBOX_LIMITS,
  CONSOLE_RELAY_SOCKET_WATERMARKS,
  type ClientConsoleFrame,
} from '../../../contracts/index.ts';
import { backpressuredSender } from '../../../contracts/backpressured-sender.ts';
import { ConsoleFrameGuard } from '../../../contracts/console-frame-guard.ts';
import { ConsoleOutbox } from '../../../contracts/console-outbox.ts';
import type { RelayHandle } from '../../agents/agent-hub.ts';

/**
 * The console relay at /api/v1/servers/:id/console: for clients that cannot reach the node's
 * console port (TLS, NAT, firewalls). The token in the first frame is checked by the agent,
 * exactly as on the node's own port; the relay guards its socket by the same rules and feeds
 * a slow browser through the same outbox as the agent feeds its viewers.
 */
export const consoleRelayRoute: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string } }>('/servers/:id/console', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const serverId = request.params.id;
    let relay: RelayHandle | null = null;
    const outbox = new ConsoleOutbox({
      capacityBytes: CONSOLE_OUTBOX_LIMITS.viewerQueueBytes,
      batchMaxLines: CONSOLE_OUTBOX_LIMITS.batchMaxLines,
      batchMaxChars: CONSOLE_OUTBOX_LIMITS.batchMaxChars,
      send: backpressuredSender(socket, CONSOLE_RELAY_SOCKET_WATERMARKS),
      onFailure: () => guard.close(CONSOLE_CLOSE.failed, 'viewer failed'),
    });
    const sendError = (error: AppError) => outbox.push({ type: 'error', data: { code: error.code, message: error.message } });
    const guard = new ConsoleFrameGuard({
      refuse: sendError,
      close: (code, reason) => {
        outbox.close();
        relay?.close();
        relay = null;
        socket.close(code, reason);
      },
    });

    function open(frame: ClientConsoleFrame): RelayHandle {
      const server = app.servers.findById(serverId);
      if (!server) throw new AppError('NOT_FOUND', 'Server not found');
      const opened = app.agents.openRelay(server.nodeId, server.id, {
        deliver: (out) => outbox.push(out),
        ended: (reason, revoked) => {
          relay = null;
          if (reason === 'node_offline') sendError(new AppError('NODE_OFFLINE', 'The node went offline'));
          if (revoked) guard.close(CONSOLE_CLOSE.revoked, revoked.reason);
          else guard.close(CONSOLE_CLOSE.failed, reason);
        },
      });
      opened.send(frame);
      return opened;
    }

    socket.on('message', (raw, isBinary) => {
      const frame = guard.admitRaw(raw as Buffer, isBinary);
      if (!frame) return;
      if (relay) return relay.send(frame);
      // The guard lets only `auth` through until the relay is open; the agent checks the token.
      try {
        relay = open(frame);
        guard.authenticated();
      } catch (error) {
        sendError(error instanceof AppError ? error : new AppError('INTERNAL_ERROR', 'Could not open the console'));
        guard.close(CONSOLE_CLOSE.failed, 'relay failed');
      }
    });

    socket.on('close', () => guard.close());
  });
};
