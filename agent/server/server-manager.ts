import { EventEmitter } from 'node:events';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../contracts/index.ts';
import type { AgentEvent, PowerAction, ServerDescription, ServerSpec, ServerStatus } from '../../contracts/index.ts';
import type { EnvironmentFactory } from '../environment/process-environment.ts';
import type { ConsolePipelineOptions } from './console-pipeline.ts';
import { DoneMatcher } from './done-matcher.ts';
import { ServerInstance } from './server-instance.ts';
import type { ServerTimings } from './server-instance.ts';
import { consoleLogger } from './server-logger.ts';
import type { ServerLogger } from './server-logger.ts';
import { assertServerId, isServerId, serverPaths, stateDir } from './server-paths.ts';
import { loadServerState, StateFileError } from './server-state-file.ts';
import type { PersistedServerState } from './server-state-file.ts';

export interface ServerManagerOptions {
  /** The node's data directory: `servers/<id>/` holds files, `state/<id>.json` what the agent remembers. */
  dataDir: string;
  createEnvironment: EnvironmentFactory;
  timings?: Partial<ServerTimings>;
  console?: ConsolePipelineOptions;
  logger?: ServerLogger;
}

/** `event`: a status change or usage sample, already shaped as the agent link's event payload. */
export interface ServerManagerEvents {
  event: [payload: AgentEvent];
}

export interface SyncFailure {
  serverId: string;
  error: AppError;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL_ERROR', error instanceof Error ? error.message : String(error));
}

/**
 * The servers of this node. The controller is the source of truth for which servers exist
 * and how they are configured; the manager keeps one ServerInstance per server, remembers them
 * across agent restarts, and turns their status changes and usage samples into one stream of
 * agent-link events.
 */
export class ServerManager extends EventEmitter<ServerManagerEvents> {
  readonly #options: ServerManagerOptions;
  readonly #logger: ServerLogger;
  readonly #instances = new Map<string, ServerInstance>();

  constructor(options: ServerManagerOptions) {
    super();
    this.#options = options;
    this.#logger = options.logger ?? consoleLogger;
  }

  /**
   * On agent boot, before the controller is reachable: rebuilds every server from its state
   * file and reattaches to containers that are still running. A state file that cannot be
   * read is moved aside (never silently overwritten) and its server waits for the controller.
   */
  async restoreAll(): Promise<void> {
    const dir = stateDir(this.#options.dataDir);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const serverId = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      if (!isServerId(serverId) || this.#instances.has(serverId)) continue;
      await this.#restoreOne(serverId, join(dir, name));
    }
  }

  /**
   * The controller's full list, on every (re)connect: new servers are created (and installed
   * when they have an install script), known ones get the new spec. Servers the controller
   * did not mention are left alone: a controller restored from an old backup must not wipe a
   * node. One bad spec does not stop the others; failures are returned.
   */
  async sync(specs: readonly ServerSpec[]): Promise<SyncFailure[]> {
    const failures: SyncFailure[] = [];
    await Promise.all(
      specs.map(async (spec) => {
        try {
          await this.syncServer(spec);
        } catch (error) {
          failures.push({ serverId: spec.id, error: toAppError(error) });
        }
      }),
    );
    return failures;
  }

  /**
   * One server's spec: resolves once its container is prepared for it (when the server is
   * idle). Installs in the background when asked to (`reinstall`) or when the server was never
   * installed here; a refusal (running, busy) is thrown at once, the install's own outcome
   * arrives as status events.
   */
  async syncServer(spec: ServerSpec, options: { reinstall?: boolean } = {}): Promise<ServerDescription> {
    const instance = this.#accept(spec);
    if (this.#needsInstall(instance, options)) this.#inBackground(instance.begin('install').finished, spec.id, 'install failed');
    else await instance.prepareContainer();
    return instance.describe();
  }

  /**
   * One server's spec from the `server.sync` request, answered at once with where it leads:
   * a refusal (an invalid spec, a reinstall while running or busy) is thrown now; preparing the
   * container (an image pull can take minutes) and installing go on in the background and
   * report through status events. A server new to this node is `installing` until its
   * container is ready, so nobody sees it stopped before it can start.
   */
  handOver(spec: ServerSpec, options: { reinstall?: boolean } = {}): ServerDescription {
    const isNew = !this.#instances.has(spec.id);
    const instance = this.#accept(spec);
    if (isNew || this.#needsInstall(instance, options)) {
      this.#inBackground(instance.begin('install', { announce: isNew }).finished, spec.id, 'install failed');
    } else {
      this.#inBackground(instance.prepareContainer(), spec.id, 'could not prepare the container');
    }
    return instance.describe();
  }

  has(serverId: string): boolean {
    return this.#instances.has(serverId);
  }

  /** The instance, or NOT_FOUND. */
  get(serverId: string): ServerInstance {
    const instance = this.#instances.get(serverId);
    if (instance === undefined) {
      throw new AppError('NOT_FOUND', `server ${serverId.slice(0, 80)} is not on this node`, { serverId: serverId.slice(0, 80) });
    }
    return instance;
  }

  list(): ServerInstance[] {
    return [...this.#instances.values()];
  }

  describe(serverId: string): ServerDescription {
    return this.get(serverId).describe();
  }

  /** Every server's current status as events: what the controller needs after a reconnect. */
  snapshot(): AgentEvent[] {
    return this.list().map((instance) => ({
      event: 'server_status',
      serverId: instance.serverId,
      status: instance.status,
      reason: instance.reason,
    }));
  }

  /** Runs a power action to its end. */
  power(serverId: string, action: PowerAction): Promise<void> {
    return this.get(serverId).power(action);
  }

  /**
   * Begins a power action and answers with the status it leads to (see ServerInstance.begin);
   * what goes wrong after the answer reaches the controller as status events, and the log.
   */
  async act(serverId: string, action: PowerAction): Promise<ServerStatus> {
    const answer = this.get(serverId).begin(action);
    const status = await answer.status;
    this.#inBackground(answer.finished, serverId, `${action} failed`);
    return status;
  }

  /** Stops the install under way on a server; answers with its status (install_failed). */
  cancelInstall(serverId: string): ServerStatus {
    return this.get(serverId).cancelInstall();
  }

  /**
   * Removes a server from this node: process, container, files and state. Also cleans up
   * after a server the agent does not know (a container or files left behind), so deleting
   * twice is not an error.
   */
  async delete(serverId: string): Promise<void> {
    assertServerId(serverId);
    const instance = this.#instances.get(serverId);
    if (instance !== undefined) {
      try {
        await instance.destroy();
      } finally {
        // Gone once it let go, even if removing files failed afterwards: a retry cleans up
        // through the unknown-server path below.
        if (instance.disposed) this.#instances.delete(serverId);
      }
      return;
    }
    const paths = serverPaths(this.#options.dataDir, serverId);
    await this.#options.createEnvironment(serverId).destroy();
    await rm(paths.filesDir, { recursive: true, force: true });
    await rm(paths.stateFile, { force: true });
  }

  /** Agent shutdown: saves every server's state and lets go; containers keep running. */
  async shutdown(): Promise<void> {
    const instances = this.list();
    this.#instances.clear();
    await Promise.all(instances.map((instance) => instance.dispose()));
  }

  async #restoreOne(serverId: string, file: string): Promise<void> {
    let saved: PersistedServerState | null;
    try {
      saved = await loadServerState(file);
    } catch (error) {
      if (!(error instanceof StateFileError)) throw error;
      const aside = `${file}.unreadable-${Date.now()}`;
      await rename(file, aside).catch(() => undefined);
      this.#logger.warn(`${error.message}; moved to ${aside}, the server waits for the controller`);
      return;
    }
    if (saved === null || saved.spec.id !== serverId) return;
    const instance = this.#add(saved.spec, saved);
    try {
      await instance.restore();
    } catch (error) {
      this.#logger.warn(`${serverId}: could not reattach: ${toAppError(error).message}`);
    }
  }

  /** Validates a spec and gives it to its instance, creating the instance on first sight. */
  #accept(spec: ServerSpec): ServerInstance {
    assertServerId(spec.id);
    let instance = this.#instances.get(spec.id);
    if (instance === undefined) {
      new DoneMatcher(spec.done); // a bad pattern refuses the spec before anything is created
      instance = this.#add(spec);
    }
    instance.updateSpec(spec);
    return instance;
  }

  #needsInstall(instance: ServerInstance, options: { reinstall?: boolean }): boolean {
    const neverInstalled = !instance.installed && instance.spec.install !== null && instance.status === 'stopped';
    return options.reinstall === true || neverInstalled;
  }

  /** Work nobody waits for: its outcome is in the status, its failure also in the log. */
  #inBackground(work: Promise<void>, serverId: string, what: string): void {
    work.catch((error: unknown) => this.#logger.warn(`${serverId}: ${what}: ${toAppError(error).message}`));
  }

  #add(spec: ServerSpec, restored?: PersistedServerState): ServerInstance {
    const paths = serverPaths(this.#options.dataDir, spec.id);
    const instance = new ServerInstance({
      spec,
      environment: this.#options.createEnvironment(spec.id),
      filesDir: paths.filesDir,
      stateFile: paths.stateFile,
      restored,
      timings: this.#options.timings,
      console: this.#options.console,
      logger: this.#logger,
    });
    instance.on('status', ({ status, reason }) => this.emit('event', { event: 'server_status', serverId: spec.id, status, reason }));
    instance.on('stats', (resources) => this.emit('event', { event: 'server_resources', serverId: spec.id, resources }));
    instance.on('notice', (notice) => this.emit('event', { event: 'server_notice', serverId: spec.id, notice }));
    this.#instances.set(spec.id, instance);
    return instance;
  }
}
