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

const PortNumberSchema = z.number().int().min(1).max(65535);

/** Ports from `start` to `end`, both included. */
export const PortRangeSchema = z
  .object({ start: PortNumberSchema, end: PortNumberSchema })
  .strict()
  .refine((r) => r.start <= r.end, { message: 'must not be before start', path: ['end'] });
export type PortRange = z.infer<typeof PortRangeSchema>;

export const PortRangesSchema = z
  .array(PortRangeSchema)
  .max(32)
  .describe('where new servers get their ports when the request names none; a server may still be given any port by name');

/**
 * Minecraft Java's conventional port and the next hundred, and the same for the Source/Steam
 * convention (27015): the two families most servers come from keep their familiar first port,
 * and 202 ports in two blocks are two firewall rules. Ports of other games (Valheim 2456,
 * OpenTTD 3979, …) are placed inside these ranges with their spacing kept.
 */
export const DEFAULT_PORT_RANGES: readonly PortRange[] = Object.freeze([
  { start: 25565, end: 25665 },
  { start: 27015, end: 27115 },
]);

/** All interfaces: what Docker and game servers do when nothing else is said. */
export const DEFAULT_BIND_ADDRESS = '0.0.0.0';

export const BindAddressSchema = z
  .union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address, e.g. 0.0.0.0 for every interface' })
  .describe('the address games listen on: the host IP of published ports in bridge mode, SERVER_IP in host mode; 0.0.0.0 is every interface');

/** How game containers can reach the network on a node, as its agent found its Docker engine. */
export const NetworkModesSchema = z.object({
  host: z.boolean().describe('host networking: the game listens on the machine\'s own interfaces'),
  bridge: z.boolean().describe('a bridge network exists, so ports can be published'),
});
export type NetworkModes = z.infer<typeof NetworkModesSchema>;

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
    bindAddress: BindAddressSchema.default(DEFAULT_BIND_ADDRESS),
    portRanges: PortRangesSchema.default(() => DEFAULT_PORT_RANGES.map((r) => ({ ...r }))),
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
    bindAddress: BindAddressSchema,
    portRanges: PortRangesSchema,
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
  bindAddress: z.string(),
  portRanges: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
  networkModes: NetworkModesSchema.nullable().describe("what the node's Docker engine offers, as its agent reported; null until an agent with Docker has connected"),
  networkProblem: z.string().nullable().describe('why servers on this node cannot be reached the way it is set up, or null'),
  exposure: z.string().describe('where game ports are reachable with these settings, in words'),
  status: NodeStatusSchema,
  lastSeenAt: IsoDateSchema.nullable(),
  agentVersion: z.string().nullable(),
  docker: DockerStatusSchema.nullable(),
  capacity: ResourceAmountsSchema,
  allocated: ResourceAmountsSchema,
  servers: z.number().int(),
  portsInUse: z.number().int().describe('ports held by servers on this node'),
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
