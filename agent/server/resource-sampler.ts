import type { ServerResources } from '../../contracts/index.ts';

export interface ResourceSamplerOptions {
  /** One sample, or null when the process is not running. */
  sample: () => Promise<ServerResources | null>;
  onSample: (resources: ServerResources) => void;
  onError?: (error: unknown) => void;
  intervalMs: number;
}

/**
 * Samples a server's usage about once a period while its process runs. A chain of timeouts
 * rather than an interval: a slow Docker answer delays the next sample instead of piling
 * calls up (a sample slower than the period is followed by the next one at once). A sample
 * that arrives after stop() is discarded.
 */
export class ResourceSampler {
  readonly #options: ResourceSamplerOptions;
  #timer: NodeJS.Timeout | null = null;
  #generation = 0;
  #active = false;

  constructor(options: ResourceSamplerOptions) {
    this.#options = options;
  }

  get active(): boolean {
    return this.#active;
  }

  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.#generation += 1;
    // The first sample at once: usage shows up as soon as the process runs.
    this.#schedule(this.#generation, 0);
  }

  stop(): void {
    this.#active = false;
    this.#generation += 1;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #schedule(generation: number, delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tick(generation);
    }, delayMs);
  }

  async #tick(generation: number): Promise<void> {
    const startedAt = Date.now();
    try {
      const resources = await this.#options.sample();
      if (generation !== this.#generation) return;
      if (resources !== null) this.#options.onSample(resources);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#options.onError?.(error);
    }
    // The period counts from the start of this sample: Docker takes one to two seconds to
    // answer a stats call, and waiting a whole period after that made "once a second" every
    // two to three seconds.
    if (generation === this.#generation) this.#schedule(generation, Math.max(0, this.#options.intervalMs - (Date.now() - startedAt)));
  }
}
