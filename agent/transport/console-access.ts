import { CONSOLE_CLOSE, CONSOLE_TOKEN_TTL_SECONDS, type AgentParams, type ConsoleTokenClaims } from '../../contracts/index.ts';

/** What the registry needs of a live console session. */
export interface RevocableSession {
  /** The claims of the token it is authenticated with; null before auth. */
  readonly claims: ConsoleTokenClaims | null;
  end(code: typeof CONSOLE_CLOSE.revoked, reason: string): void;
}

type Revocation = AgentParams<'console.revoke'> & { forgetAt: number };

/**
 * Every live console session on this node (both doors), and the controller's revocations.
 * A console token is verified without calling home and lives 5 minutes; a revocation closes
 * the user's sessions at once and refuses their older tokens until every one of them has
 * expired, so a suspended user cannot simply reconnect with the token they hold.
 */
export class ConsoleAccess {
  readonly #sessions = new Set<RevocableSession>();
  #revocations: Revocation[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Tracks a session until the returned function is called (when it closes). */
  track(session: RevocableSession): () => void {
    this.#sessions.add(session);
    return () => this.#sessions.delete(session);
  }

  /** Closes the matching sessions with CONSOLE_CLOSE.revoked; returns how many. */
  revoke(params: AgentParams<'console.revoke'>): number {
    const forgetAt = (params.issuedBefore + CONSOLE_TOKEN_TTL_SECONDS) * 1000;
    this.#revocations.push({ ...params, forgetAt });
    let closed = 0;
    for (const session of [...this.#sessions]) {
      if (session.claims && this.#matches(params, session.claims)) {
        session.end(CONSOLE_CLOSE.revoked, params.reason);
        closed += 1;
      }
    }
    return closed;
  }

  /** Why a token with these claims may no longer be used, or null when it may. */
  revokedReason(claims: ConsoleTokenClaims): string | null {
    const now = this.#now();
    this.#revocations = this.#revocations.filter((r) => r.forgetAt > now);
    return this.#revocations.find((r) => this.#matches(r, claims))?.reason ?? null;
  }

  #matches(revocation: AgentParams<'console.revoke'>, claims: ConsoleTokenClaims): boolean {
    return claims.sub === revocation.userId
      && (revocation.serverId === null || claims.srv === revocation.serverId)
      && claims.iat < revocation.issuedBefore;
  }
}
