import type { ExitInfo } from '../environment/process-environment.ts';
import { describeExit, formatDuration } from './crash-tracker.ts';
import { explainStartupFailure } from './startup-failure.ts';
import type { Flow } from './flow-control.ts';
import { messageOf, type ServerContext } from './server-context.ts';
import { isProcessUp } from './server-state.ts';
import { startFlow } from './start-flow.ts';
import { delay } from './with-timeout.ts';

/**
 * The process ended. Only an exit from starting/running is a crash: exits during `stopping`
 * (a stop or kill) or after a start timeout (already `crashed`) were asked for.
 */
export function handleExit(ctx: ServerContext, info: ExitInfo): void {
  ctx.console.flush();
  ctx.disk.invalidate();
  if (isProcessUp(ctx.state.status)) handleCrash(ctx, info, '');
}

/**
 * An unplanned exit (after wings' server/crash.go): `crashed` with how it ended, and under the
 * server's restart policy an automatic restart with exponential backoff, until a crash loop
 * stops them. The crash aborts whatever flow was under way; a power action, kill or deletion
 * aborts the pending restart in turn.
 */
export function handleCrash(ctx: ServerContext, info: ExitInfo, context: string): void {
  const flow = ctx.flows.begin('crash');
  // "exited with code 127" helps nobody; the process's last words usually say what was missing.
  const explanation = explainStartupFailure(info, ctx.runOutput.toArray());
  const reason = explanation === null ? `${describeExit(info)}${context}` : `cannot run the startup: ${explanation} (${describeExit(info)})${context}`;
  const decision = ctx.crashes.record(ctx.spec.restartPolicy);
  switch (decision.action) {
    case 'none':
      flow.finish();
      ctx.state.set('crashed', reason);
      return;
    case 'give_up':
      flow.finish();
      ctx.state.set(
        'crashed',
        `${reason}; crashed ${decision.crashes} times within ${formatDuration(ctx.crashes.windowMs)}, so automatic restarts stopped (crash loop)`,
      );
      return;
    case 'restart':
      ctx.state.set('crashed', `${reason}; restarting in ${formatDuration(decision.delayMs)} (attempt ${decision.attempt} of ${decision.maxRetries})`);
      void flow.track(restartAfter(ctx, flow, decision.delayMs));
      return;
  }
}

/** Pending (and so cancellable by a stop or kill from `crashed`) until the process has started. */
async function restartAfter(ctx: ServerContext, flow: Flow, delayMs: number): Promise<void> {
  try {
    if (!(await delay(delayMs, flow.signal))) return;
    // Housekeeping holds the lock (a user's action would have aborted this flow): try again shortly.
    while (ctx.lock.holder !== null) {
      if (!(await delay(ctx.timings.restartBaseDelayMs, flow.signal))) return;
    }
    await startFlow(ctx, flow).finished;
  } catch (error) {
    ctx.logger.warn(`${ctx.serverId}: automatic restart failed: ${messageOf(error)}`);
    if (!flow.aborted && ctx.state.status === 'crashed') ctx.state.set('crashed', `automatic restart failed: ${messageOf(error)}`);
  }
}
