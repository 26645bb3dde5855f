import { z } from 'zod';
import { IsoDateSchema } from './common.ts';
import { DisplayNameSchema, EmailSchema, PasswordSchema, UserSchema } from './users.ts';

export const SignUpBody = z
  .object({ email: EmailSchema, password: PasswordSchema, name: DisplayNameSchema })
  .strict();
export type SignUpBody = z.infer<typeof SignUpBody>;

export const SignInBody = z
  .object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(256) })
  .strict();
export type SignInBody = z.infer<typeof SignInBody>;

/** Sign-in sets the HttpOnly cookie and also returns the token for `Authorization: Bearer`. */
export const SignInResultSchema = z.object({
  user: UserSchema,
  token: z.string(),
  expiresAt: IsoDateSchema,
});

export const SessionInfoSchema = z.object({
  user: UserSchema,
  session: z.object({
    method: z.enum(['session', 'api_key']),
    id: z.string(),
    expiresAt: IsoDateSchema.nullable(),
  }),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** What a signed-out client needs to pick its first screen: set-up, sign-in, or sign-in with sign-up. */
export const AuthStatusSchema = z.object({
  setupRequired: z.boolean().describe('no account exists yet: the next sign-up becomes the admin'),
  signupOpen: z.boolean().describe('whether anyone may sign up now (always true while setupRequired)'),
});
export type AuthStatus = z.infer<typeof AuthStatusSchema>;
