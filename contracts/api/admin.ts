import { z } from 'zod';
import { DisplayNameSchema, EmailSchema, PasswordSchema, RoleSchema } from './users.ts';

export const CreateUserBody = z
  .object({
    email: EmailSchema,
    name: DisplayNameSchema,
    password: PasswordSchema,
    role: RoleSchema.default('user'),
  })
  .strict();
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({
    name: DisplayNameSchema.optional(),
    email: EmailSchema.optional(),
    password: PasswordSchema.optional(),
    role: RoleSchema.optional(),
    suspended: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const SettingsSchema = z.object({
  signupOpen: z.boolean().describe('whether anyone may sign up; the first account can always sign up'),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const UpdateSettingsBody = SettingsSchema.partial().strict();

const ResourceTotalsSchema = z.object({ allocated: z.number(), total: z.number() });

export const PlatformStatsSchema = z.object({
  users: z.object({ total: z.number(), admins: z.number(), suspended: z.number() }),
  servers: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) }),
  nodes: z.object({ total: z.number(), online: z.number(), offline: z.number(), pending: z.number() }),
  resources: z.object({
    memory: ResourceTotalsSchema.describe('MiB'),
    disk: ResourceTotalsSchema.describe('MiB'),
    cpu: ResourceTotalsSchema.describe('percent of one core'),
  }),
});
export type PlatformStats = z.infer<typeof PlatformStatsSchema>;
