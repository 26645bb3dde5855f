import { GameDig } from 'gamedig';
import type { PlayersOnline, ServerSpec } from '../../contracts/index.ts';

export type PlayersQuery = NonNullable<ServerSpec['query']>;
/** Asks a game on this node how many players it has. */
export type QueryPlayers = (query: PlayersQuery) => Promise<PlayersOnline>;

/**
 * GameDig against the game's port on loopback: with host networking the game listens on the
 * host, and in bridge mode its ports are published there, so the agent never needs the
 * container's own address. One attempt, short timeouts: the next sample is the retry.
 */
export const queryWithGamedig: QueryPlayers = async ({ type, port }) => {
  const state = await GameDig.query({ type, host: '127.0.0.1', port, maxRetries: 1, socketTimeout: 2000, attemptTimeout: 4000 });
  return { online: state.numplayers ?? state.players.length, max: state.maxplayers };
};

export interface PlayerSamplerOptions {
  intervalMs: number;
  query: QueryPlayers;
  /** The current spec's query (the spec can change while the server runs). */
  target: () => ServerSpec['query'];
}

/**
 * Players online, sampled every interval while the game runs (a query is a network round
 * trip to the game, so far rarer than the resource samples). `latest` is null before the first
 * answer and whenever the game does not answer: a count that stopped being true is not shown.
 */
export class PlayerSampler {
  readonly #options: PlayerSamplerOptions;
  #latest: PlayersOnline | null = null;
  #timer: NodeJS.Timeout | null = null;
  #generation = 0;
  #active = false;

  constructor(options: PlayerSamplerOptions) {
    this.#options = options;
  }

  get latest(): PlayersOnline | null {
    return this.#latest;
  }

  start(): void {
    if (this.#active || this.#options.target() === null) return;
    this.#active = true;
    this.#generation += 1;
    this.#schedule(this.#generation, 0);
  }

  stop(): void {
    this.#active = false;
    this.#generation += 1;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#latest = null;
  }

  #schedule(generation: number, delayMs: number): void {
    this.#timer = setTimeout(() => void this.#tick(generation), delayMs);
  }

  async #tick(generation: number): Promise<void> {
    const target = this.#options.target();
    let players: PlayersOnline | null = null;
    if (target !== null) players = await this.#options.query(target).catch(() => null);
    if (generation !== this.#generation) return;
    this.#latest = players;
    this.#schedule(generation, this.#options.intervalMs);
  }
}
