import { z } from 'zod';
import { NodeSchema, NodeStatsSchema } from './nodes.ts';
import { ServerNoticeSchema, ServerResourcesSchema, ServerSchema } from './servers.ts';

/**
 * The live event stream at `GET /api/v1/events` (Server-Sent Events). Each SSE message is one
 * unnamed `data:` line holding a JSON frame `{type, data}`, the same shape as every other frame
 * in the project, so a client needs one `onmessage` handler and one parse.
 *
 * The first frame is always `snapshot`: everything the caller may see, so a UI needs no list
 * requests of its own. After it come changes, filtered per user exactly as the REST routes
 * filter them: users see their own servers, admins every server and every node.
 */

/** How often resource samples are gathered into one `resources` frame. */
export const EVENTS_RESOURCES_INTERVAL_MS = 1000;
/** How often a comment line keeps idle proxies from closing the stream. */
export const EVENTS_KEEPALIVE_MS = 25_000;

const IdOnlySchema = z.object({ id: z.string() });

export const EventSnapshotSchema = z.object({
  servers: z.array(ServerSchema),
  /** Empty for non-admins: nodes are an admin resource. */
  nodes: z.array(NodeSchema),
  /** The latest host sample of each node that has one, so health shows before the next heartbeat (admins only). */
  nodeStats: z.array(NodeStatsSchema),
});
export type EventSnapshot = z.infer<typeof EventSnapshotSchema>;

export const EventFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), data: EventSnapshotSchema }),
  /** A server was created or any of its fields (status included) changed: the whole record. */
  z.object({ type: z.literal('server'), data: ServerSchema }),
  z.object({ type: z.literal('server_deleted'), data: IdOnlySchema }),
  /** The latest sample per server since the last frame; null when a server stopped reporting. */
  z.object({ type: z.literal('resources'), data: z.record(z.string(), ServerResourcesSchema.nullable()) }),
  /** Progress of a server's image pull or install, or a warning about it (disk filling up). */
  z.object({ type: z.literal('server_notice'), data: ServerNoticeSchema.extend({ serverId: z.string(), at: z.string() }) }),
  /** A node was registered or changed, or its agent connected or dropped (admins only). */
  z.object({ type: z.literal('node'), data: NodeSchema }),
  z.object({ type: z.literal('node_deleted'), data: IdOnlySchema }),
  /** A node's agent reported a host sample (admins only). */
  z.object({ type: z.literal('node_stats'), data: NodeStatsSchema }),
  /** The credential behind the stream was revoked, expired or suspended; the stream ends after this. */
  z.object({ type: z.literal('signed_out'), data: z.object({ reason: z.string() }) }),
]);
export type EventFrame = z.infer<typeof EventFrameSchema>;
export type EventFrameType = EventFrame['type'];
