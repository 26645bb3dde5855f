import { z } from 'zod';
import { IsoDateSchema } from './common.ts';

export const RoleSchema = z.enum(['admin', 'user']);
export type Role = z.infer<typeof RoleSchema>;

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const PasswordSchema = z.string().min(8, 'must be at least 8 characters').max(256);
export const DisplayNameSchema = z.string().trim().min(1).max(100);

/** A user as every response shows it: never a password hash. */
export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  suspended: z.boolean(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type User = z.infer<typeof UserSchema>;

export const UpdateMeBody = z
  .object({
    name: DisplayNameSchema.optional(),
    email: EmailSchema.optional(),
    password: PasswordSchema.optional(),
    currentPassword: z.string().max(256).optional().describe('required to change the password or the email'),
  })
  .strict()
  .refine((body) => body.password === undefined || body.currentPassword !== undefined, {
    message: 'is required to change the password',
    path: ['currentPassword'],
  });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

/**
 * What an API key may do. `full`: what its owner may, except managing keys, the password and
 * the email (those need a signed-in session). `read-only`: GET requests only (and console
 * tokens that can watch but not type or use power actions).
 */
export const ApiKeyScopeSchema = z.enum(['full', 'read-only']);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: ApiKeyScopeSchema.default('full').describe('full, or read-only (GET requests only)'),
  prefix: z.string().describe('the first characters of the secret, to tell keys apart'),
  createdAt: IsoDateSchema,
  lastUsedAt: IsoDateSchema.nullable(),
  expiresAt: IsoDateSchema.nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    scope: ApiKeyScopeSchema.default('full').describe('full (the default) or read-only'),
  })
  .strict();
/** What a client sends (scope may be left out). */
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBody>;

/** Only the create response carries the secret; it is never shown again. */
export const CreatedApiKeySchema = ApiKeySchema.extend({ secret: z.string() });
