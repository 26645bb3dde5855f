import type { ServerNotice, ServerSpec } from '../../contracts/index.ts';
import type { RingBuffer } from '../../contracts/ring-buffer.ts';
import type { EnvironmentPaths, ProcessEnvironment } from '../environment/process-environment.ts';
import type { ConsolePipeline } from './console-pipeline.ts';
import type { CrashTracker } from './crash-tracker.ts';
import type { DiskUsage } from './disk-usage.ts';
import type { FlowControl } from './flow-control.ts';
import type { PowerLock } from './power-lock.ts';
import type { ServerContainer } from './server-container.ts';
import type { ServerLogger } from './server-logger.ts';
import type { ServerState } from './server-state.ts';
import type { ServerTimings } from './server-timings.ts';
import type { ServerUsage } from './server-usage.ts';

/**
 * Everything the flows of one server share; ServerInstance builds it and owns it. Flows are
 * plain functions of this context and their Flow, so each one reads top to bottom in its
 * own module.
 */
export interface ServerContext {
  readonly serverId: string;
  readonly environment: ProcessEnvironment;
  readonly paths: EnvironmentPaths;
  readonly state: ServerState;
  readonly console: ConsolePipeline;
  readonly timings: ServerTimings;
  readonly logger: ServerLogger;
  readonly lock: PowerLock;
  readonly flows: FlowControl;
  readonly disk: DiskUsage;
  readonly crashes: CrashTracker;
  readonly container: ServerContainer;
  readonly usage: ServerUsage;
  /** The last console lines of the current run (cleared at each start): what explains an exit. */
  readonly runOutput: RingBuffer<string>;
  /** Tells people watching the server something (pull or install progress, a disk warning). */
  notify(notice: ServerNotice): void;
  /** The latest spec from the controller. */
  spec: ServerSpec;
  /** Whether the install step has succeeded on this node (or there was none). */
  installed: boolean;
  /** A restart is between its stop and its start; saved, so an agent restart does not strand it. */
  restartPending: boolean;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A rejection handler that logs what failed, for work nobody waits for. */
export function warnOnFailure(ctx: Pick<ServerContext, 'serverId' | 'logger'>, what: string): (error: unknown) => void {
  return (error) => ctx.logger.warn(`${ctx.serverId}: ${what}: ${messageOf(error)}`);
}
