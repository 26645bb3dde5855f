import type { PowerAction, ServerStatus } from '../../contracts/index.ts';
import { installFlow } from './install-flow.ts';
import { killFlow } from './kill-flow.ts';
import { restartFlow } from './restart-flow.ts';
import type { ServerContext } from './server-context.ts';
import { isProcessUp } from './server-state.ts';
import { startFlow } from './start-flow.ts';
import { stopFlow } from './stop-flow.ts';

/** What can be begun on a server from outside: the power actions and (re)installing. */
export type BeginnableAction = PowerAction | 'install';

export interface BeginOptions {
  /**
   * For install: `installing` even without a script. For a server new to this node, which is
   * not ready to start until its container is prepared.
   */
  announce?: boolean;
}

/** The answer to an action, given without waiting for the action itself. */
export interface ActionAnswer {
  /**
   * The status the action leads to. At once for stop, kill and install; a start (or restart)
   * first checks its precondition and rejects with DISK_LIMIT_EXCEEDED when it does not hold.
   */
  status: Promise<ServerStatus>;
  /** Settles when the flow's work is over: a start once the process has started, a stop once it stopped. */
  finished: Promise<void>;
}

/**
 * Begins `action` (after wings' server/power.go HandlePowerAction). A refusal is thrown
 * synchronously, before anything changes: INVALID_STATE when the current status does not
 * allow the action, SERVER_BUSY while another power action holds the lock (kill bypasses it).
 * Beginning aborts the flow under way (a pending automatic restart, a slow stop a kill ends).
 */
export function beginAction(ctx: ServerContext, action: BeginnableAction, options: BeginOptions = {}): ActionAnswer {
  ctx.state.assertCanBegin(action, { restartPending: ctx.flows.isRunning('crash') });
  if (action !== 'kill') ctx.lock.assertFree();
  const from = ctx.state.status;
  const flow = ctx.flows.begin(action);
  switch (action) {
    case 'kill':
      return answer(from === 'crashed' ? 'stopped' : 'stopping', flow.track(killFlow(ctx, flow)));
    case 'stop':
      return answer(from === 'crashed' ? 'stopped' : 'stopping', flow.track(stopFlow(ctx, flow)));
    case 'install': {
      const announce = options.announce === true || ctx.spec.install !== null;
      return answer(announce ? 'installing' : 'stopped', flow.track(installFlow(ctx, flow, announce)));
    }
    case 'start':
    case 'restart': {
      // An admin (re)started the server by hand: earlier crashes no longer count.
      ctx.crashes.reset();
      const started = action === 'start' ? startFlow(ctx, flow) : restartFlow(ctx, flow);
      const leadsTo: ServerStatus = action === 'restart' && isProcessUp(from) ? 'stopping' : 'starting';
      return answer(started.admitted.then(() => leadsTo), flow.track(started.finished));
    }
  }
}

function answer(status: ServerStatus | Promise<ServerStatus>, finished: Promise<void>): ActionAnswer {
  const answered = Promise.resolve(status);
  // A caller may read only one of the two; neither must end up an unhandled rejection.
  answered.catch(() => undefined);
  finished.catch(() => undefined);
  return { status: answered, finished };
}
