import { z } from 'zod';
import {
  BlueprintSchema,
  DockerStatusSchema,
  RestartPolicySchema,
  RoleSchema,
  ServerPortSchema,
  ServerStatusSchema,
} from '../../contracts/index.ts';

/** The version this build writes. Bump it and add a migration when the document changes shape. */
export const CURRENT_SCHEMA_VERSION = 1;

export const StoredUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  suspended: z.boolean(),
  passwordHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredUser = z.infer<typeof StoredUserSchema>;

export const StoredSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  tokenHash: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

export const StoredApiKeySchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  prefix: z.string(),
  secretHash: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type StoredApiKey = z.infer<typeof StoredApiKeySchema>;

export const StoredSettingsSchema = z.object({
  signupOpen: z.boolean(),
});
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export const StoredNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  consolePort: z.number(),
  consoleTls: z.boolean(),
  hostNetwork: z.boolean(),
  memory: z.number(),
  disk: z.number(),
  cpu: z.number(),
  tokenHash: z.string().nullable(),
  tokenIssuedAt: z.string().nullable(),
  local: z.boolean(),
  lastSeenAt: z.string().nullable(),
  agentVersion: z.string().nullable(),
  docker: DockerStatusSchema.nullable(),
  createdAt: z.string(),
});
export type StoredNode = z.infer<typeof StoredNodeSchema>;

export const StoredServerSchema = z.object({
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
  createdAt: z.string(),
  updatedAt: z.string(),
});
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

/**
 * Forward migrations, keyed by the version they upgrade from. Each takes the raw document
 * of that version and returns the next version's shape.
 */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};
