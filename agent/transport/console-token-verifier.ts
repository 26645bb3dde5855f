import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError, CONSOLE_TOKEN_PREFIX, ConsoleTokenClaimsSchema, type ConsoleTokenClaims } from '../../contracts/index.ts';

/**
 * Verifies console tokens without calling the controller: the Ed25519 signature, that the
 * token is for this node (aud), and that it has not expired. The key and node id arrive in
 * the controller's welcome; until then every token is refused.
 */
export class ConsoleTokenVerifier {
  #key: KeyObject | null = null;
  #nodeId: string | null = null;

  configure(publicKeyPem: string, nodeId: string): void {
    this.#key = createPublicKey(publicKeyPem);
    this.#nodeId = nodeId;
  }

  get ready(): boolean {
    return this.#key !== null;
  }

  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): ConsoleTokenClaims {
    if (!this.#key || !this.#nodeId) throw new AppError('UNAUTHORIZED', 'This node has not connected to its controller yet; try again shortly');
    if (!token.startsWith(CONSOLE_TOKEN_PREFIX)) throw invalidToken();
    const [payload, signature, extra] = token.slice(CONSOLE_TOKEN_PREFIX.length).split('.');
    if (!payload || !signature || extra !== undefined) throw invalidToken();
    const signed = verify(null, Buffer.from(`${CONSOLE_TOKEN_PREFIX}${payload}`), this.#key, Buffer.from(signature, 'base64url'));
    if (!signed) throw invalidToken();
    let claims: ConsoleTokenClaims;
    try {
      claims = ConsoleTokenClaimsSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw invalidToken();
    }
    if (claims.aud !== this.#nodeId) throw new AppError('FORBIDDEN', 'This console token is for another node');
    if (claims.exp <= nowSeconds) throw new AppError('UNAUTHORIZED', 'The console token has expired; ask for a fresh one');
    return claims;
  }
}

function invalidToken(): AppError {
  return new AppError('UNAUTHORIZED', 'Invalid console token');
}
