import { z } from 'zod';
import { IsoDateSchema, MiB } from './common.ts';

export const NodeStatusSchema = z.enum(['pending', 'online', 'offline']);
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

const HostnameSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:\-[\]]+$/, 'must be a hostname or an IP address');

export const CreateNodeBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    host: HostnameSchema.describe('where clients reach the node console'),
    consolePort: z.number().int().min(1).max(65535).default(5000),
    consoleTls: z.boolean().default(false).describe('whether the node console is served over TLS (wss)'),
    memory: MiB.min(1).describe('MiB offered to game servers'),
    disk: MiB.min(1).describe('MiB offered to game servers'),
    cpu: z.number().int().min(1).describe('percent, 100 = one core'),
    hostNetwork: z.boolean().default(false).describe('run game containers with host networking instead of published ports'),
  })
  .strict();
export type CreateNodeBody = z.infer<typeof CreateNodeBody>;

export const UpdateNodeBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    host: HostnameSchema,
    consolePort: z.number().int().min(1).max(65535),
    consoleTls: z.boolean(),
    memory: MiB.min(1),
    disk: MiB.min(1),
    cpu: z.number().int().min(1),
    hostNetwork: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateNodeBody = z.infer<typeof UpdateNodeBody>;

export const DockerStatusSchema = z.object({
  available: z.boolean(),
  version: z.string().nullable(),
  reason: z.string().nullable().describe('why Docker is unavailable, when it is'),
});
export type DockerStatus = z.infer<typeof DockerStatusSchema>;

export const ResourceAmountsSchema = z.object({ memory: z.number(), disk: z.number(), cpu: z.number() });

export const NodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  consolePort: z.number(),
  consoleTls: z.boolean(),
  hostNetwork: z.boolean(),
  status: NodeStatusSchema,
  lastSeenAt: IsoDateSchema.nullable(),
  agentVersion: z.string().nullable(),
  docker: DockerStatusSchema.nullable(),
  capacity: ResourceAmountsSchema,
  allocated: ResourceAmountsSchema,
  servers: z.number().int(),
  hasToken: z.boolean(),
  local: z.boolean().describe('provisioned automatically for the embedded local agent'),
  createdAt: IsoDateSchema,
});
export type Node = z.infer<typeof NodeSchema>;

export const NodeTokenResultSchema = z.object({
  nodeId: z.string(),
  token: z.string().describe('strk_node_…, shown once'),
  command: z.string().describe('the command that starts the agent with this token'),
  issuedAt: IsoDateSchema,
});

/** Host metrics as an agent samples them. */
export const HostMetricsSchema = z.object({
  cpu: z.number().describe('percent of all cores, 0-100'),
  memory: z.object({ used: z.number(), total: z.number() }).describe('bytes'),
  disk: z.object({ used: z.number(), total: z.number() }).describe('bytes'),
  containers: z.object({ running: z.number().int(), total: z.number().int() }),
  network: z.object({ rx: z.number(), tx: z.number() }).describe('bytes since boot'),
  uptime: z.number().describe('seconds since the host booted'),
});
export type HostMetrics = z.infer<typeof HostMetricsSchema>;

export const NodeStatsSchema = z.object({
  nodeId: z.string(),
  online: z.boolean(),
  sampledAt: IsoDateSchema.nullable(),
  metrics: HostMetricsSchema.nullable(),
});
export type NodeStats = z.infer<typeof NodeStatsSchema>;
