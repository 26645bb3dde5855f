import { z } from 'zod';
import {
  ApiKeySchema,
  BlueprintSchema,
  DEFAULT_BIND_ADDRESS,
  DEFAULT_PORT_RANGES,
  NetworkModesSchema,
  NodeSchema,
  PortRangeSchema,
  ServerSchema,
  SettingsSchema,
  UserSchema,
} from '../../contracts/index.ts';

/** The version this build writes. Bump it and add a step in migrations.ts when the document changes shape. */
export const CURRENT_SCHEMA_VERSION = 1;

/** A user as stored: the public shape plus the password hash. */
export const StoredUserSchema = UserSchema.extend({ passwordHash: z.string() });
export type StoredUser = z.infer<typeof StoredUserSchema>;

export const StoredSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  tokenHash: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

/** An API key as stored: the public shape plus its owner and the hash of its secret. */
export const StoredApiKeySchema = ApiKeySchema.extend({ userId: z.string(), secretHash: z.string() });
export type StoredApiKey = z.infer<typeof StoredApiKeySchema>;

export const StoredSettingsSchema = SettingsSchema;
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

/**
 * A node as stored: the public fields that are facts about it (not live status or what its
 * servers hold), its capacity flat, and the hash of its current token.
 */
export const StoredNodeSchema = NodeSchema.pick({
  id: true, name: true, host: true, consolePort: true, consoleTls: true, hostNetwork: true,
  lastSeenAt: true, agentVersion: true, docker: true, local: true, createdAt: true,
}).extend({
  memory: z.number(),
  disk: z.number(),
  cpu: z.number(),
  tokenHash: z.string().nullable(),
  tokenIssuedAt: z.string().nullable(),
  // Added after schema version 1 with defaults, so a version-1 file reads as it always meant:
  // games on every interface, the default ranges, modes not yet reported. Older builds ignore them.
  bindAddress: z.string().default(DEFAULT_BIND_ADDRESS),
  portRanges: z.array(PortRangeSchema).default(() => DEFAULT_PORT_RANGES.map((r) => ({ ...r }))),
  networkModes: NetworkModesSchema.nullable().default(null),
});
export type StoredNode = z.infer<typeof StoredNodeSchema>;

/** A server as stored: the public shape without what is live (node liveness, usage). */
export const StoredServerSchema = ServerSchema.omit({ nodeOnline: true, resources: true, nodeName: true, address: true });
export type StoredServer = z.infer<typeof StoredServerSchema>;

export const SigningKeySchema = z.object({
  publicKey: z.string(),
  privateKey: z.string(),
  createdAt: z.string(),
});

export const DocumentSchema = z.object({
  version: z.literal(CURRENT_SCHEMA_VERSION),
  settings: StoredSettingsSchema,
  users: z.array(StoredUserSchema),
  sessions: z.array(StoredSessionSchema),
  apiKeys: z.array(StoredApiKeySchema),
  nodes: z.array(StoredNodeSchema),
  servers: z.array(StoredServerSchema),
  blueprints: z.array(BlueprintSchema).describe('blueprints added or replaced by admins; the built-in catalog is not stored'),
  consoleSigningKey: SigningKeySchema.nullable(),
});
export type Document = z.infer<typeof DocumentSchema>;

export function emptyDocument(): Document {
  return {
    version: CURRENT_SCHEMA_VERSION,
    settings: { signupOpen: false },
    users: [],
    sessions: [],
    apiKeys: [],
    nodes: [],
    servers: [],
    blueprints: [],
    consoleSigningKey: null,
  };
}
