import { Agent } from 'node:http';
import { alternateRounds, type RoundLimits } from './support/alternate-rounds.ts';
import { startApiTargets } from './support/api-targets.ts';
import { toBenchResult, type BenchResult } from './support/bench-result.ts';
import { wallClock } from './support/clocks.ts';
import { runClosedLoop } from './support/http-load.ts';
import { withTempDir } from './support/temp-dir.ts';

export interface ApiRequestBenchOptions extends RoundLimits {
  requestsPerRound: number;
  concurrency: number;
}

export const API_REQUEST_DEFAULTS: ApiRequestBenchOptions = {
  requestsPerRound: 500,
  concurrency: 16,
  // Many short rounds rather than a few long ones: on a busy machine the median of many
  // back-to-back pairs is what stays put from run to run.
  rounds: 31,
  warmupRounds: 2,
  timeCapMs: 12_000,
};

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Authenticated `GET /api/v1/users/me` on the real controller against a bare Fastify route
 * sending the same JSON: the difference is what our hooks (auth lookup, rate limit, zod
 * response serialisation, error envelope) add to every request. Each round is timed twice:
 * by the wall clock (throughput as a client sees it) and by the server process's CPU time
 * (what a request costs the server, which the machine's other load barely moves).
 */
export async function benchApiRequest(options: Partial<ApiRequestBenchOptions> = {}): Promise<BenchResult[]> {
  const settings = { ...API_REQUEST_DEFAULTS, ...options };
  return withTempDir('api', async (dataDir) => {
    const targets = await startApiTargets(dataDir);
    const controllerAgent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
    const bareAgent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
    try {
      const load = { requests: settings.requestsPerRound, concurrency: settings.concurrency, timeoutMs: REQUEST_TIMEOUT_MS };
      const [throughput, serverCost] = await alternateRounds(
        {
          label: 'controller',
          round: () => runClosedLoop({
            ...load,
            url: `${targets.controllerUrl}/api/v1/users/me`,
            headers: { authorization: `Bearer ${targets.token}` },
            agent: controllerAgent,
          }),
        },
        [{ label: 'vs bare Fastify, same body', round: () => runClosedLoop({ ...load, url: `${targets.bareUrl}/static`, agent: bareAgent }) }],
        settings,
        [wallClock, targets.serverCpuClock],
      );
      if (!throughput || !serverCost) throw new Error('no comparison was measured');
      return [
        toBenchResult('api-request', throughput, (ratio) => `a request takes ${(1 / ratio).toFixed(2)}x as long as a bare one`),
        toBenchResult('api-request/server-cpu', serverCost, (ratio) => `a request costs the server ${(1 / ratio).toFixed(2)}x the CPU of a bare one`),
      ];
    } finally {
      controllerAgent.destroy();
      bareAgent.destroy();
      await targets.stop();
    }
  });
}
