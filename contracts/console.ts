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
/** Longest console command line accepted. */
export const CONSOLE_MAX_COMMAND_LENGTH = 4096;

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
