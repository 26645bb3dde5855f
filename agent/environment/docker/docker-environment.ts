import type Docker from 'dockerode';
import { EventEmitter } from 'node:events';
import { AppError } from '../../../contracts/index.ts';
import type { ServerSpec } from '../../../contracts/index.ts';
import type { EnvironmentEvents, EnvironmentPaths, ExitInfo, ProcessEnvironment } from '../process-environment.ts';
import { attachConsole } from './console-attachment.ts';
import type { ConsoleAttachment } from './console-attachment.ts';
import { containerName, LABEL_SPEC_HASH, specHash } from './container-identity.ts';
import { buildContainerOptions, defaultContainerSettings } from './container-options.ts';
import type { ContainerSettings } from './container-options.ts';
import { exitInfoOf, inspectOrNull, NO_PROCESS } from './container-state.ts';
import { resourcesFromStats } from './container-stats.ts';
import type { LiveResources } from './container-stats.ts';
import { daemonLine } from './daemon-line.ts';
import { prepareDataDir } from './data-dir.ts';
import { dockerStatusCode, isAlreadyInState, isNotFound, unlessNotFound } from './docker-errors.ts';
import { ensureImage, type PullProgress } from './ensure-image.ts';
import { removeInstallContainer, runInstall } from './install-runner.ts';
import { assertNetworkUsable } from './network-check.ts';

export interface DockerEnvironmentOptions {
  settings?: ContainerSettings;
  /** Passed to ensureImage: how long a pull may go without progress. */
  pullStallTimeoutMs?: number;
}

/** One attach to the container and the exit it is waiting for. */
interface Run {
  attachment: ConsoleAttachment;
  /** The container this attach belongs to, by id: the name may point at a newer container later. */
  container: Docker.Container;
  /** Set once the process is known to run during this attach (running when attached, or started through it). */
  started: boolean;
  /** Set when the container is replaced: its end is not news. */
  discarded: boolean;
  /** How the process ended; null when it never ran during this attach. */
  exited: Promise<ExitInfo | null>;
}

/**
 * A server's process as one Docker container named `stellar-<serverId>` (after wings'
 * environment/docker). The console is attached before the process starts, so no first line
 * is lost; the end of that attach, confirmed by the engine, is the `exit` event.
 */
export class DockerEnvironment implements ProcessEnvironment {
  readonly events = new EventEmitter<EnvironmentEvents>();
  readonly #settings: ContainerSettings;
  readonly #pullStallTimeoutMs: number | undefined;
  #run: Run | null = null;
  #attaching: Promise<void> | null = null;
  #cpuBaseline: { startedAt: string; cpu: Docker.ContainerStats['cpu_stats'] } | null = null;

  readonly #docker: Docker;

  constructor(
    readonly serverId: string,
    docker: Docker,
    options: DockerEnvironmentOptions = {},
  ) {
    this.#docker = docker;
    this.#settings = options.settings ?? defaultContainerSettings();
    this.#pullStallTimeoutMs = options.pullStallTimeoutMs;
  }

  /** The container by name: whichever container currently holds it. */
  get #container(): Docker.Container {
    return this.#docker.getContainer(containerName(this.serverId));
  }

  async state(): Promise<'missing' | 'stopped' | 'running'> {
    const info = await inspectOrNull(this.#container);
    if (!info) return 'missing';
    return info.State.Running ? 'running' : 'stopped';
  }

  async create(spec: ServerSpec, paths: EnvironmentPaths): Promise<void> {
    if (spec.id !== this.serverId) throw new Error(`spec of ${spec.id} given to the environment of ${this.serverId}`);
    await ensureImage(this.#docker, spec.image, this.#pullProgress(spec.image, (line) => this.#say(line)), { stallTimeoutMs: this.#pullStallTimeoutMs });
    const image = await this.#docker.getImage(spec.image).inspect();
    const options = buildContainerOptions(spec, paths, this.#settings);
    const hash = specHash(options, image.Id);
    options.Labels = { ...options.Labels, [LABEL_SPEC_HASH]: hash };
    await prepareDataDir(paths.hostDataDir, this.#settings.user);

    const existing = await inspectOrNull(this.#container);
    if (existing) {
      if (existing.Config.Labels?.[LABEL_SPEC_HASH] === hash) return;
      if (existing.State.Running) {
        // Never pull the rug from under a running game: keep it, and say so.
        this.#say('The server configuration changed while it is running; the change applies after it stops and starts again.');
        return;
      }
      this.#discardRun();
      await this.#removeGameContainer();
    }
    await this.#docker.createContainer(options);
  }

  attach(): Promise<void> {
    if (this.#run?.attachment.open) return Promise.resolve();
    this.#attaching ??= this.#openRun().finally(() => {
      this.#attaching = null;
    });
    return this.#attaching;
  }

  async start(): Promise<void> {
    await assertNetworkUsable(this.#docker, this.#container);
    await this.attach();
    try {
      await this.#container.start();
    } catch (error) {
      if (isNotFound(error)) throw this.#missingError();
      if (dockerStatusCode(error) !== 304) throw error; // 304: already running
    }
    if (this.#run) this.#run.started = true;
  }

  async sendCommand(line: string): Promise<void> {
    if (!this.#run?.attachment.open) {
      // After an agent restart the process may run without an attach yet.
      if ((await this.state()) !== 'running') throw new AppError('INVALID_STATE', `Server ${this.serverId} is not running`);
      await this.attach();
    }
    await this.#run?.attachment.write(`${line}\n`);
  }

  async signal(signal: string): Promise<void> {
    const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
    try {
      await this.#container.kill({ signal: name });
    } catch (error) {
      if (isNotFound(error) || isAlreadyInState(error)) return;
      throw error;
    }
  }

  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  async waitForExit(): Promise<ExitInfo> {
    const run = this.#run;
    // Only an attach that saw the process run ends with it: an attach to a stopped container
    // stays open for the next start (Docker's attach spans runs), so waiting on it would hang.
    if (run?.started && !run.discarded) {
      // Its ending resolves after the last output and the exit event.
      const exited = await run.exited;
      if (exited) return exited;
    }
    const info = await inspectOrNull(this.#container);
    if (!info) return NO_PROCESS;
    if (info.State.Running) {
      await unlessNotFound(this.#container.wait({ condition: 'not-running' }), null);
      const after = await inspectOrNull(this.#container);
      return after ? exitInfoOf(after) : NO_PROCESS;
    }
    return exitInfoOf(info);
  }

  async stats(): Promise<LiveResources | null> {
    const info = await inspectOrNull(this.#container);
    if (!info?.State.Running) return null;
    try {
      // The first sample of a run lets the engine take two samples (1-2 s), so its CPU usage
      // has a baseline. Later ones ask for one-shot, answered after one collection cycle (~1 s),
      // with our previous sample of the same run as the baseline: two-sample calls every time
      // made "stats once a second" every two to three seconds.
      const startedAt = info.State.StartedAt;
      const baseline = this.#cpuBaseline?.startedAt === startedAt ? this.#cpuBaseline.cpu : null;
      const sample = await this.#container.stats(baseline ? { stream: false, 'one-shot': true } : { stream: false });
      this.#cpuBaseline = { startedAt, cpu: sample.cpu_stats };
      return resourcesFromStats(baseline ? { ...sample, precpu_stats: baseline } : sample, startedAt);
    } catch (error) {
      if (isNotFound(error) || isAlreadyInState(error)) return null;
      throw error;
    }
  }

  install(spec: ServerSpec, paths: EnvironmentPaths, onOutput: (chunk: string) => void, signal?: AbortSignal): Promise<ExitInfo> {
    return runInstall(this.#docker, spec, paths, this.#settings, onOutput, {
      pullStallTimeoutMs: this.#pullStallTimeoutMs,
      onPull: spec.install ? this.#pullProgress(spec.install.image, (line) => onOutput(daemonLine(line))) : undefined,
      signal,
    });
  }

  async destroy(): Promise<void> {
    await this.#removeGameContainer();
    await removeInstallContainer(this.#docker, this.serverId);
    this.#run?.attachment.close();
  }

  // ---- internals ----

  async #openRun(): Promise<void> {
    const info = await inspectOrNull(this.#container);
    if (!info) throw this.#missingError();
    const container = this.#docker.getContainer(info.Id);
    const attachment = await attachConsole(this.#docker, container, {
      stdin: true,
      onOutput: (chunk) => this.events.emit('output', chunk),
    });
    const run: Run = { attachment, container, started: info.State.Running, discarded: false, exited: Promise.resolve(null) };
    // If it ended between the inspect and the attach, this attach waits for the next start instead.
    if (run.started && !(await inspectOrNull(container))?.State.Running) run.started = false;
    run.exited = attachment.ended.then(() => this.#settleExit(run));
    this.#run = run;
    void run.exited.then((exit) => {
      if (this.#run === run) this.#run = null;
      if (exit && !run.discarded) this.events.emit('exit', exit);
    });
  }

  /** The attach ended: ask the engine how (the stream can close a moment before the state says "exited"). */
  async #settleExit(run: Run): Promise<ExitInfo | null> {
    try {
      const waited = (await unlessNotFound(run.container.wait({ condition: 'not-running' }), null)) as { StatusCode?: number } | null;
      const info = await inspectOrNull(run.container);
      if (info) return info.State.Status === 'created' ? null : exitInfoOf(info);
      // Removed (destroy) while it ran: forced removal kills with SIGKILL.
      return run.started ? { exitCode: waited?.StatusCode ?? 137, oomKilled: false } : null;
    } catch (error) {
      this.#say(`Lost track of the server process: ${(error as Error).message}`);
      return null;
    }
  }

  #discardRun(): void {
    if (!this.#run) return;
    this.#run.discarded = true;
    this.#run.attachment.close();
    this.#run = null;
  }

  async #removeGameContainer(): Promise<void> {
    try {
      await this.#container.remove({ force: true, v: true });
    } catch (error) {
      // 409: a removal is already in progress, which is what was asked for.
      if (!isNotFound(error) && !isAlreadyInState(error)) throw error;
    }
  }

  #missingError(): AppError {
    return new AppError('INVALID_STATE', `Container ${containerName(this.serverId)} does not exist: create the server environment first`);
  }

  /** A pull's lines go to `say` (the console) and, as structured steps, to `pull` listeners. */
  #pullProgress(image: string, say: (line: string) => void): PullProgress {
    return (message, fraction, done) => {
      say(message);
      this.events.emit('pull', { image, message, fraction, done });
    };
  }

  #say(text: string): void {
    this.events.emit('output', daemonLine(text));
  }
}
