import type { Identity } from '../plugins/auth.ts';
import type { CredentialsRepository } from '../store/credentials-repository.ts';
import type { UsersRepository } from '../store/users-repository.ts';

/** Why a credential accepted when a stream opened no longer speaks for its user: the `reason` of `signed_out`. */
export type SignedOutReason =
  | 'account_deleted'
  | 'account_suspended'
  | 'session_revoked'
  | 'session_expired'
  | 'api_key_revoked'
  | 'api_key_expired';

/**
 * A request is authenticated once; a stream lives for hours, so it is re-checked against the
 * same records. The account comes first: suspending a user ends their sessions in the same
 * write, and "suspended" is the reason worth showing.
 */
export function credentialEnded(
  identity: Identity,
  repos: { users: UsersRepository; credentials: CredentialsRepository },
  now = Date.now(),
): SignedOutReason | null {
  const user = repos.users.findById(identity.user.id);
  if (!user) return 'account_deleted';
  if (user.suspended) return 'account_suspended';
  if (identity.method === 'session') {
    const session = repos.credentials.findSessionById(identity.credentialId);
    if (!session) return 'session_revoked';
    if (Date.parse(session.expiresAt) <= now) return 'session_expired';
    return null;
  }
  const key = repos.credentials.findApiKeyById(identity.credentialId);
  if (!key) return 'api_key_revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now) return 'api_key_expired';
  return null;
}
