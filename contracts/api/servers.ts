import { z } from 'zod';
import { IsoDateSchema, MiB } from './common.ts';
import { PortProtocolSchema } from './blueprints.ts';

export const ServerStatusSchema = z.enum(['installing', 'install_failed', 'stopped', 'starting', 'running', 'stopping', 'crashed']);
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

export const PowerActionSchema = z.enum(['start', 'stop', 'restart', 'kill']);
export type PowerAction = z.infer<typeof PowerActionSchema>;

export const ServerPortSchema = z.object({
  port: z.number().int().min(1).max(65535),
  protocol: PortProtocolSchema,
});
export type ServerPort = z.infer<typeof ServerPortSchema>;

export const RestartPolicySchema = z.object({
  enabled: z.boolean().default(false),
  maxRetries: z.number().int().min(0).max(100).default(3).describe('restarts within the crash window before giving up'),
});
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

export const PlayersOnlineSchema = z.object({
  online: z.number().int().min(0),
  max: z.number().int().min(0),
});
export type PlayersOnline = z.infer<typeof PlayersOnlineSchema>;

/** Live usage of one server, as the agent samples it. */
export const ServerResourcesSchema = z.object({
  cpu: z.number().describe('percent of one core'),
  memory: z.number().describe('bytes'),
  memoryLimit: z.number().describe('bytes'),
  disk: z.number().describe('bytes'),
  networkRx: z.number(),
  networkTx: z.number(),
  uptime: z.number().describe('seconds since the container started'),
  players: PlayersOnlineSchema.nullable()
    .default(null)
    .describe("players online, from the game's own query protocol; null when the blueprint declares none or the game has not answered yet"),
});
export type ServerResources = z.infer<typeof ServerResourcesSchema>;

/**
 * Something a person waiting on a server should see: progress of an image pull or an install
 * (`progress` 0..1 when the total is known), or a warning such as the disk filling up.
 */
export const ServerNoticeSchema = z.object({
  kind: z.enum(['pull', 'install', 'disk']),
  level: z.enum(['info', 'warning']),
  message: z.string().max(500),
  progress: z.number().min(0).max(1).nullable().describe('fraction done, when known'),
  done: z.boolean().describe('the last notice of this pull or install'),
});
export type ServerNotice = z.infer<typeof ServerNoticeSchema>;

const VariablesSchema = z.record(z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/), z.string().max(4096));

export const CreateServerBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).optional(),
    nodeId: z.string().min(1),
    blueprintId: z.string().min(1),
    memory: MiB.min(16),
    cpu: z.number().int().min(1).max(6400),
    disk: MiB.min(1),
    swap: z.number().int().min(-1).default(0).describe('MiB; -1 unlimited, 0 off'),
    ownerId: z.string().optional(),
    image: z.string().optional().describe('one of the blueprint images; the first by default'),
    variables: VariablesSchema.default({}),
    ports: z.array(ServerPortSchema).max(32).optional().describe("the blueprint's ports by default"),
    restartPolicy: RestartPolicySchema.optional(),
  })
  .strict();
export type CreateServerBody = z.infer<typeof CreateServerBody>;

export const UpdateServerBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000),
    memory: MiB.min(16),
    cpu: z.number().int().min(1).max(6400),
    disk: MiB.min(1),
    swap: z.number().int().min(-1),
    ownerId: z.string(),
    image: z.string(),
    variables: VariablesSchema,
    ports: z.array(ServerPortSchema).max(32),
    restartPolicy: RestartPolicySchema,
  })
  .partial()
  .strict();
export type UpdateServerBody = z.infer<typeof UpdateServerBody>;

export const ServerSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  nodeId: z.string(),
  blueprintId: z.string(),
  ownerId: z.string(),
  image: z.string(),
  memory: z.number(),
  cpu: z.number(),
  disk: z.number(),
  swap: z.number(),
  ports: z.array(ServerPortSchema),
  variables: z.record(z.string(), z.string()),
  restartPolicy: RestartPolicySchema,
  status: ServerStatusSchema,
  statusReason: z.string().nullable(),
  nodeName: z.string().describe("the node's name, so people who may not list nodes still see where their server runs"),
  address: z.string().nullable().describe('where players connect: the node host and the first port, e.g. node1.lan:25565'),
  nodeOnline: z.boolean(),
  resources: ServerResourcesSchema.nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type Server = z.infer<typeof ServerSchema>;

export const ListServersQuery = z.object({
  status: ServerStatusSchema.optional(),
  nodeId: z.string().optional(),
});

export const ConsolePermissionsSchema = z.object({ canRead: z.boolean(), canWrite: z.boolean() });
export type ConsolePermissions = z.infer<typeof ConsolePermissionsSchema>;

export const ConsoleTokenResultSchema = z.object({
  consoleToken: z.string().describe('strk_console_…'),
  expiresAt: IsoDateSchema,
  nodeHost: z.string(),
  nodePort: z.number(),
  consoleUrl: z.string().describe('the node console: ws(s)://host:port/console'),
  relayUrl: z.string().describe('the same protocol through the controller'),
  permissions: ConsolePermissionsSchema,
});
