import { LocalAgentStatusSchema, type LocalAgentStatus } from '../contracts/index.ts';

/**
 * The local agent is started by the bootstrap, outside the app; this is where it reports how
 * that went, so every admin UI (the desktop window or a LAN browser) can say why this machine
 * runs no game servers.
 */
export class LocalAgentStatusBoard {
  #status: LocalAgentStatus;

  constructor(enabled: boolean) {
    this.#status = enabled
      ? { enabled, running: false, problem: null, reason: null, nodeId: null }
      : { enabled, running: false, problem: 'disabled', reason: 'turned off for this controller', nodeId: null };
  }

  get(): LocalAgentStatus {
    return this.#status;
  }

  set(status: LocalAgentStatus): void {
    this.#status = LocalAgentStatusSchema.parse(status);
  }
}
