import type { Flow } from './flow-control.ts';
import { killOrReport } from './kill-flow.ts';
import { messageOf, type ServerContext } from './server-context.ts';
import { settlesWithin } from './with-timeout.ts';

/**
 * Stops the process gracefully: the spec's stop command on stdin (or its signal), then a kill
 * once the grace period is over. Resolves true when it ended `stopped`, false when its flow
 * was aborted meanwhile (a kill or a deletion took over and owns the state from then on).
 * `why`, when the agent itself decided to stop it (the disk limit), is the stopped reason.
 */
export async function stopProcess(ctx: ServerContext, flow: Flow, why: string | null = null): Promise<boolean> {
  const spec = ctx.spec;
  ctx.state.set('stopping', null);
  let sent = true;
  try {
    if (spec.stop.type === 'command') await ctx.environment.sendCommand(spec.stop.value);
    else await ctx.environment.signal(spec.stop.value);
  } catch (error) {
    sent = false; // waiting out the grace period for a command that never arrived helps nobody
    ctx.logger.warn(`${ctx.serverId}: could not send the stop ${spec.stop.type}: ${messageOf(error)}`);
  }
  const graceMs = spec.stopGraceSeconds * ctx.timings.msPerSecond;
  const exited = sent ? await settlesWithin(ctx.environment.waitForExit(), graceMs, flow.signal) : { settled: false };
  if (flow.aborted) return false;
  let killed: string | null = null;
  if (!exited.settled) {
    await killOrReport(ctx);
    killed = sent ? `did not stop within ${spec.stopGraceSeconds}s; killed` : 'the stop command could not be sent; killed';
  }
  if (flow.aborted) return false;
  ctx.state.set('stopped', [why, killed].filter((part) => part !== null).join('; ') || null);
  return true;
}

/**
 * The stop action, under the power lock. From `crashed` there is nothing to stop but a
 * pending automatic restart, which beginning this flow already aborted.
 */
export function stopFlow(ctx: ServerContext, flow: Flow, why: string | null = null): Promise<void> {
  return ctx.lock.run('stop', async () => {
    if (flow.aborted) return;
    if (ctx.state.status === 'crashed') {
      ctx.state.set('stopped', null);
      return;
    }
    await stopProcess(ctx, flow, why);
  });
}
