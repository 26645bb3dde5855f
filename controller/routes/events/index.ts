import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EVENTS_KEEPALIVE_MS, EVENTS_RESOURCES_INTERVAL_MS, EventFrameSchema, errorEnvelope, type AppError } from '../../../contracts/index.ts';
import { toAppError } from '../../plugins/error-handler.ts';

const DESCRIPTION = `Server-Sent Events (\`text/event-stream\`), for UIs: subscribe once instead of polling.
Opening the stream counts as one request against the rate limit; nothing after that does.

Each message is one unnamed \`data:\` line holding a JSON frame \`{type, data}\`:
- \`snapshot\` — always first: \`{servers, nodes, nodeStats}\`, everything the caller may see (nodes and their latest samples only for admins).
- \`server\` — a server was created or changed (status included): the whole record, as \`GET /servers/:id\` shows it.
- \`server_deleted\` — \`{id}\`: the server is gone, or no longer visible to the caller (its owner changed).
- \`resources\` — \`{serverId: sample | null}\`: the latest sample of each server that reported since the last
  frame, at most one frame every ${EVENTS_RESOURCES_INTERVAL_MS} ms; null when a server stopped reporting.
- \`node\`, \`node_deleted\`, \`node_stats\` — admins only: a node registered or changed (its agent connected or
  dropped included), removed, or reported a host sample.
- \`signed_out\` — \`{reason}\`: the session or API key was revoked or expired, or the account suspended or
  deleted; the stream ends after it. Reasons: account_deleted, account_suspended, session_revoked,
  session_expired, api_key_revoked, api_key_expired.

A \`: keepalive\` comment comes every ${EVENTS_KEEPALIVE_MS / 1000} s, and \`retry: 3000\` once at the start. A stream
that ends without \`signed_out\` (controller shutdown, the caller's role changed, a reader too slow to keep up)
should be reopened: the new snapshot replaces everything. A slow reader misses \`resources\` and
\`node_stats\` frames while its connection is backed up; the next ones replace them.`;

/** `GET /api/v1/events`: the live event stream (contracts/api/events.ts), served by the event bus. */
export const eventsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/events', {
    onRequest: app.requireUser,
    // HEAD would subscribe a stream that can never carry a frame.
    exposeHeadRoute: false,
    schema: {
      tags: ['events'],
      summary: 'Live event stream (Server-Sent Events): a snapshot, then every change the caller may see',
      description: DESCRIPTION,
      response: {
        200: {
          description: 'An endless stream of `data:` lines, each one frame of this shape',
          content: { 'text/event-stream': { schema: EventFrameSchema } },
        },
      },
    },
  }, (request, reply) => {
    // The rate limiter's headers are on the reply; a hijacked reply never sends them itself.
    const headers = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([name]) => name.toLowerCase().startsWith('x-ratelimit-')));
    reply.hijack();
    try {
      app.eventBus.subscribe(request.identity!, reply.raw, headers);
    } catch (error) {
      refuse(reply.raw, toAppError(error as Error, request), headers);
    }
  });
};

/** The envelope a normal reply would have sent, written by hand since the reply is hijacked. */
function refuse(response: ServerResponse, error: AppError, headers: OutgoingHttpHeaders): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(error.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(errorEnvelope(error.code, error.message, error.details)));
}
