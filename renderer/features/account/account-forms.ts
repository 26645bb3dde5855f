import type { ApiKey, ApiKeyScope, CreateApiKeyBody, UpdateMeBody, User } from '../../../contracts/index.ts';
import { checkEmail, checkNewPassword, type FieldErrors } from '../../lib/validation.ts';

export interface ProfileValues {
  name: string;
  email: string;
}

export function checkProfile(values: ProfileValues): FieldErrors {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'Enter a name';
  else if (name.length > 100) errors.name = 'Use at most 100 characters';
  const email = checkEmail(values.email);
  if (email) errors.email = email;
  return errors;
}

/** Only what changed; the API keeps emails in lower case, so "Ada@Example.com" is no change from ada@example.com. */
export function profileChanges(user: Pick<User, 'name' | 'email'>, values: ProfileValues): UpdateMeBody {
  const changes: UpdateMeBody = {};
  if (values.name.trim() !== user.name) changes.name = values.name.trim();
  if (values.email.trim().toLowerCase() !== user.email) changes.email = values.email.trim();
  return changes;
}

export interface PasswordValues {
  current: string;
  password: string;
  confirm: string;
}

export function checkPasswordChange(values: PasswordValues): FieldErrors {
  const errors: FieldErrors = checkNewPassword(values.password, values.confirm);
  if (values.current === '') errors.current = 'Enter your current password';
  else if (!errors.password && values.password === values.current) errors.password = 'This is your current password: choose another';
  return errors;
}

/** How long a new API key lives: '' is "until revoked". */
export const KEY_LIFETIMES = [
  { value: '', label: 'Never (until revoked)' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
] as const;

export function checkKeyName(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Name the key after what uses it, e.g. "backup script"';
  if (trimmed.length > 100) return 'Use at most 100 characters';
  return undefined;
}

/** What a new key may do; 'full' is the API's default and is not sent. */
export const KEY_SCOPES = [
  { value: 'full', label: 'Full (acts as you)' },
  { value: 'read-only', label: 'Read-only (GET requests)' },
] as const satisfies readonly { value: ApiKeyScope; label: string }[];

export function apiKeyBody(name: string, lifetime: string, scope: ApiKeyScope = 'full'): CreateApiKeyBody {
  const days = Number(lifetime);
  const body: CreateApiKeyBody = lifetime !== '' && Number.isInteger(days) && days > 0 ? { name: name.trim(), expiresInDays: days } : { name: name.trim() };
  return scope === 'full' ? body : { ...body, scope };
}

/** The first thing to try with a new key: list the servers it may see. */
export function curlExample(secret: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${secret}" ${origin.replace(/\/+$/, '')}/api/v1/servers`;
}

/** A key past its expiry still lists until revoked; say so instead of a date in the past. */
export function keyExpiry(key: Pick<ApiKey, 'expiresAt'>, now = Date.now()): { text: string; expired: boolean } {
  if (key.expiresAt === null) return { text: 'never', expired: false };
  const at = Date.parse(key.expiresAt);
  if (!Number.isFinite(at)) return { text: '—', expired: false };
  const date = new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return at <= now ? { text: `expired ${date}`, expired: true } : { text: date, expired: false };
}
