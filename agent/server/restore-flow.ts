import { handleCrash } from './crash-flow.ts';
import type { Flow } from './flow-control.ts';
import type { ServerContext } from './server-context.ts';

/**
 * After an agent restart: reconciles the saved state with the container. A running container
 * is reattached and counts as running (its done line scrolled by long ago; the saved backlog
 * is already in the console). Otherwise the saved state says what happened while the agent
 * was away: an interrupted install failed, a process that was up crashed or was removed.
 */
export async function restoreFlow(ctx: ServerContext, flow: Flow): Promise<void> {
  const saved = ctx.state.status;
  const container = await ctx.environment.state();
  if (flow.aborted) return;
  if (container === 'running') {
    await ctx.environment.attach();
    if (flow.aborted) return;
    ctx.state.adopt('running', null);
    // Running before and after publishes nothing, but the process is ours to sample again.
    ctx.usage.follow('running');
    // It may have exited between the check and the attach, with no exit event to tell us.
    if ((await ctx.environment.state()) === 'running' || flow.aborted) return;
    const exit = await ctx.environment.waitForExit();
    if (!flow.aborted) handleCrash(ctx, exit, '');
    return;
  }
  if (saved === 'installing') {
    ctx.state.adopt('install_failed', 'the installation was interrupted by an agent restart');
  } else if ((saved === 'starting' || saved === 'running') && container === 'stopped') {
    const exit = await ctx.environment.waitForExit();
    if (!flow.aborted) handleCrash(ctx, exit, ' while the agent was not running');
  } else if (saved === 'starting' || saved === 'running') {
    ctx.state.adopt('stopped', 'the container was removed while the agent was not running');
  } else if (saved === 'stopping') {
    ctx.state.adopt('stopped', null);
  }
}
