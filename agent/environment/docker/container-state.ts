import type Docker from 'dockerode';
import type { ExitInfo } from '../process-environment.ts';
import { unlessNotFound } from './docker-errors.ts';

/** What waitForExit reports when there is no process at all (no container). */
export const NO_PROCESS: ExitInfo = { exitCode: 0, oomKilled: false };

/** Inspect, with "no such container" as null. */
export function inspectOrNull(container: Docker.Container): Promise<Docker.ContainerInspectInfo | null> {
  return unlessNotFound(container.inspect(), null);
}

export function exitInfoOf(info: Docker.ContainerInspectInfo): ExitInfo {
  return { exitCode: info.State.ExitCode, oomKilled: info.State.OOMKilled };
}

/** Resolves after `ms`, or when `pending` settles, whichever comes first. */
export function settleWithin(pending: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const settled = () => {
      clearTimeout(timer);
      resolve();
    };
    pending.then(settled, settled);
  });
}
