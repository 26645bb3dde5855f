import type { ServerContext } from './server-context.ts';
import { stopFlow } from './stop-flow.ts';

const MiB = 1024 * 1024;
/** Share of the disk limit at which the owner is warned, once per crossing. */
export const DISK_WARNING_SHARE = 0.9;

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/**
 * Holds the disk limit while the server runs (Docker has no quota for bind mounts, so the
 * agent's own accounting is the limit): a `disk` warning notice when usage crosses 90 %, and at
 * 100 % a graceful stop whose reason says why. Fed with every usage sample's disk bytes.
 */
export class DiskGuard {
  readonly #ctx: ServerContext;
  #warned = false;

  constructor(ctx: ServerContext) {
    this.#ctx = ctx;
  }

  check(usedBytes: number): void {
    const ctx = this.#ctx;
    if (ctx.spec.disk <= 0) return; // 0 = no limit
    const limit = ctx.spec.disk * MiB;
    if (usedBytes < limit * DISK_WARNING_SHARE) {
      this.#warned = false; // space was freed: warn again when it fills up again
      return;
    }
    const share = Math.min(usedBytes / limit, 1);
    const usage = `${mib(usedBytes)} of its ${ctx.spec.disk} MiB disk limit (${Math.floor(share * 100)} %)`;
    if (usedBytes < limit) {
      if (this.#warned) return;
      this.#warned = true;
      ctx.notify({ kind: 'disk', level: 'warning', message: `The server uses ${usage}; it will be stopped when it reaches the limit.`, progress: share, done: false });
      return;
    }
    this.#stop(`stopped: the server reached its disk limit (uses ${usage}); free some space or raise the limit`);
  }

  /** A stop like the owner's own, unless another action holds the server: the next sample tries again. */
  #stop(reason: string): void {
    const ctx = this.#ctx;
    if (ctx.state.status !== 'running' && ctx.state.status !== 'starting') return;
    if (ctx.lock.holder !== null) return;
    ctx.notify({ kind: 'disk', level: 'warning', message: reason, progress: 1, done: true });
    const flow = ctx.flows.begin('stop');
    flow.track(stopFlow(ctx, flow, reason)).catch((error: unknown) => ctx.logger.warn(`${ctx.serverId}: stop at the disk limit failed: ${String(error)}`));
  }
}
