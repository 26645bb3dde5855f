import { createPrivateKey, sign } from 'node:crypto';
import {
  CONSOLE_TOKEN_PREFIX,
  CONSOLE_TOKEN_TTL_SECONDS,
  type ConsolePermission,
  type ConsoleTokenClaims,
} from '../../contracts/index.ts';
import { randomBase62 } from '../security/ids.ts';

export interface ConsoleTokenRequest {
  userId: string;
  nodeId: string;
  serverId: string;
  permissions: ConsolePermission[];
  ttlSeconds?: number;
}

/**
 * Mints `strk_console_<claims>.<signature>`: base64url JSON claims signed with the
 * controller's Ed25519 key over the prefix and the claims, so the agent can verify it alone.
 */
export function issueConsoleToken(privateKeyPem: string, request: ConsoleTokenRequest): { token: string; claims: ConsoleTokenClaims } {
  const iat = Math.floor(Date.now() / 1000);
  const claims: ConsoleTokenClaims = {
    iss: 'stellarstack-controller',
    sub: request.userId,
    aud: request.nodeId,
    srv: request.serverId,
    perms: request.permissions,
    iat,
    exp: iat + (request.ttlSeconds ?? CONSOLE_TOKEN_TTL_SECONDS),
    jti: randomBase62(16),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(`${CONSOLE_TOKEN_PREFIX}${payload}`), createPrivateKey(privateKeyPem)).toString('base64url');
  return { token: `${CONSOLE_TOKEN_PREFIX}${payload}.${signature}`, claims };
}
