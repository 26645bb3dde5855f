import type { EventEmitter } from 'node:events';
import type { ServerResources, ServerSpec } from '../../contracts/index.ts';

/** How a container ended. `oomKilled` tells a memory-limit kill from an ordinary exit. */
export interface ExitInfo {
  exitCode: number;
  oomKilled: boolean;
}

/** A step of an image pull: what it says, the fraction downloaded when known, and whether it is over. */
export interface PullStep {
  image: string;
  message: string;
  fraction: number | null;
  done: boolean;
}

/**
 * Events an environment emits:
 * - `output` (chunk: string): console output, stdout and stderr merged, as it arrives;
 * - `exit` (info: ExitInfo): the attached process ended, whoever caused it;
 * - `pull` (step: PullStep): progress of an image pull (the game's or the installer's image).
 */
export interface EnvironmentEvents {
  output: [chunk: string];
  exit: [info: ExitInfo];
  pull: [step: PullStep];
}

/** Where a server's files live on this node and inside its container. */
export interface EnvironmentPaths {
  /** Absolute host path of the server's files (mounted at spec.dataPath). */
  hostDataDir: string;
}

/**
 * One server's process, hidden behind an interface so the state machine can be tested with a
 * FakeEnvironment and the Docker implementation against a real engine (after wings'
 * environment/environment.go). A Docker 404 is an answer ("missing"), never an exception.
 */
export interface ProcessEnvironment {
  readonly serverId: string;
  readonly events: EventEmitter<EnvironmentEvents>;

  /** Whether the container exists and whether its process runs. */
  state(): Promise<'missing' | 'stopped' | 'running'>;
  /** Makes sure the image is present (pulling it with progress on `output`), then creates the container, replacing one whose configuration differs. */
  create(spec: ServerSpec, paths: EnvironmentPaths): Promise<void>;
  /** Attaches to the process's stdin/stdout; must be called before start() so no first line is lost. Idempotent. */
  attach(): Promise<void>;
  start(): Promise<void>;
  /** Writes one line (a newline is added) to the process's stdin. */
  sendCommand(line: string): Promise<void>;
  /** Sends a signal to the process; a missing or stopped container is not an error. */
  signal(signal: string): Promise<void>;
  /** Kills the process at once. */
  kill(): Promise<void>;
  /** Resolves once the process is not running (immediately if it is not), with how it ended. */
  waitForExit(): Promise<ExitInfo>;
  /** One sample of live usage; null when the process is not running. `disk` and `players` are filled by the caller. */
  stats(): Promise<Omit<ServerResources, 'disk' | 'players'> | null>;
  /**
   * Runs the install script in its own hardened, throwaway container; output goes to `onOutput`.
   * Aborting `signal` kills that container (a cancel or the install timeout).
   */
  install(spec: ServerSpec, paths: EnvironmentPaths, onOutput: (chunk: string) => void, signal?: AbortSignal): Promise<ExitInfo>;
  /** Removes the container (and any install container). Idempotent. */
  destroy(): Promise<void>;
}

export type EnvironmentFactory = (serverId: string) => ProcessEnvironment;
