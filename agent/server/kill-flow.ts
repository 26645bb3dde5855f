import type { Flow } from './flow-control.ts';
import { messageOf, type ServerContext } from './server-context.ts';

/** Kills the process and waits for it to be gone; a process that already exited is not an error. */
export async function killProcess(ctx: ServerContext): Promise<void> {
  try {
    await ctx.environment.kill();
  } catch (error) {
    if ((await ctx.environment.state()) === 'running') throw error;
  }
  await ctx.environment.waitForExit();
}

/**
 * Kills the process; if it survives (Docker refused), a server on its way down says it is
 * still running, with the reason, instead of staying "stopping" forever, and the error goes
 * to the caller.
 */
export async function killOrReport(ctx: ServerContext): Promise<void> {
  try {
    await killProcess(ctx);
  } catch (error) {
    if (ctx.state.status === 'stopping') ctx.state.set('running', `could not be killed: ${messageOf(error)}`);
    throw error;
  }
}

/**
 * The kill action: ends the process at once, whatever else was in progress (beginning this
 * flow aborted it). From `crashed` there is no process, only a pending automatic restart,
 * which the abort already cancelled.
 */
export async function killFlow(ctx: ServerContext, flow: Flow): Promise<void> {
  if (ctx.state.status !== 'crashed') {
    // Through `stopping`, so the exit the kill causes is not taken for a crash.
    ctx.state.set('stopping', null);
    await killOrReport(ctx);
  }
  if (!flow.aborted) ctx.state.set('stopped', null);
}
