import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBase62 } from './ids.ts';

export const SESSION_TOKEN_PREFIX = 'strk_sess_';
export const API_KEY_PREFIX = 'strk_key_';

/** A bearer secret: prefix plus 256 bits of randomness. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBase62(43)}`;
}

/**
 * Secrets are stored only as SHA-256 digests. They carry 256 random bits, so a fast hash is
 * enough (a slow KDF is for low-entropy passwords) and lets every request look one up.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
