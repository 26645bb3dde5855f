import { mkdir } from 'node:fs/promises';
import { AppError } from '../../contracts/index.ts';
import { describeExit, formatDuration } from './crash-tracker.ts';
import type { Flow } from './flow-control.ts';
import { InstallProgress } from './install-progress.ts';
import { messageOf, type ServerContext } from './server-context.ts';

/**
 * The install (and reinstall) action: prepares the container (an image pull can take
 * minutes), then runs the spec's install script, streaming its output to the console.
 * `installing` from the moment it is asked for when `announce`d (there is a script, or the
 * server is new here), so the answer and the status agree even while brief housekeeping still
 * holds the lock. A failure is not an exception but `install_failed` with the reason; without
 * a script the server is simply installed. The script has the spec's timeout and can be
 * cancelled (cancelInstall); either kills its container. Resolves when it is over.
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
    const timeoutMs = spec.install.timeoutSeconds * ctx.timings.msPerSecond;
    const timer = setTimeout(() => {
      if (flow.aborted) return;
      // The state first, so the kill that follows is not read as the script's own failure.
      ctx.state.set('install_failed', `the install did not finish within ${formatDuration(timeoutMs)}; stopped (the blueprint's install timeout)`);
      flow.abort();
    }, timeoutMs);
    const progress = new InstallProgress((notice) => ctx.notify(notice));
    progress.begin();
    let failure: string | null;
    try {
      const exit = await ctx.environment.install(
        spec,
        ctx.paths,
        (chunk) => {
          if (flow.aborted) return;
          ctx.console.push(chunk);
          progress.output(chunk);
        },
        flow.signal,
      );
      failure = exit.exitCode === 0 && !exit.oomKilled ? null : `install script ${describeExit(exit)}`;
    } catch (error) {
      failure = `install failed: ${messageOf(error)}`;
    } finally {
      clearTimeout(timer);
    }
    progress.end(flow.aborted ? (ctx.state.reason ?? 'stopped') : failure);
    finish(ctx, flow, failure);
  });
}

/**
 * Stops the install under way: its flow is aborted (which kills the script's container) and
 * the server is install_failed at once, as the answer says. INVALID_STATE when nothing installs.
 */
export function cancelInstall(ctx: ServerContext): void {
  if (ctx.state.status !== 'installing' || !ctx.flows.isRunning('install')) {
    throw new AppError('INVALID_STATE', `cannot cancel the install of server ${ctx.serverId}: it is ${ctx.state.status}, not installing`, {
      serverId: ctx.serverId,
      status: ctx.state.status,
    });
  }
  ctx.installed = false;
  ctx.state.set('install_failed', 'the install was cancelled');
  ctx.flows.abort();
}

/** Records how the install ended, unless someone else took over meanwhile. */
function finish(ctx: ServerContext, flow: Flow, failure: string | null): void {
  if (flow.aborted) {
    // Cancelled or timed out: whatever the script left behind is not a finished install.
    if (ctx.state.status === 'install_failed') ctx.installed = false;
    return;
  }
  ctx.console.flush();
  ctx.disk.invalidate();
  ctx.installed = failure === null;
  ctx.state.set(failure === null ? 'stopped' : 'install_failed', failure);
}
