import { EventEmitter } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { AppError } from '../../contracts/index.ts';
import type { PowerAction, ServerDescription, ServerResources, ServerSpec, ServerStatus } from '../../contracts/index.ts';
import type { EnvironmentPaths, ExitInfo, ProcessEnvironment } from '../environment/process-environment.ts';
import type { ConsoleViewer } from './console-frames.ts';
import { ConsolePipeline } from './console-pipeline.ts';
import type { ConsolePipelineOptions } from './console-pipeline.ts';
import { CrashTracker, describeExit, formatDuration } from './crash-tracker.ts';
import { DiskUsage } from './disk-usage.ts';
import { DoneMatcher } from './done-matcher.ts';
import { PowerLock } from './power-lock.ts';
import { ResourceSampler } from './resource-sampler.ts';
import { consoleLogger } from './server-logger.ts';
import type { ServerLogger } from './server-logger.ts';
import { ServerStateWriter } from './server-state-file.ts';
import type { PersistedServerState } from './server-state-file.ts';
import { settlesWithin } from './with-timeout.ts';

export interface ServerStatusChange {
  status: ServerStatus;
  reason: string | null;
}

/**
 * - `status`: the status or its reason changed (never emitted for a non-change);
 * - `stats`: a usage sample, about once per statsIntervalMs while the process runs.
 */
export interface ServerInstanceEvents {
  status: [change: ServerStatusChange];
  stats: [resources: ServerResources];
}

/** Every delay the state machine uses; tests shrink them instead of sleeping. */
export interface ServerTimings {
  /** Length of one "second" of the spec's startTimeoutSeconds and stopGraceSeconds. */
  msPerSecond: number;
  statsIntervalMs: number;
  /** First automatic restart delay after a crash; doubled for each further crash in the window. */
  restartBaseDelayMs: number;
  restartMaxDelayMs: number;
  /** Crashes within this window count towards a crash loop. */
  crashWindowMs: number;
  /** The state file (backlog, status) is written at most this long after a change. */
  persistDelayMs: number;
  /** How long a disk measurement is reused for stats. */
  diskCacheMs: number;
}

export const DEFAULT_SERVER_TIMINGS: ServerTimings = {
  msPerSecond: 1000,
  statsIntervalMs: 1000,
  restartBaseDelayMs: 1000,
  restartMaxDelayMs: 60_000,
  crashWindowMs: 10 * 60_000,
  persistDelayMs: 1000,
  diskCacheMs: 5000,
};

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
}

type Transition = PowerAction | 'install' | 'command';

const ALLOWED_FROM: Record<Transition, readonly ServerStatus[]> = {
  install: ['stopped', 'crashed', 'install_failed'],
  start: ['stopped', 'crashed'],
  stop: ['starting', 'running', 'crashed'],
  restart: ['stopped', 'crashed', 'starting', 'running'],
  kill: ['starting', 'running', 'stopping', 'crashed'],
  command: ['starting', 'running'],
};

const VERBS: Record<Transition, string> = {
  install: 'install',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
  kill: 'kill',
  command: 'send a command to',
};

const MiB = 1024 * 1024;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One game server on this node: its state machine, console and usage sampling, driving a
 * ProcessEnvironment (after wings' server/server.go and server/power.go).
 *
 * States: installing → stopped | install_failed; stopped → starting → running → stopping →
 * stopped; starting|running → crashed on an exit nobody asked for. A planned stop or kill
 * goes through `stopping`, so an exit is a crash exactly when it happens in starting/running.
 * Power actions take the PowerLock; kill does not. Long flows remember the `epoch` they began
 * in: a kill, crash or deletion bumps it, and a flow that wakes up in a newer epoch gives up
 * instead of overwriting what happened meanwhile.
 */
export class ServerInstance extends EventEmitter<ServerInstanceEvents> {
  readonly serverId: string;
  readonly console: ConsolePipeline;

  readonly #environment: ProcessEnvironment;
  readonly #paths: EnvironmentPaths;
  readonly #timings: ServerTimings;
  readonly #logger: ServerLogger;
  readonly #lock: PowerLock;
  readonly #disk: DiskUsage;
  readonly #sampler: ResourceSampler;
  readonly #crashes: CrashTracker;
  readonly #writer: ServerStateWriter;

  #spec: ServerSpec;
  #status: ServerStatus = 'stopped';
  #reason: string | null = null;
  #installed: boolean;
  #resources: ServerResources | null = null;
  /** The spec the container was last created from; a different one means "recreate before starting". */
  #createdFor: ServerSpec | null = null;
  #matcher: DoneMatcher;
  #epoch = 0;
  /** Bumped by kill and deletion: a restart in progress must not start the server again afterwards. */
  #interruptions = 0;
  #startTimer: NodeJS.Timeout | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  /** A crash scheduled an automatic restart that has not started yet. */
  #restartPending = false;
  #disposed = false;

  readonly #onOutput = (chunk: string): void => this.console.push(chunk);
  readonly #onExit = (info: ExitInfo): void => this.#handleExit(info);

  constructor(options: ServerInstanceOptions) {
    super();
    this.#spec = options.spec;
    this.#matcher = new DoneMatcher(options.spec.done);
    // Nothing to install means installed; a restored state below says otherwise when it knows.
    this.#installed = options.spec.install === null;
    this.serverId = options.spec.id;
    this.#environment = options.environment;
    this.#paths = { hostDataDir: options.filesDir };
    this.#timings = { ...DEFAULT_SERVER_TIMINGS, ...options.timings };
    this.#logger = options.logger ?? consoleLogger;
    this.#lock = new PowerLock(this.serverId);
    this.#disk = new DiskUsage(options.filesDir, { cacheMs: this.#timings.diskCacheMs });
    this.#crashes = new CrashTracker({
      baseDelayMs: this.#timings.restartBaseDelayMs,
      maxDelayMs: this.#timings.restartMaxDelayMs,
      windowMs: this.#timings.crashWindowMs,
    });
    this.#sampler = new ResourceSampler({
      intervalMs: this.#timings.statsIntervalMs,
      sample: () => this.#sample(),
      onSample: (resources) => {
        this.#resources = resources;
        this.console.publish({ type: 'stats', data: resources });
        this.emit('stats', resources);
      },
      onError: (error) => this.#logger.warn(`${this.serverId}: stats failed: ${messageOf(error)}`),
    });
    this.#writer = new ServerStateWriter(options.stateFile, () => this.#snapshot(), {
      delayMs: this.#timings.persistDelayMs,
      onError: (error) => this.#logger.warn(`${this.serverId}: could not save state: ${messageOf(error)}`),
    });

    this.console = new ConsolePipeline(options.console);
    const restored = options.restored;
    if (restored !== undefined) {
      this.#status = restored.status;
      this.#reason = restored.reason;
      this.#installed = restored.installed;
      this.console.restoreBacklog(restored.backlog);
    }
    this.console.onLine((line) => this.#handleLine(line));
    this.#environment.events.on('output', this.#onOutput);
    this.#environment.events.on('exit', this.#onExit);
  }

  get status(): ServerStatus {
    return this.#status;
  }

  get reason(): string | null {
    return this.#reason;
  }

  get spec(): ServerSpec {
    return this.#spec;
  }

  /** Whether the install step has succeeded on this node (or there was none). */
  get installed(): boolean {
    return this.#installed;
  }

  describe(): ServerDescription {
    return {
      serverId: this.serverId,
      status: this.#status,
      reason: this.#reason,
      resources: this.#isProcessUp() ? this.#resources : null,
    };
  }

  /**
   * Adds a console viewer: it gets the current status, then (when asked) the backlog, then
   * live frames, with nothing lost or repeated in between. Returns the unsubscribe function.
   */
  subscribe(viewer: ConsoleViewer, options: { replayBacklog?: boolean } = {}): () => void {
    return this.console.subscribe(viewer, {
      initial: [{ type: 'status', data: this.#status }],
      replayBacklog: options.replayBacklog ?? false,
    });
  }

  /**
   * Throws now, synchronously, if `action` cannot happen in the current state (INVALID_STATE)
   * or another power action holds the lock (SERVER_BUSY). Lets a caller refuse a request
   * before starting something long in the background.
   */
  checkTransition(action: Transition): void {
    this.#assertUsable();
    const allowed = ALLOWED_FROM[action].includes(this.#status);
    // stop and kill from `crashed` only make sense while an automatic restart is pending.
    const crashedWithNothingToStop = this.#status === 'crashed' && (action === 'stop' || action === 'kill') && !this.#restartPending;
    if (!allowed || crashedWithNothingToStop) {
      const hint = this.#status === 'install_failed' ? ' (its installation failed: reinstall it first)' : '';
      throw new AppError('INVALID_STATE', `cannot ${VERBS[action]} server ${this.serverId}: it is ${this.#status}${hint}`, {
        serverId: this.serverId,
        status: this.#status,
        action,
      });
    }
    if (action !== 'kill' && action !== 'command' && this.#lock.busy) {
      throw new AppError('SERVER_BUSY', `server ${this.serverId} is busy with "${this.#lock.holder}"; try again when it finishes`, {
        serverId: this.serverId,
        busyWith: this.#lock.holder,
      });
    }
  }

  power(action: PowerAction): Promise<void> {
    switch (action) {
      case 'start':
        return this.start();
      case 'stop':
        return this.stop();
      case 'restart':
        return this.restart();
      case 'kill':
        return this.kill();
    }
  }

  /**
   * Stores a new spec from the controller. The container is (re)created now when the server
   * is not running, so a bad image shows up at sync time; otherwise before the next start.
   */
  async sync(spec: ServerSpec): Promise<void> {
    this.#assertUsable();
    if (spec.id !== this.serverId) {
      throw new AppError('VALIDATION_ERROR', `spec for ${spec.id} sent to server ${this.serverId}`, { id: 'does not match the server' });
    }
    new DoneMatcher(spec.done); // refuses an invalid regular expression now, not at the next start
    this.#spec = spec;
    this.#writer.schedule();
    const idle = this.#status === 'stopped' || this.#status === 'crashed' || this.#status === 'install_failed';
    // A busy lock means a power action runs; the next start recreates the container anyway.
    if (!idle || this.#lock.holder !== null) return;
    try {
      await this.#lock.run('sync', () => this.#ensureContainer(), { brief: true });
    } catch (error) {
      // A server whose container cannot be made (an image that can't be pulled, say) must not
      // sit in its old state forever: it is install_failed with the reason, until a reinstall.
      this.#installed = false;
      this.#setStatus('install_failed', `could not prepare the container: ${messageOf(error)}`);
      throw error;
    }
  }

  /**
   * Runs the install script (when the spec has one), streaming its output to the console.
   * Resolves when it finished; a failing script is not an exception but `install_failed`
   * with the reason.
   */
  async install(): Promise<void> {
    this.checkTransition('install');
    await this.#lock.run('install', async () => {
      this.#cancelRestart();
      const spec = this.#spec;
      if (spec.install === null) {
        await mkdir(this.#paths.hostDataDir, { recursive: true });
        this.#installed = true;
        this.#setStatus('stopped', null);
        return;
      }
      const epoch = ++this.#epoch;
      this.#setStatus('installing', null);
      let failure: string | null;
      try {
        await mkdir(this.#paths.hostDataDir, { recursive: true });
        const exit = await this.#environment.install(spec, this.#paths, (chunk) => {
          if (epoch === this.#epoch) this.console.push(chunk);
        });
        failure = exit.exitCode === 0 && !exit.oomKilled ? null : `install script ${describeExit(exit)}`;
      } catch (error) {
        failure = `install failed: ${messageOf(error)}`;
      }
      if (epoch !== this.#epoch) return;
      this.console.flush();
      this.#disk.invalidate();
      this.#installed = failure === null;
      this.#setStatus(failure === null ? 'stopped' : 'install_failed', failure);
    });
  }

  /**
   * Starts the server. Resolves once its process has started (status `starting`, or
   * `running` at once when the blueprint has no done patterns); `running` follows when a
   * done pattern matches. Refused with DISK_LIMIT_EXCEEDED when over the disk limit.
   */
  async start(): Promise<void> {
    this.checkTransition('start');
    await this.#lock.run('start', async () => {
      this.#cancelRestart();
      this.#crashes.reset();
      await this.#startProcess();
    });
  }

  /** Stops the server: the stop command or signal, then a kill once the grace period is over. */
  async stop(): Promise<void> {
    this.checkTransition('stop');
    await this.#lock.run('stop', async () => {
      if (this.#status === 'crashed') {
        this.#cancelRestart();
        this.#setStatus('stopped', null);
        return;
      }
      await this.#stopProcess();
    });
  }

  /** Stop (when running) then start, under one lock so nothing slips in between. */
  async restart(): Promise<void> {
    this.checkTransition('restart');
    const interruptions = this.#interruptions;
    await this.#lock.run('restart', async () => {
      this.#cancelRestart();
      this.#crashes.reset();
      if (this.#status === 'starting' || this.#status === 'running') {
        const stopped = await this.#stopProcess();
        if (!stopped || this.#interruptions !== interruptions) return;
      }
      await this.#startProcess();
    });
  }

  /** Kills the process at once, whatever else is in progress. */
  async kill(): Promise<void> {
    this.checkTransition('kill');
    this.#interruptions += 1;
    const epoch = ++this.#epoch;
    this.#leaveRun();
    this.#cancelRestart();
    if (this.#status !== 'crashed') {
      this.#setStatus('stopping', null);
      await this.#killOrReport();
    }
    if (epoch === this.#epoch) this.#setStatus('stopped', null);
  }

  /** Writes one line to the server's stdin; only while it is starting or running. */
  async sendCommand(line: string): Promise<void> {
    this.checkTransition('command');
    if (/[\r\n]/.test(line)) {
      throw new AppError('VALIDATION_ERROR', 'a console command is a single line', { command: 'must not contain line breaks' });
    }
    await this.#environment.sendCommand(line);
  }

  /**
   * After an agent restart: reconciles the saved state with the container. A running
   * container is reattached and counts as running (its done line scrolled by long ago); the
   * saved backlog is already in the console.
   */
  async restore(): Promise<void> {
    this.#assertUsable();
    const saved = this.#status;
    const state = await this.#environment.state();
    if (state === 'running') {
      await this.#environment.attach();
      ++this.#epoch;
      this.#setStatus('running', null);
      this.#sampler.start();
      // It may have exited between the check and the attach, with no exit event to tell us.
      if ((await this.#environment.state()) !== 'running' && this.#status === 'running') {
        this.#handleExit(await this.#environment.waitForExit());
      }
      return;
    }
    if (saved === 'installing') {
      this.#setStatus('install_failed', 'the installation was interrupted by an agent restart');
    } else if ((saved === 'starting' || saved === 'running') && state === 'stopped') {
      this.#crash(await this.#environment.waitForExit(), ' while the agent was not running');
    } else if (saved === 'starting' || saved === 'running') {
      this.#setStatus('stopped', 'the container was removed while the agent was not running');
    } else if (saved === 'stopping') {
      this.#setStatus('stopped', null);
    }
  }

  /** Agent shutdown: stops timers and listeners and saves state; the container keeps running. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#release();
    await this.#writer.close();
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Deletes the server from this node: process, container, files and saved state. If the
   * process cannot be killed the instance stays as it was, so the deletion can be retried.
   */
  async destroy(): Promise<void> {
    if (this.#disposed) return;
    this.#interruptions += 1;
    ++this.#epoch;
    this.#leaveRun();
    this.#cancelRestart();
    // Through `stopping`, so the exit the kill causes is not taken for a crash.
    if (this.#isProcessUp()) this.#setStatus('stopping', null);
    await this.#killOrReport();
    this.#release();
    await this.#environment.destroy();
    await this.#writer.remove();
    await rm(this.#paths.hostDataDir, { recursive: true, force: true });
  }

  // ---- flows (called under the lock) ----

  async #startProcess(): Promise<void> {
    const spec = this.#spec;
    const interruptions = this.#interruptions;
    const interrupted = (): boolean => this.#interruptions !== interruptions;
    await this.#assertDiskWithinLimit(spec);
    if (interrupted()) return;
    await this.#ensureContainer();
    if (interrupted()) return;
    // Attach first, so the first lines the process prints are not lost (wings power.go).
    await this.#environment.attach();
    if (interrupted()) return;

    const previous = this.#status;
    const epoch = ++this.#epoch;
    this.#matcher = new DoneMatcher(spec.done);
    this.#setStatus('starting', null);
    this.#sampler.start();
    if (!this.#matcher.isEmpty) this.#armStartTimeout(spec, epoch);
    try {
      await this.#environment.start();
    } catch (error) {
      if (epoch === this.#epoch) {
        ++this.#epoch;
        this.#leaveRun();
        this.#setStatus(previous === 'crashed' ? 'crashed' : 'stopped', `failed to start: ${messageOf(error)}`);
      }
      throw error;
    }
    if (epoch !== this.#epoch) {
      // Killed (or timed out) while Docker was still starting it: make sure it stays down.
      if (this.#status !== 'starting' && this.#status !== 'running') {
        await this.#killProcess().catch((error: unknown) => this.#logger.warn(`${this.serverId}: kill after an interrupted start failed: ${messageOf(error)}`));
      }
      return;
    }
    if (this.#matcher.isEmpty) this.#becomeRunning();
  }

  /** Returns false when something else (a kill, a deletion) took over while it waited. */
  async #stopProcess(): Promise<boolean> {
    const spec = this.#spec;
    const epoch = ++this.#epoch;
    this.#leaveRun();
    this.#setStatus('stopping', null);
    let sent = true;
    try {
      if (spec.stop.type === 'command') await this.#environment.sendCommand(spec.stop.value);
      else await this.#environment.signal(spec.stop.value);
    } catch (error) {
      sent = false; // waiting out the grace period for a command that never arrived helps nobody
      this.#logger.warn(`${this.serverId}: could not send the stop ${spec.stop.type}: ${messageOf(error)}`);
    }
    let reason: string | null = null;
    const graceMs = spec.stopGraceSeconds * this.#timings.msPerSecond;
    const exited = sent ? await settlesWithin(this.#environment.waitForExit(), graceMs) : { settled: false };
    if (!exited.settled) {
      await this.#killOrReport();
      reason = sent ? `did not stop within ${spec.stopGraceSeconds}s; killed` : 'the stop command could not be sent; killed';
    }
    if (epoch !== this.#epoch) return false;
    this.#setStatus('stopped', reason);
    return true;
  }

  /** Kills the process and waits for it to be gone; a process that already exited is not an error. */
  async #killProcess(): Promise<void> {
    try {
      await this.#environment.kill();
    } catch (error) {
      if ((await this.#environment.state()) === 'running') throw error;
    }
    await this.#environment.waitForExit();
  }

  /**
   * Kills the process; if it survives (Docker refused), the status says so instead of
   * staying "stopping" forever, and the error goes to the caller.
   */
  async #killOrReport(): Promise<void> {
    try {
      await this.#killProcess();
    } catch (error) {
      ++this.#epoch;
      this.#setStatus('running', `could not be killed: ${messageOf(error)}`);
      this.#sampler.start();
      throw error;
    }
  }

  async #ensureContainer(): Promise<void> {
    if (this.#createdFor === this.#spec) return;
    const spec = this.#spec;
    await mkdir(this.#paths.hostDataDir, { recursive: true });
    await this.#environment.create(spec, this.#paths);
    this.#createdFor = spec;
  }

  async #assertDiskWithinLimit(spec: ServerSpec): Promise<void> {
    if (spec.disk <= 0) return; // 0 = no limit, as in the panels this ecosystem comes from
    const used = await this.#disk.bytes({ fresh: true });
    const limit = spec.disk * MiB;
    if (used <= limit) return;
    throw new AppError(
      'DISK_LIMIT_EXCEEDED',
      `server ${this.serverId} uses ${(used / MiB).toFixed(1)} MiB of its ${spec.disk} MiB disk limit; free some space or raise the limit before starting it`,
      { serverId: this.serverId, usedBytes: used, limitBytes: limit },
    );
  }

  // ---- events from the process ----

  #handleLine(line: string): void {
    this.#writer.schedule();
    if (this.#status === 'starting' && this.#matcher.matches(line)) this.#becomeRunning();
  }

  #handleExit(info: ExitInfo): void {
    this.console.flush();
    this.#disk.invalidate();
    // Exits during stopping (stop, kill) or after a start timeout were asked for.
    if (this.#status !== 'starting' && this.#status !== 'running') return;
    this.#crash(info, '');
  }

  #crash(info: ExitInfo, context: string): void {
    ++this.#epoch;
    this.#leaveRun();
    const reason = `${describeExit(info)}${context}`;
    const decision = this.#crashes.record(this.#spec.restartPolicy);
    switch (decision.action) {
      case 'none':
        this.#setStatus('crashed', reason);
        return;
      case 'give_up':
        this.#setStatus(
          'crashed',
          `${reason}; crashed ${decision.crashes} times within ${formatDuration(this.#crashes.windowMs)}, so automatic restarts stopped (crash loop)`,
        );
        return;
      case 'restart':
        this.#restartPending = true;
        this.#setStatus('crashed', `${reason}; restarting in ${formatDuration(decision.delayMs)} (attempt ${decision.attempt} of ${decision.maxRetries})`);
        this.#scheduleRestart(decision.delayMs);
        return;
    }
  }

  #scheduleRestart(delayMs: number): void {
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      void this.#restartAfterCrash();
    }, delayMs);
  }

  async #restartAfterCrash(): Promise<void> {
    if (this.#disposed || this.#status !== 'crashed' || !this.#restartPending) return;
    // An admin's action holds the lock: try again shortly rather than fail or queue.
    if (this.#lock.holder !== null) {
      this.#scheduleRestart(this.#timings.restartBaseDelayMs);
      return;
    }
    try {
      // Still "pending" until the process starts, so a kill or stop in between cancels it.
      await this.#lock.run('start', () => this.#startProcess().finally(() => (this.#restartPending = false)));
    } catch (error) {
      this.#logger.warn(`${this.serverId}: automatic restart failed: ${messageOf(error)}`);
      if (this.#status === 'crashed') this.#setStatus('crashed', `automatic restart failed: ${messageOf(error)}`);
    }
  }

  #armStartTimeout(spec: ServerSpec, epoch: number): void {
    this.#startTimer = setTimeout(() => {
      this.#startTimer = null;
      if (epoch !== this.#epoch || this.#status !== 'starting') return;
      ++this.#epoch;
      this.#leaveRun();
      // crashed before the kill, so the exit the kill causes is not taken for a crash.
      this.#setStatus('crashed', `did not report running within ${spec.startTimeoutSeconds}s; killed`);
      this.#environment.kill().catch((error: unknown) => this.#logger.warn(`${this.serverId}: kill after start timeout failed: ${messageOf(error)}`));
    }, spec.startTimeoutSeconds * this.#timings.msPerSecond);
  }

  #becomeRunning(): void {
    this.#clearStartTimer();
    this.#setStatus('running', null);
  }

  // ---- state ----

  #setStatus(status: ServerStatus, reason: string | null): void {
    if (status === this.#status && reason === this.#reason) return;
    const statusChanged = status !== this.#status;
    this.#status = status;
    this.#reason = reason;
    if (statusChanged) this.console.publish({ type: 'status', data: status });
    this.#writer.schedule();
    this.emit('status', { status, reason });
  }

  #isProcessUp(): boolean {
    return this.#status === 'starting' || this.#status === 'running';
  }

  /** Everything that only exists while the process is up. */
  #leaveRun(): void {
    this.#clearStartTimer();
    this.#sampler.stop();
    this.#resources = null;
  }

  #clearStartTimer(): void {
    if (this.#startTimer !== null) clearTimeout(this.#startTimer);
    this.#startTimer = null;
  }

  #cancelRestart(): void {
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    this.#restartPending = false;
  }

  async #sample(): Promise<ServerResources | null> {
    const usage = await this.#environment.stats();
    if (usage === null) return null;
    return { ...usage, disk: await this.#disk.bytes() };
  }

  #snapshot(): PersistedServerState {
    return {
      version: 1,
      spec: this.#spec,
      status: this.#status,
      reason: this.#reason,
      installed: this.#installed,
      backlog: this.console.backlog(),
    };
  }

  #assertUsable(): void {
    if (this.#disposed) throw new AppError('NOT_FOUND', `server ${this.serverId} is no longer managed by this agent`, { serverId: this.serverId });
  }

  #release(): void {
    this.#disposed = true;
    this.#leaveRun();
    this.#cancelRestart();
    this.#environment.events.off('output', this.#onOutput);
    this.#environment.events.off('exit', this.#onExit);
    this.console.dispose();
    this.removeAllListeners();
  }
}
