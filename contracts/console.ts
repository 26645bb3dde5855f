import { z } from 'zod';
import { ErrorBodySchema } from './errors.ts';
import { PowerActionSchema, ServerResourcesSchema, ServerStatusSchema } from './api/servers.ts';

/**
 * The console protocol, spoken by the agent at `:<consolePort>/console` and by the controller
 * relay at `/api/v1/servers/:id/console`. Every frame is JSON `{type, data?}` as in the seed.
 */

/** Permission names carried inside a console token (the field notes' vocabulary). */
export const ConsolePermissionSchema = z.enum([
  'server.console',
  'server.console.send',
  'server.start',
  'server.stop',
  'server.restart',
  'server.kill',
]);
export type ConsolePermission = z.infer<typeof ConsolePermissionSchema>;

/** Largest inbound frame a console socket accepts, in bytes. */
export const CONSOLE_MAX_INBOUND_FRAME = 16 * 1024;
/** The WebSocket layer cuts off anything larger; frames between CONSOLE_MAX_INBOUND_FRAME and this get a polite error. */
export const CONSOLE_SOCKET_MAX_PAYLOAD = 64 * 1024;
/** Longest console command line accepted. */
export const CONSOLE_MAX_COMMAND_LENGTH = 4096;
/** A socket must authenticate this soon after connecting, or it gets an error and is closed. */
export const CONSOLE_AUTH_DEADLINE_MS = 5_000;
/** Inbound frames per second per socket; the rest of the second's frames are refused. */
export const CONSOLE_MAX_FRAMES_PER_SECOND = 20;
/** `token_expiring` goes out this long before the token expires. */
export const CONSOLE_TOKEN_EXPIRING_NOTICE_SECONDS = 60;

/** Close codes of a console socket, the same on both doors. */
export const CONSOLE_CLOSE = {
  normal: 1000,
  /** The viewer's socket failed, or the relay lost its session on the agent. */
  failed: 1011,
  /** No auth in time, or something other than auth before it: 401 in the 4000s kept for applications. */
  unauthenticated: 4401,
  /** The user's access was taken away (suspended, deleted, no longer allowed on the server); the reason says which. */
  revoked: 4403,
} as const;
export type ConsoleCloseCode = (typeof CONSOLE_CLOSE)[keyof typeof CONSOLE_CLOSE];

/**
 * Console output flow control (ConsoleOutbox), the same on both doors. There is no cap on
 * lines per second: a fast, finite burst reaches every viewer that keeps up, whole. A viewer
 * whose socket is full has its output wait in its outbox, bounded by bytes — per viewer, and
 * per server across all its viewers (each gets an equal share once they would exceed it), so
 * neither one stuck viewer nor many of them can grow the agent without bound. Only past that
 * bound are the viewer's oldest lines dropped, and it gets one `throttled { dropped }` notice
 * where the gap is. Lines are batched into `{ lines: [...] }` frames; the characters keep a
 * batch far below the 1 MiB agent-link frame even with long lines. The backlog and done
 * detection see every line whatever happens to viewers.
 */
export const CONSOLE_OUTBOX_LIMITS = {
  viewerQueueBytes: 8 * 1024 * 1024,
  serverQueueBytes: 32 * 1024 * 1024,
  batchMaxLines: 1000,
  batchMaxChars: 256 * 1024,
} as const;

/**
 * Unsent bytes on a socket above which its viewer counts as slow (its outbox, not the
 * reader, absorbs the wait) and below which it is fed again. The relay's browser hop gets
 * more room: it sits behind the agent link, whose bursts arrive already batched.
 */
export const CONSOLE_NODE_SOCKET_WATERMARKS = { highBytes: 256 * 1024, lowBytes: 64 * 1024 } as const;
export const CONSOLE_RELAY_SOCKET_WATERMARKS = { highBytes: 1024 * 1024, lowBytes: 256 * 1024 } as const;
/**
 * The agent link, seen from the agent: relayed console frames share it with requests and
 * heartbeats, so above this much unsent data the relay sessions' outboxes hold their output
 * (and, past their bound, drop it) instead of the link's buffer growing without limit.
 */
export const CONSOLE_LINK_WATERMARKS = { highBytes: 1024 * 1024, lowBytes: 256 * 1024 } as const;
/** How often a backed-up socket is checked for having drained. */
export const CONSOLE_DRAIN_POLL_MS = 25;

export const ClientConsoleFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(8192) }),
  z.object({ type: z.literal('command'), data: z.string().max(CONSOLE_MAX_COMMAND_LENGTH) }),
  z.object({ type: z.literal('power'), data: PowerActionSchema }),
  z.object({ type: z.literal('logs') }),
]);
export type ClientConsoleFrame = z.infer<typeof ClientConsoleFrameSchema>;

export const AuthSuccessDataSchema = z.object({
  serverId: z.string(),
  permissions: z.object({ canRead: z.boolean(), canWrite: z.boolean(), power: z.array(PowerActionSchema) }),
  expiresAt: z.string(),
});

export const ServerConsoleFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth_success'), data: AuthSuccessDataSchema }),
  z.object({ type: z.literal('console'), data: z.union([z.string(), z.object({ lines: z.array(z.string()) })]) }),
  z.object({ type: z.literal('backlog'), data: z.object({ lines: z.array(z.string()) }) }),
  z.object({ type: z.literal('status'), data: ServerStatusSchema }),
  z.object({ type: z.literal('stats'), data: ServerResourcesSchema }),
  z.object({ type: z.literal('token_expiring'), data: z.object({ expiresAt: z.string() }) }),
  z.object({ type: z.literal('token_expired') }),
  z.object({ type: z.literal('throttled'), data: z.object({ dropped: z.number().int() }) }),
  z.object({ type: z.literal('error'), data: ErrorBodySchema.pick({ code: true, message: true }) }),
]);
export type ServerConsoleFrame = z.infer<typeof ServerConsoleFrameSchema>;

/**
 * Claims inside a `strk_console_<payload>.<signature>` token. The controller signs them with
 * its Ed25519 key; agents verify with the public key they receive on connect, without
 * calling home. `aud` is the node: a token for one node is refused by every other.
 */
export const ConsoleTokenClaimsSchema = z.object({
  iss: z.literal('stellarstack-controller'),
  sub: z.string().describe('user id'),
  aud: z.string().describe('node id'),
  srv: z.string().describe('server id'),
  perms: z.array(ConsolePermissionSchema),
  iat: z.number().int().describe('Unix seconds'),
  exp: z.number().int().describe('Unix seconds'),
  jti: z.string(),
});
export type ConsoleTokenClaims = z.infer<typeof ConsoleTokenClaimsSchema>;

export const CONSOLE_TOKEN_PREFIX = 'strk_console_';
export const CONSOLE_TOKEN_TTL_SECONDS = 300;
