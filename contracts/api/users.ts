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
    currentPassword: z.string().max(256).optional(),
  })
  .strict()
  .refine((body) => body.password === undefined || body.currentPassword !== undefined, {
    message: 'is required to change the password',
    path: ['currentPassword'],
  });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
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
  })
  .strict();
export type CreateApiKeyBody = z.infer<typeof CreateApiKeyBody>;

/** Only the create response carries the secret; it is never shown again. */
export const CreatedApiKeySchema = ApiKeySchema.extend({ secret: z.string() });
