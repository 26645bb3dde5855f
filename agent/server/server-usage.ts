import type { ServerResources, ServerStatus } from '../../contracts/index.ts';
import type { ProcessEnvironment } from '../environment/process-environment.ts';
import type { DiskUsage } from './disk-usage.ts';
import type { PlayerSampler } from './player-query.ts';
import { ResourceSampler } from './resource-sampler.ts';
import { isProcessUp } from './server-state.ts';

export interface ServerUsageOptions {
  environment: ProcessEnvironment;
  disk: DiskUsage;
  intervalMs: number;
  onSample: (resources: ServerResources) => void;
  onError: (error: unknown) => void;
  /** Counts players while the game runs (see PlayerSampler); its latest count rides on every sample. */
  players: PlayerSampler;
}

/**
 * A server's usage samples, taken exactly while its process is up (starting or running):
 * Docker's numbers plus the agent's own disk accounting. The latest sample is forgotten when
 * the process goes down, so nobody reads a stale one.
 */
export class ServerUsage {
  readonly #sampler: ResourceSampler;
  readonly #players: PlayerSampler;
  #latest: ServerResources | null = null;

  constructor(options: ServerUsageOptions) {
    this.#players = options.players;
    this.#sampler = new ResourceSampler({
      intervalMs: options.intervalMs,
      sample: async () => {
        const usage = await options.environment.stats();
        if (usage === null) return null;
        return { ...usage, disk: await options.disk.bytes(), players: this.#players.latest };
      },
      onSample: (resources) => {
        this.#latest = resources;
        options.onSample(resources);
      },
      onError: options.onError,
    });
  }

  get latest(): ServerResources | null {
    return this.#latest;
  }

  /** Samples while `status` says the process is up, and stops (forgetting the last sample) otherwise. */
  follow(status: ServerStatus): void {
    if (isProcessUp(status)) {
      this.#sampler.start();
      // A game answers queries once it runs; asking while it starts only collects timeouts.
      if (status === 'running') this.#players.start();
      return;
    }
    this.stop();
  }

  stop(): void {
    this.#sampler.stop();
    this.#players.stop();
    this.#latest = null;
  }
}
