import { CONSOLE_TOKEN_TTL_SECONDS, type AgentParams } from '../../contracts/index.ts';
import type { AgentHub } from '../agents/agent-hub.ts';

type Revocation = AgentParams<'console.revoke'>;

export interface ConsoleRevokerOptions {
  hub: AgentHub;
  warn: (message: string) => void;
  now?: () => number;
}

/**
 * Takes console access away from a user at once. Console tokens are verified by agents
 * without calling home and live 5 minutes, so suspending a user, deleting them or taking a
 * server from them must also tell the agents: each closes the user's sessions and refuses
 * their older tokens. A node offline at that moment is told when its agent next connects,
 * for as long as a token issued before the revocation could still be alive.
 */
export class ConsoleRevoker {
  #recent: Revocation[] = [];
  readonly #options: ConsoleRevokerOptions;

  constructor(options: ConsoleRevokerOptions) {
    this.#options = options;
    options.hub.on('online', (nodeId) => {
      for (const revocation of this.#live()) this.#send(nodeId, revocation);
    });
  }

  /** Closes `userId`'s console sessions everywhere, or only on `serverId`. Never throws: agents answer on their own time. */
  revoke(userId: string, reason: string, serverId: string | null = null): void {
    const now = (this.#options.now ?? Date.now)();
    // Tokens issued in this very second are refused too: the user's next token, a second later, works where it should.
    const revocation: Revocation = { userId, serverId, reason, issuedBefore: Math.floor(now / 1000) + 1 };
    this.#recent.push(revocation);
    for (const nodeId of this.#options.hub.onlineNodeIds()) this.#send(nodeId, revocation);
  }

  #live(): Revocation[] {
    const nowSeconds = (this.#options.now ?? Date.now)() / 1000;
    this.#recent = this.#recent.filter((r) => r.issuedBefore + CONSOLE_TOKEN_TTL_SECONDS > nowSeconds);
    return this.#recent;
  }

  #send(nodeId: string, revocation: Revocation): void {
    this.#options.hub.request(nodeId, 'console.revoke', revocation, 10_000).catch((error: unknown) => {
      this.#options.warn(`could not revoke console access on node ${nodeId}: ${(error as Error).message}`);
    });
  }
}
