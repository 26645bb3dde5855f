import { mkdir } from 'node:fs/promises';
import type { ServerSpec } from '../../contracts/index.ts';
import type { EnvironmentPaths, ProcessEnvironment } from '../environment/process-environment.ts';

/**
 * A server's container, (re)created only when the spec it was made from is not the current
 * one: a sync recreates it while the server is idle, otherwise the next start or install does.
 */
export class ServerContainer {
  readonly #environment: ProcessEnvironment;
  readonly #paths: EnvironmentPaths;
  /** The spec the container was last created from. */
  #createdFor: ServerSpec | null = null;

  constructor(environment: ProcessEnvironment, paths: EnvironmentPaths) {
    this.#environment = environment;
    this.#paths = paths;
  }

  async ensure(spec: ServerSpec): Promise<void> {
    if (this.#createdFor === spec) return;
    await mkdir(this.#paths.hostDataDir, { recursive: true });
    await this.#environment.create(spec, this.#paths);
    this.#createdFor = spec;
  }
}
