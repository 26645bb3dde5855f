import { z } from 'zod';
import { ErrorBodySchema } from './errors.ts';
import { DockerStatusSchema, HostMetricsSchema, NetworkModesSchema } from './api/nodes.ts';
import { ConfigFileParserSchema, ConfigReplacementSchema, StartupModeSchema, StopActionSchema } from './api/blueprints.ts';
import { PowerActionSchema, RestartPolicySchema, ServerNoticeSchema, ServerPortSchema, ServerResourcesSchema, ServerStatusSchema } from './api/servers.ts';
import { ClientConsoleFrameSchema, ServerConsoleFrameSchema } from './console.ts';

/**
 * Frames between the controller and an agent over the agent link (`/api/v1/agent`, the
 * agent dials out with `Authorization: Bearer strk_node_…`). One discriminated union per
 * direction; anything that fails to parse gets an `error` frame back and is otherwise ignored.
 */

export const AGENT_PROTOCOL_VERSION = 1;
/** Largest frame either side accepts, in bytes. */
export const AGENT_MAX_FRAME = 1024 * 1024;
export const NODE_TOKEN_PREFIX = 'strk_node_';

/** Everything an agent needs to run one server, rendered by the controller from the record and its blueprint. */
export const ServerSpecSchema = z.object({
  id: z.string(),
  image: z.string(),
  startup: z.string().describe('the startup command with every placeholder already filled in'),
  startupMode: StartupModeSchema.default('shell'),
  environment: z.record(z.string(), z.string()),
  dataPath: z.string(),
  memory: z.number().int().describe('MiB'),
  swap: z.number().int().describe('MiB; -1 unlimited, 0 off'),
  cpu: z.number().int().describe('percent of one core'),
  disk: z.number().int().describe('MiB'),
  pids: z.number().int(),
  ports: z.array(ServerPortSchema),
  hostNetwork: z.boolean(),
  bindAddress: z.string().optional().describe('the host IP published ports bind to (bridge mode); absent: every interface'),
  stop: StopActionSchema,
  done: z.array(z.string()),
  startTimeoutSeconds: z.number().int(),
  stopGraceSeconds: z.number().int(),
  install: z.object({ image: z.string(), entrypoint: z.string(), script: z.string(), timeoutSeconds: z.number().int().default(900) }).nullable(),
  restartPolicy: RestartPolicySchema,
  configFiles: z
    .array(z.object({ path: z.string(), parser: ConfigFileParserSchema, replace: z.array(ConfigReplacementSchema) }))
    .default([])
    .describe('files the agent patches before every start, placeholders already filled in'),
  query: z
    .object({ type: z.string(), port: z.number().int().min(1).max(65535) })
    .nullable()
    .default(null)
    .describe("players-online query: a GameDig game id and the game port it goes to on this node's loopback"),
});
export type ServerSpec = z.infer<typeof ServerSpecSchema>;

export const ServerDescriptionSchema = z.object({
  serverId: z.string(),
  status: ServerStatusSchema,
  reason: z.string().nullable(),
  resources: ServerResourcesSchema.nullable(),
});
export type ServerDescription = z.infer<typeof ServerDescriptionSchema>;

// ---- controller → agent requests (each answered by a `response` with the same id) ----

/**
 * Every request the controller sends an agent: its params and its reply. The agent parses
 * params with it (a request it cannot parse gets an `error` frame) and answers with the reply
 * type; the controller checks each reply against it before anyone reads it.
 */
export const AGENT_REQUESTS = {
  /** Hands over a server's spec (creating the server on first sight); answers with where that leads, at once. */
  'server.sync': {
    params: z.object({ spec: ServerSpecSchema, reinstall: z.boolean().default(false) }),
    reply: ServerDescriptionSchema,
  },
  /** Begins a power action; answers with the status it leads to, at once. */
  'server.power': {
    params: z.object({ serverId: z.string(), action: PowerActionSchema }),
    reply: z.object({ status: ServerStatusSchema }),
  },
  /** Removes the server's process, container, files and state; answers when they are gone. */
  'server.delete': {
    params: z.object({ serverId: z.string() }),
    reply: z.null(),
  },
  /** Stops an install under way (the script's container is killed); the server ends install_failed. */
  'server.install.cancel': {
    params: z.object({ serverId: z.string() }),
    reply: z.object({ status: ServerStatusSchema }),
  },
  'server.describe': {
    params: z.object({ serverId: z.string() }),
    reply: ServerDescriptionSchema,
  },
  /**
   * Ends a user's console sessions at once (all of them, or those on one server) and refuses
   * their tokens issued before `issuedBefore` for as long as such tokens can live: sent when
   * a user is suspended or deleted, or loses access to a server. Answers how many it closed.
   */
  'console.revoke': {
    params: z.object({
      userId: z.string().min(1),
      serverId: z.string().min(1).nullable().default(null),
      issuedBefore: z.number().int().describe('Unix seconds: tokens issued before this are refused'),
      reason: z.string().max(100).describe('shown to the user whose console is closed'),
    }),
    reply: z.object({ closed: z.number().int() }),
  },
} as const satisfies Record<string, { params: z.ZodType; reply: z.ZodType }>;

export type AgentMethod = keyof typeof AGENT_REQUESTS;
/** A method's params as the agent reads them (defaults applied), and as the controller sends them. */
export type AgentParams<M extends AgentMethod> = z.output<(typeof AGENT_REQUESTS)[M]['params']>;
export type AgentReply<M extends AgentMethod> = z.output<(typeof AGENT_REQUESTS)[M]['reply']>;

/** One request as it travels: a method of the table with its params. */
export type AgentRequest = { [M in AgentMethod]: { method: M; params: AgentParams<M> } }[AgentMethod];
type AgentRequestInput = { [M in AgentMethod]: { method: M; params: z.input<(typeof AGENT_REQUESTS)[M]['params']> } }[AgentMethod];

/** Answers every method of the table, each with its own reply type. */
export type AgentRequestHandlers = { [M in AgentMethod]: (params: AgentParams<M>) => Promise<AgentReply<M>> };

const requestSchemas = (Object.keys(AGENT_REQUESTS) as AgentMethod[]).map((method) =>
  z.object({ method: z.literal(method), params: AGENT_REQUESTS[method].params }),
);
export const AgentRequestSchema = z.discriminatedUnion('method', requestSchemas as [(typeof requestSchemas)[number], ...typeof requestSchemas]) as z.ZodType<
  AgentRequest,
  AgentRequestInput
>;

const ResponseFields = { id: z.string().min(1).max(64) };

export const ResponseFrameSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), ...ResponseFields, ok: z.literal(true), data: z.unknown() }),
  z.object({ type: z.literal('response'), ...ResponseFields, ok: z.literal(false), error: ErrorBodySchema }),
]);
export type ResponseFrame = z.infer<typeof ResponseFrameSchema>;

export const ErrorFrameSchema = z.object({ type: z.literal('error'), error: ErrorBodySchema });

export const ControllerFrameSchema = z.union([
  z.object({
    type: z.literal('welcome'),
    nodeId: z.string(),
    protocol: z.number().int(),
    heartbeatIntervalSeconds: z.number().int().min(1),
    consolePublicKey: z.string().describe('PEM Ed25519 public key that verifies strk_console_ tokens'),
    hostNetwork: z.boolean(),
    servers: z.array(ServerSpecSchema).describe('every server the controller places on this node'),
  }),
  z.object({
    type: z.literal('request'),
    id: z.string().min(1).max(64),
    timeoutMs: z.number().int().min(1).max(15 * 60_000),
    request: AgentRequestSchema,
  }),
  z.object({ type: z.literal('relay_open'), sessionId: z.string().min(1).max(64), serverId: z.string() }),
  z.object({ type: z.literal('relay_frame'), sessionId: z.string().min(1).max(64), frame: ClientConsoleFrameSchema }),
  z.object({ type: z.literal('relay_close'), sessionId: z.string().min(1).max(64) }),
  ResponseFrameSchema,
  ErrorFrameSchema,
]);
export type ControllerFrame = z.infer<typeof ControllerFrameSchema>;

// ---- agent → controller ----

export const HelloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  agentVersion: z.string().max(50),
  hostname: z.string().max(253),
  platform: z.string().max(50),
  arch: z.string().max(50),
  cpus: z.number().int(),
  memoryTotal: z.number(),
  docker: DockerStatusSchema,
  networkModes: NetworkModesSchema.nullable().default(null).describe('null when Docker could not be asked'),
});
export type Hello = z.infer<typeof HelloSchema>;

export const AgentEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('server_status'), serverId: z.string(), status: ServerStatusSchema, reason: z.string().nullable() }),
  z.object({ event: z.literal('server_resources'), serverId: z.string(), resources: ServerResourcesSchema }),
  z.object({ event: z.literal('server_notice'), serverId: z.string(), notice: ServerNoticeSchema }),
]);
export type AgentEvent = z.infer<typeof AgentEventSchema>;

export const AgentFrameSchema = z.union([
  HelloSchema,
  z.object({ type: z.literal('heartbeat'), metrics: HostMetricsSchema, docker: DockerStatusSchema, networkModes: NetworkModesSchema.nullable().default(null) }),
  z.object({ type: z.literal('event'), payload: AgentEventSchema }),
  z.object({ type: z.literal('relay_frame'), sessionId: z.string().min(1).max(64), frame: ServerConsoleFrameSchema }),
  z.object({
    type: z.literal('relay_closed'),
    sessionId: z.string().min(1).max(64),
    // Why the agent ended it, passed on to the browser (a revoked session says so).
    code: z.number().int().optional(),
    reason: z.string().max(123).optional(),
  }),
  ResponseFrameSchema,
  ErrorFrameSchema,
]);
export type AgentFrame = z.infer<typeof AgentFrameSchema>;
