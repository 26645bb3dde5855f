import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { AppError } from '../../contracts/index.ts';
import { RingBuffer } from '../../contracts/ring-buffer.ts';
import type { PowerAction, ServerDescription, ServerNotice, ServerResources, ServerSpec, ServerStatus } from '../../contracts/index.ts';
import type { ExitInfo, ProcessEnvironment, PullStep } from '../environment/process-environment.ts';
import type { ConsoleViewer } from './console-frames.ts';
import { ConsolePipeline } from './console-pipeline.ts';
import type { ConsolePipelineOptions } from './console-pipeline.ts';
import { handleExit } from './crash-flow.ts';
import { CrashTracker } from './crash-tracker.ts';
import { DiskGuard } from './disk-guard.ts';
import { DiskUsage } from './disk-usage.ts';
import { DoneMatcher } from './done-matcher.ts';
import { FlowControl } from './flow-control.ts';
import { cancelInstall } from './install-flow.ts';
import { killOrReport } from './kill-flow.ts';
import { PowerLock } from './power-lock.ts';
import { restoreFlow } from './restore-flow.ts';
import { beginAction, type ActionAnswer, type BeginnableAction, type BeginOptions } from './server-actions.ts';
import { ServerContainer } from './server-container.ts';
import { messageOf, warnOnFailure, type ServerContext } from './server-context.ts';
import { consoleLogger } from './server-logger.ts';
import type { ServerLogger } from './server-logger.ts';
import { isProcessUp, ServerState, type ServerStatusChange } from './server-state.ts';
import { ServerStateWriter } from './server-state-file.ts';
import type { PersistedServerState } from './server-state-file.ts';
import { DEFAULT_SERVER_TIMINGS, type ServerTimings } from './server-timings.ts';
import { ServerUsage } from './server-usage.ts';
import { PlayerSampler, queryWithGamedig, type QueryPlayers } from './player-query.ts';

export type { ActionAnswer, BeginnableAction, BeginOptions } from './server-actions.ts';
export type { ServerStatusChange } from './server-state.ts';
export { DEFAULT_SERVER_TIMINGS, type ServerTimings } from './server-timings.ts';

/**
 * - `status`: the status or its reason changed (never emitted for a non-change);
 * - `stats`: a usage sample, about once per statsIntervalMs while the process runs;
 * - `notice`: progress of a pull or install, or a warning (the disk filling up).
 */
export interface ServerInstanceEvents {
  status: [change: ServerStatusChange];
  stats: [resources: ServerResources];
  notice: [notice: ServerNotice];
}

export interface ServerInstanceOptions {
  spec: ServerSpec;
  environment: ProcessEnvironment;
  /** Host directory with the server's files, mounted into its container. */
  filesDir: string;
  /** Where this server's state (spec, status, backlog) is persisted. */
  stateFile: string;
  /** State saved by a previous agent process; `restore()` reconciles it with the container. */
  restored?: PersistedServerState;
  timings?: Partial<ServerTimings>;
  console?: ConsolePipelineOptions;
  logger?: ServerLogger;
  /** How players are counted; GameDig unless a test says otherwise. */
  queryPlayers?: QueryPlayers;
}

const IDLE = new Set<ServerStatus>(['stopped', 'crashed', 'install_failed']);
/** Enough output to find why a process could not run its startup, which it says last. */
const RUN_OUTPUT_LINES = 20;

/**
 * One game server on this node (after wings' server/server.go): what the agent knows about
 * it, its console and usage, and the entry points to its flows. The state machine lives in
 * server-state.ts; each flow (start, stop, kill, restart, install, restore, crash) in its own
 * module, cancelled through its Flow's AbortSignal when another one begins.
 */
export class ServerInstance extends EventEmitter<ServerInstanceEvents> {
  readonly serverId: string;
  readonly console: ConsolePipeline;

  readonly #ctx: ServerContext;
  readonly #writer: ServerStateWriter;
  readonly #diskGuard: DiskGuard;
  /** The saved status of a restart that was under way when the previous agent stopped, else null. */
  readonly #restoredRestart: ServerStatus | null;
  /** Whether a restart was under way at shutdown: the flow's own cleanup must not erase that. */
  #restartPendingAtShutdown: boolean | null = null;
  #disposed = false;

  readonly #onOutput = (chunk: string): void => this.console.push(chunk);
  readonly #onExit = (info: ExitInfo): void => handleExit(this.#ctx, info);
  readonly #onPull = (step: PullStep): void => {
    // A pull that ended without a fraction of 1 failed.
    const level = step.done && step.fraction === null ? 'warning' : 'info';
    this.emit('notice', { kind: 'pull', level, message: step.message, progress: step.fraction, done: step.done });
  };

  constructor(options: ServerInstanceOptions) {
    super();
    const { spec, environment, restored } = options;
    this.serverId = spec.id;
    this.console = new ConsolePipeline(options.console);
    const timings = { ...DEFAULT_SERVER_TIMINGS, ...options.timings };
    const logger = options.logger ?? consoleLogger;
    const paths = { hostDataDir: options.filesDir };
    const disk = new DiskUsage(options.filesDir, { cacheMs: timings.diskCacheMs });
    this.#ctx = {
      serverId: this.serverId,
      environment,
      paths,
      state: new ServerState(this.serverId, restored ?? { status: 'stopped', reason: null }),
      console: this.console,
      timings,
      logger,
      lock: new PowerLock(this.serverId),
      flows: new FlowControl(),
      disk,
      crashes: new CrashTracker({ baseDelayMs: timings.restartBaseDelayMs, maxDelayMs: timings.restartMaxDelayMs, windowMs: timings.crashWindowMs }),
      container: new ServerContainer(environment, paths),
      usage: new ServerUsage({
        environment,
        disk,
        intervalMs: timings.statsIntervalMs,
        onSample: (resources) => {
          this.console.publish({ type: 'stats', data: resources });
          this.emit('stats', resources);
          this.#diskGuard.check(resources.disk);
        },
        onError: warnOnFailure({ serverId: this.serverId, logger }, 'stats failed'),
        players: new PlayerSampler({
          intervalMs: timings.playersIntervalMs,
          query: options.queryPlayers ?? queryWithGamedig,
          target: () => this.#ctx.spec.query,
        }),
      }),
      runOutput: new RingBuffer<string>(RUN_OUTPUT_LINES),
      notify: (notice) => {
        // Pull and install lines are on the console already; a disk warning belongs there too.
        if (notice.kind === 'disk') this.console.push(`[StellarStack] ${notice.message}\n`);
        this.emit('notice', notice);
      },
      spec,
      // Nothing to install means installed; a restored state says otherwise when it knows.
      installed: restored?.installed ?? spec.install === null,
      restartPending: false,
    };
    this.#restoredRestart = restored?.restartPending === true ? restored.status : null;
    this.#diskGuard = new DiskGuard(this.#ctx);
    this.#writer = new ServerStateWriter(options.stateFile, () => this.#snapshot(), {
      delayMs: timings.persistDelayMs,
      onError: warnOnFailure(this.#ctx, 'could not save state'),
    });

    if (restored !== undefined) this.console.restoreBacklog(restored.backlog);
    this.#ctx.state.on('change', (change, previous) => {
      if (change.status !== previous) this.console.publish({ type: 'status', data: change.status });
      this.#ctx.usage.follow(change.status);
      this.#writer.schedule();
      this.emit('status', change);
    });
    this.console.onLine((line) => {
      this.#ctx.runOutput.push(line);
      this.#writer.schedule();
    });
    environment.events.on('output', this.#onOutput);
    environment.events.on('exit', this.#onExit);
    environment.events.on('pull', this.#onPull);
  }

  get status(): ServerStatus {
    return this.#ctx.state.status;
  }

  get reason(): string | null {
    return this.#ctx.state.reason;
  }

  get spec(): ServerSpec {
    return this.#ctx.spec;
  }

  /** Whether the install step has succeeded on this node (or there was none). */
  get installed(): boolean {
    return this.#ctx.installed;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  describe(): ServerDescription {
    return {
      serverId: this.serverId,
      status: this.status,
      reason: this.reason,
      resources: isProcessUp(this.status) ? this.#ctx.usage.latest : null,
    };
  }

  /**
   * Adds a console viewer: it gets the current status, then (when asked) the backlog, then
   * live frames, with nothing lost or repeated in between. Returns the unsubscribe function.
   */
  subscribe(viewer: ConsoleViewer, options: { replayBacklog?: boolean } = {}): () => void {
    return this.console.subscribe(viewer, {
      initial: [{ type: 'status', data: this.status }],
      replayBacklog: options.replayBacklog ?? false,
    });
  }

  /**
   * Begins a power action or an install and answers with the status it leads to, without
   * waiting for it (see beginAction): INVALID_STATE, SERVER_BUSY and NOT_FOUND are thrown now.
   */
  begin(action: BeginnableAction, options: BeginOptions = {}): ActionAnswer {
    this.#assertUsable();
    return beginAction(this.#ctx, action, options);
  }

  /** Runs a power action to its end (see the methods below). */
  async power(action: PowerAction): Promise<void> {
    await this.begin(action).finished;
  }

  /**
   * Starts the server. Resolves once its process has started (status `starting`, or
   * `running` at once when the blueprint has no done patterns); `running` follows when a
   * done pattern matches. Refused with DISK_LIMIT_EXCEEDED when over the disk limit.
   */
  start(): Promise<void> {
    return this.power('start');
  }

  /** Stops the server: the stop command or signal, then a kill once the grace period is over. */
  stop(): Promise<void> {
    return this.power('stop');
  }

  /** Stop (when running) then start, under one lock so nothing slips in between. */
  restart(): Promise<void> {
    return this.power('restart');
  }

  /** Kills the process at once, whatever else is in progress. */
  kill(): Promise<void> {
    return this.power('kill');
  }

  /**
   * Runs the install script (when the spec has one), streaming its output to the console.
   * Resolves when it finished; a failing script is not an exception but `install_failed`
   * with the reason.
   */
  async install(): Promise<void> {
    await this.begin('install').finished;
  }

  /** Stops the install under way; the server is install_failed at once (INVALID_STATE when nothing installs). */
  cancelInstall(): ServerStatus {
    this.#assertUsable();
    cancelInstall(this.#ctx);
    return this.status;
  }

  /** Stores a new spec from the controller and prepares the container for it (see prepareContainer). */
  async sync(spec: ServerSpec): Promise<void> {
    this.updateSpec(spec);
    await this.prepareContainer();
  }

  /** Takes a new spec from the controller; refuses one for another server or with an invalid done pattern. */
  updateSpec(spec: ServerSpec): void {
    this.#assertUsable();
    if (spec.id !== this.serverId) {
      throw new AppError('VALIDATION_ERROR', `spec for ${spec.id} sent to server ${this.serverId}`, { id: 'does not match the server' });
    }
    new DoneMatcher(spec.done); // refuses an invalid regular expression now, not at the next start
    this.#ctx.spec = spec;
    this.#writer.schedule();
  }

  /**
   * (Re)creates the container for the current spec now when the server is idle, so a bad image
   * shows up at sync time; otherwise the next start does it. A container that cannot be made
   * (an image that can't be pulled, say) makes the server install_failed with the reason,
   * until a reinstall.
   */
  async prepareContainer(): Promise<void> {
    const ctx = this.#ctx;
    // A held lock means a power action runs or waits; it prepares the container itself.
    if (!IDLE.has(ctx.state.status) || ctx.lock.holder !== null) return;
    try {
      await ctx.lock.run('sync', () => ctx.container.ensure(ctx.spec), { brief: true });
    } catch (error) {
      ctx.installed = false;
      ctx.flows.abort(); // a pending automatic restart or an action waiting behind this has nothing to work with
      ctx.state.set('install_failed', `could not prepare the container: ${messageOf(error)}`);
      throw error;
    }
  }

  /** Writes one line to the server's stdin; only while it is starting or running. */
  async sendCommand(line: string): Promise<void> {
    this.#assertUsable();
    this.#ctx.state.assertCanBegin('command', { restartPending: false });
    if (/[\r\n]/.test(line)) {
      throw new AppError('VALIDATION_ERROR', 'a console command is a single line', { command: 'must not contain line breaks' });
    }
    await this.#ctx.environment.sendCommand(line);
  }

  /** After an agent restart: reconciles the saved state with the container (see restoreFlow). */
  async restore(): Promise<void> {
    this.#assertUsable();
    const flow = this.#ctx.flows.begin('restore');
    await flow.track(restoreFlow(this.#ctx, flow));
    if (this.#restoredRestart !== null && !flow.aborted) this.#completeRestart(this.#restoredRestart);
  }

  /**
   * The previous agent stopped in the middle of a restart. Still stopping then (the game still
   * runs): restart again from the top. Already stopped (the stop half was done, or the game
   * exited meanwhile): start. A start that had begun was reattached by the restore as running.
   */
  #completeRestart(savedStatus: ServerStatus): void {
    const ctx = this.#ctx;
    const action = savedStatus === 'stopping' && ctx.state.status === 'running' ? 'restart' : ctx.state.status === 'stopped' ? 'start' : null;
    if (action === null) return;
    this.console.push('[StellarStack] Completing the restart that was under way when the agent stopped\n');
    try {
      this.begin(action).finished.catch(warnOnFailure(ctx, 'completing the interrupted restart failed'));
    } catch (error) {
      warnOnFailure(ctx, 'could not complete the interrupted restart')(error);
    }
  }

  /** Agent shutdown: stops flows, timers and listeners and saves state; the container keeps running. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#release();
    await this.#writer.close();
  }

  /**
   * Deletes the server from this node: process, container, files and saved state. If the
   * process cannot be killed the instance stays as it was, so the deletion can be retried.
   */
  async destroy(): Promise<void> {
    if (this.#disposed) return;
    const ctx = this.#ctx;
    const flow = ctx.flows.begin('destroy');
    try {
      // Through `stopping`, so the exit the kill causes is not taken for a crash.
      if (isProcessUp(ctx.state.status)) ctx.state.set('stopping', null);
      await killOrReport(ctx);
    } finally {
      flow.finish();
    }
    this.#release();
    await ctx.environment.destroy();
    await this.#writer.remove();
    await rm(ctx.paths.hostDataDir, { recursive: true, force: true });
  }

  #snapshot(): PersistedServerState {
    return {
      version: 1,
      spec: this.#ctx.spec,
      status: this.status,
      reason: this.reason,
      installed: this.#ctx.installed,
      backlog: this.console.backlog(),
      restartPending: this.#restartPendingAtShutdown ?? this.#ctx.restartPending,
    };
  }

  #assertUsable(): void {
    if (this.#disposed) throw new AppError('NOT_FOUND', `server ${this.serverId} is no longer managed by this agent`, { serverId: this.serverId });
  }

  #release(): void {
    this.#restartPendingAtShutdown = this.#ctx.restartPending;
    this.#disposed = true;
    this.#ctx.flows.abort();
    this.#ctx.usage.stop();
    this.#ctx.environment.events.off('output', this.#onOutput);
    this.#ctx.environment.events.off('exit', this.#onExit);
    this.#ctx.environment.events.off('pull', this.#onPull);
    this.console.dispose();
    this.removeAllListeners();
  }
}
