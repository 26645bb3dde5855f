import type { Flow } from './flow-control.ts';
import type { ServerContext } from './server-context.ts';
import { admitThen, startProcess, type StartInProgress } from './start-flow.ts';
import { isProcessUp } from './server-state.ts';
import { stopProcess } from './stop-flow.ts';

/**
 * The restart action: stop (when the process is up) then start, under one lock so nothing
 * slips in between. Admitted like a start before anything stops, so a server that could not
 * start again (over its disk limit) is not stopped either. While it runs `restartPending` is
 * saved with the server's state: if the agent dies between the stop and the start, the agent
 * that comes back completes the restart (see ServerInstance.restore).
 */
export function restartFlow(ctx: ServerContext, flow: Flow): StartInProgress {
  return admitThen(ctx, flow, 'restart', async () => {
    ctx.restartPending = true;
    try {
      if (isProcessUp(ctx.state.status) && !(await stopProcess(ctx, flow))) return;
      await startProcess(ctx, flow);
    } finally {
      ctx.restartPending = false;
    }
  });
}
