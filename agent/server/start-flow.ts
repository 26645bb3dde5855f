import { AppError } from '../../contracts/index.ts';
import type { ServerSpec } from '../../contracts/index.ts';
import { applyConfigFiles } from './config-files/apply-config-files.ts';
import { DoneMatcher } from './done-matcher.ts';
import type { Flow } from './flow-control.ts';
import { killProcess } from './kill-flow.ts';
import { messageOf, warnOnFailure, type ServerContext } from './server-context.ts';
import { isProcessUp } from './server-state.ts';

const MiB = 1024 * 1024;

/** A start under way: `admitted` once its precondition held, `finished` once the process has started. */
export interface StartInProgress {
  admitted: Promise<void>;
  finished: Promise<void>;
}

/**
 * A start's precondition, checked before anything changes so that a refusal can be the
 * answer to the action: a server over its disk limit does not start (DISK_LIMIT_EXCEEDED).
 */
export async function admitStart(ctx: ServerContext): Promise<void> {
  const spec = ctx.spec;
  if (spec.disk <= 0) return; // 0 = no limit, as in the panels this ecosystem comes from
  const used = await ctx.disk.bytes({ fresh: true });
  const limit = spec.disk * MiB;
  if (used <= limit) return;
  throw new AppError(
    'DISK_LIMIT_EXCEEDED',
    `server ${ctx.serverId} uses ${(used / MiB).toFixed(1)} MiB of its ${spec.disk} MiB disk limit; free some space or raise the limit before starting it`,
    { serverId: ctx.serverId, usedBytes: used, limitBytes: limit },
  );
}

/**
 * Admits a start (see admitStart) while taking the power lock as `action` at once, then runs
 * `body` under the lock. The disk is measured while any brief housekeeping that holds the lock
 * finishes, so the answer does not wait for it.
 */
export function admitThen(ctx: ServerContext, flow: Flow, action: string, body: () => Promise<unknown>): StartInProgress {
  const admitted = admitStart(ctx);
  admitted.catch(() => undefined); // read by the answer, and awaited under the lock below
  const finished = ctx.lock.run(action, async () => {
    await admitted;
    if (flow.aborted) return;
    await body();
  });
  return { admitted, finished };
}

/** The start action (and an automatic restart after a crash). */
export function startFlow(ctx: ServerContext, flow: Flow): StartInProgress {
  return admitThen(ctx, flow, 'start', () => startProcess(ctx, flow));
}

/**
 * Brings an admitted server's process up: its config files patched, its container (re)created when the spec changed,
 * attached before it starts so no first line is lost (wings environment/docker/power.go),
 * then started. `starting` until a done pattern matches (`running` at once without patterns),
 * `crashed` and killed at the start timeout. Resolves once the process has started; a failure
 * leaves the status it had, with the reason. Gives up quietly when its flow is aborted.
 */
export async function startProcess(ctx: ServerContext, flow: Flow): Promise<void> {
  const spec = ctx.spec;
  const previous = ctx.state.status;
  const failed = (error: unknown): unknown => {
    if (!flow.aborted) ctx.state.set(previous, `failed to start: ${messageOf(error)}`);
    return error;
  };
  const matcher = new DoneMatcher(spec.done);
  try {
    // Before every start, as the panels do: a game that rewrote its config keeps our port and values.
    await applyConfigFiles(ctx.paths.hostDataDir, spec.dataPath, spec.configFiles);
    if (flow.aborted) return;
    await ctx.container.ensure(spec);
    if (flow.aborted) return;
    await ctx.environment.attach();
  } catch (error) {
    throw failed(error);
  }
  if (flow.aborted) return;

  ctx.state.set('starting', null);
  ctx.runOutput.clear();
  const watch = watchUntilRunning(ctx, flow, spec, matcher);
  try {
    await ctx.environment.start();
  } catch (error) {
    watch.stop();
    throw failed(error);
  }
  if (flow.aborted) {
    // Killed, crashed or timed out while Docker was still starting it: make sure it stays down.
    if (!isProcessUp(ctx.state.status)) await killProcess(ctx).catch(warnOnFailure(ctx, 'kill after an interrupted start failed'));
    return;
  }
  if (matcher.isEmpty) watch.running();
}

/**
 * While the server is `starting`: `running` when a done pattern matches a console line; at the
 * start timeout `crashed`, its flow aborted and the process killed. Both end with the flow.
 */
function watchUntilRunning(ctx: ServerContext, flow: Flow, spec: ServerSpec, matcher: DoneMatcher): { running(): void; stop(): void } {
  if (matcher.isEmpty) return { running: () => ctx.state.set('running', null), stop: () => undefined };
  const unsubscribe = ctx.console.onLine((line) => {
    if (ctx.state.status === 'starting' && matcher.matches(line)) running();
  });
  const timer = setTimeout(() => {
    stop();
    if (ctx.state.status !== 'starting') return;
    flow.abort();
    // crashed before the kill, so the exit the kill causes is not taken for a crash.
    ctx.state.set('crashed', `did not report running within ${spec.startTimeoutSeconds}s; killed`);
    ctx.environment.kill().catch(warnOnFailure(ctx, 'kill after start timeout failed'));
  }, spec.startTimeoutSeconds * ctx.timings.msPerSecond);
  const stop = (): void => {
    clearTimeout(timer);
    unsubscribe();
    flow.signal.removeEventListener('abort', stop);
  };
  const running = (): void => {
    stop();
    ctx.state.set('running', null);
  };
  flow.signal.addEventListener('abort', stop, { once: true });
  return { running, stop };
}
