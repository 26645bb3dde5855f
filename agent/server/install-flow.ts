import { mkdir } from 'node:fs/promises';
import { describeExit } from './crash-tracker.ts';
import type { Flow } from './flow-control.ts';
import { messageOf, type ServerContext } from './server-context.ts';

/**
 * The install (and reinstall) action: prepares the container (an image pull can take
 * minutes), then runs the spec's install script, streaming its output to the console.
 * `installing` from the moment it is asked for when `announce`d (there is a script, or the
 * server is new here), so the answer and the status agree even while brief housekeeping still
 * holds the lock. A failure is not an exception but `install_failed` with the reason; without
 * a script the server is simply installed. Resolves when it is over.
 */
export function installFlow(ctx: ServerContext, flow: Flow, announce: boolean): Promise<void> {
  if (announce) ctx.state.set('installing', null);
  return ctx.lock.run('install', async () => {
    if (flow.aborted) return;
    const spec = ctx.spec;
    try {
      await mkdir(ctx.paths.hostDataDir, { recursive: true });
      await ctx.container.ensure(spec);
    } catch (error) {
      finish(ctx, flow, `could not prepare the container: ${messageOf(error)}`);
      return;
    }
    if (spec.install === null || flow.aborted) {
      finish(ctx, flow, null);
      return;
    }
    let failure: string | null;
    try {
      const exit = await ctx.environment.install(spec, ctx.paths, (chunk) => {
        if (!flow.aborted) ctx.console.push(chunk);
      });
      failure = exit.exitCode === 0 && !exit.oomKilled ? null : `install script ${describeExit(exit)}`;
    } catch (error) {
      failure = `install failed: ${messageOf(error)}`;
    }
    finish(ctx, flow, failure);
  });
}

/** Records how the install ended, unless someone else took over meanwhile. */
function finish(ctx: ServerContext, flow: Flow, failure: string | null): void {
  if (flow.aborted) return;
  ctx.console.flush();
  ctx.disk.invalidate();
  ctx.installed = failure === null;
  ctx.state.set(failure === null ? 'stopped' : 'install_failed', failure);
}
