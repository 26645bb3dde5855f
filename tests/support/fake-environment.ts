import { EventEmitter } from 'node:events';
import type { ServerResources, ServerSpec } from '../../contracts/index.ts';
import type {
  EnvironmentEvents,
  EnvironmentFactory,
  EnvironmentPaths,
  ExitInfo,
  ProcessEnvironment,
} from '../../agent/environment/process-environment.ts';

/**
 * An in-memory ProcessEnvironment for state-machine tests: a "container" that exists or not,
 * a "process" that runs or not, output that only reaches listeners while attached (as with a
 * real attach stream), and controls to make the process print, crash or run out of memory.
 * It records every call so tests can assert order (attach before start) and what was sent.
 */

export type FakeCall = 'state' | 'create' | 'attach' | 'start' | 'command' | 'signal' | 'kill' | 'stats' | 'install' | 'destroy';

export interface FakeEnvironmentOptions {
  /** How long each call takes, in ms (0 or absent: it settles on the next microtask). */
  delays: Partial<Record<FakeCall, number>>;
  /** Whether the spec's stop command on stdin ends the process; false models a server that ignores it. */
  stopCommandEndsProcess: boolean;
  /** Whether a signal other than SIGKILL ends the process. */
  signalEndsProcess: boolean;
  /** How long the process takes to exit after its stop command or signal, in ms. */
  exitAfterStopMs: number;
  /** Printed the moment the process starts: lost unless attach() came first. */
  startupOutput: string[];
  /** Printed by the install script, in order. */
  installOutput: string[];
  installExit: ExitInfo;
  /** Makes the call throw. */
  failures: Partial<Record<FakeCall, Error>>;
}

export const DEFAULT_FAKE_OPTIONS: FakeEnvironmentOptions = {
  delays: {},
  stopCommandEndsProcess: true,
  signalEndsProcess: true,
  exitAfterStopMs: 0,
  startupOutput: [],
  installOutput: [],
  installExit: { exitCode: 0, oomKilled: false },
  failures: {},
};

const MiB = 1024 * 1024;

export class FakeEnvironment implements ProcessEnvironment {
  readonly serverId: string;
  readonly events = new EventEmitter<EnvironmentEvents>();
  options: FakeEnvironmentOptions;

  /** Every call, in order. */
  readonly calls: FakeCall[] = [];
  /** Lines written to stdin. */
  readonly commands: string[] = [];
  readonly signals: string[] = [];
  /** Output emitted while nobody was attached (a real stream would have lost it too). */
  readonly lostOutput: string[] = [];
  /** Specs passed to create(), in order. */
  readonly created: ServerSpec[] = [];
  /** Paths passed to create() or install(). */
  paths: EnvironmentPaths | null = null;

  spec: ServerSpec | null = null;
  containerExists = false;
  running = false;
  attached = false;
  starts = 0;
  lastExit: ExitInfo = { exitCode: 0, oomKilled: false };
  /** Overrides the stats sample while running. */
  statsSample: Omit<ServerResources, 'disk' | 'players'> | null = null;

  #startedAt = 0;
  #exitWaiters: ((info: ExitInfo) => void)[] = [];
  #pendingTimers = new Set<NodeJS.Timeout>();

  constructor(serverId: string, options: Partial<FakeEnvironmentOptions> = {}) {
    this.serverId = serverId;
    this.options = { ...DEFAULT_FAKE_OPTIONS, ...options };
  }

  // ---- test controls ----

  /** The process prints something; listeners get it only while attached. */
  emitOutput(chunk: string): void {
    if (this.attached) this.events.emit('output', chunk);
    else this.lostOutput.push(chunk);
  }

  /** The process exits on its own (a crash when the agent did not ask for it). */
  crash(exitCode = 1): void {
    this.#end({ exitCode, oomKilled: false });
  }

  /** The kernel's OOM killer ends the process. */
  oom(): void {
    this.#end({ exitCode: 137, oomKilled: true });
  }

  /** Models the container running with nobody attached, as after an agent restart. */
  detach(): void {
    this.attached = false;
    this.events.removeAllListeners();
  }

  /** Models a container already running when the agent boots. */
  setRunning(spec: ServerSpec): void {
    this.spec = spec;
    this.containerExists = true;
    this.running = true;
    this.#startedAt = Date.now();
  }

  listenerCount(): number {
    return this.events.listenerCount('output') + this.events.listenerCount('exit');
  }

  // ---- ProcessEnvironment ----

  async state(): Promise<'missing' | 'stopped' | 'running'> {
    await this.#call('state');
    if (!this.containerExists) return 'missing';
    return this.running ? 'running' : 'stopped';
  }

  async create(spec: ServerSpec, paths: EnvironmentPaths): Promise<void> {
    await this.#call('create');
    this.spec = spec;
    this.paths = paths;
    this.containerExists = true;
    this.created.push(spec);
  }

  async attach(): Promise<void> {
    await this.#call('attach');
    if (!this.containerExists) throw new Error(`fake: no container for ${this.serverId}`);
    this.attached = true;
  }

  async start(): Promise<void> {
    await this.#call('start');
    if (!this.containerExists) throw new Error(`fake: no container for ${this.serverId}`);
    if (this.running) return;
    this.running = true;
    this.starts += 1;
    this.#startedAt = Date.now();
    for (const chunk of this.options.startupOutput) this.emitOutput(chunk);
  }

  async sendCommand(line: string): Promise<void> {
    await this.#call('command');
    if (!this.running) throw new Error('fake: the process is not running');
    this.commands.push(line);
    const stop = this.spec?.stop;
    if (stop?.type === 'command' && stop.value === line && this.options.stopCommandEndsProcess) {
      this.#endLater({ exitCode: 0, oomKilled: false });
    }
  }

  async signal(signal: string): Promise<void> {
    await this.#call('signal');
    this.signals.push(signal);
    if (!this.running) return;
    if (signal === 'SIGKILL') this.#end({ exitCode: 137, oomKilled: false });
    else if (this.options.signalEndsProcess) this.#endLater({ exitCode: 0, oomKilled: false });
  }

  async kill(): Promise<void> {
    await this.#call('kill');
    if (this.running) this.#end({ exitCode: 137, oomKilled: false });
  }

  waitForExit(): Promise<ExitInfo> {
    if (!this.running) return Promise.resolve(this.lastExit);
    return new Promise((resolve) => this.#exitWaiters.push(resolve));
  }

  async stats(): Promise<Omit<ServerResources, 'disk' | 'players'> | null> {
    await this.#call('stats');
    if (!this.running) return null;
    return (
      this.statsSample ?? {
        cpu: 12.5,
        memory: 256 * MiB,
        memoryLimit: (this.spec?.memory ?? 1024) * MiB,
        networkRx: 1000,
        networkTx: 2000,
        uptime: Math.floor((Date.now() - this.#startedAt) / 1000),
      }
    );
  }

  /** Set while install() runs; aborting the signal "kills" the script at once, as Docker would. */
  installSignal: AbortSignal | null = null;

  async install(_spec: ServerSpec, paths: EnvironmentPaths, onOutput: (chunk: string) => void, signal?: AbortSignal): Promise<ExitInfo> {
    this.paths = paths;
    this.installSignal = signal ?? null;
    for (const chunk of this.options.installOutput) onOutput(chunk);
    const killed = new Promise<'killed'>((resolve) => signal?.addEventListener('abort', () => resolve('killed'), { once: true }));
    const outcome = await Promise.race([this.#call('install').then(() => 'done' as const), killed]);
    this.installSignal = null;
    return outcome === 'killed' ? { exitCode: 137, oomKilled: false } : this.options.installExit;
  }

  async destroy(): Promise<void> {
    await this.#call('destroy');
    if (this.running) this.#end({ exitCode: 137, oomKilled: false });
    this.containerExists = false;
    this.spec = null;
  }

  /** Cancels pending delayed calls and exits (they never settle) so a test can end cleanly. */
  dispose(): void {
    for (const timer of this.#pendingTimers) clearTimeout(timer);
    this.#pendingTimers.clear();
  }

  // ---- internals ----

  async #call(name: FakeCall): Promise<void> {
    this.calls.push(name);
    const delay = this.options.delays[name] ?? 0;
    if (delay > 0) {
      // Tracked, so dispose() lets a test end even while a long fake call is still "running".
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#pendingTimers.delete(timer);
          resolve();
        }, delay);
        this.#pendingTimers.add(timer);
      });
    } else {
      await Promise.resolve();
    }
    const failure = this.options.failures[name];
    if (failure !== undefined) throw failure;
  }

  #endLater(info: ExitInfo): void {
    if (this.options.exitAfterStopMs <= 0) {
      this.#end(info);
      return;
    }
    const timer = setTimeout(() => {
      this.#pendingTimers.delete(timer);
      this.#end(info);
    }, this.options.exitAfterStopMs);
    this.#pendingTimers.add(timer);
  }

  #end(info: ExitInfo): void {
    if (!this.running) return;
    this.running = false;
    this.lastExit = info;
    const waiters = this.#exitWaiters;
    this.#exitWaiters = [];
    // As with Docker, the exit is reported on the attach stream before it closes.
    if (this.attached) this.events.emit('exit', info);
    this.attached = false;
    for (const resolve of waiters) resolve(info);
  }
}

/**
 * The fake "Docker engine" of one node: one FakeEnvironment per server id, surviving agent
 * restarts (a second ServerManager built on the same FakeDocker finds its containers).
 */
export class FakeDocker {
  readonly environments = new Map<string, FakeEnvironment>();
  defaults: Partial<FakeEnvironmentOptions>;

  constructor(defaults: Partial<FakeEnvironmentOptions> = {}) {
    this.defaults = defaults;
  }

  readonly factory: EnvironmentFactory = (serverId) => this.environment(serverId);

  environment(serverId: string): FakeEnvironment {
    let environment = this.environments.get(serverId);
    if (environment === undefined) {
      environment = new FakeEnvironment(serverId, this.defaults);
      this.environments.set(serverId, environment);
    }
    return environment;
  }

  /** Models the agent process dying: containers keep running, every attach stream is gone. */
  agentRestarted(): void {
    for (const environment of this.environments.values()) environment.detach();
  }

  dispose(): void {
    for (const environment of this.environments.values()) environment.dispose();
  }
}

/** A spec with sensible test values; override what a test is about. */
export function testSpec(overrides: Partial<ServerSpec> = {}): ServerSpec {
  return {
    id: 'srv_test1',
    image: 'ghcr.io/example/game:latest',
    startup: './run.sh',
    startupMode: 'shell',
    environment: {},
    dataPath: '/home/container',
    memory: 1024,
    swap: 0,
    cpu: 100,
    disk: 1024,
    pids: 512,
    ports: [{ port: 25565, protocol: 'tcp' }],
    hostNetwork: false,
    stop: { type: 'command', value: 'stop' },
    done: ['Done ('],
    startTimeoutSeconds: 30,
    stopGraceSeconds: 5,
    install: null,
    restartPolicy: { enabled: false, maxRetries: 3 },
    configFiles: [],
    query: null,
    ...overrides,
  };
}

/**
 * Resolves once `condition` holds, polling every few ms; rejects with `what` after the
 * timeout. For state reached through timers and promises, without guessing a sleep.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
