import { Agent } from 'node:http';
import type { BenchFigure } from './support/bench-figure.ts';
import { compareThroughput, type ThroughputOptions } from './support/http-throughput.ts';
import { expectStatus, jsonRequest } from './support/json-client.ts';
import { startScenarioController } from './support/scenario-controller.ts';
import { withTempDir } from './support/temp-dir.ts';

export const API_THROUGHPUT_DEFAULTS: ThroughputOptions = { connections: 50, seconds: 3, rounds: 3 };

const API = '/api/v1';

interface Endpoint {
  /** The path under /api/v1 and the figure's name. */
  path: string;
  goal: number;
}

const ENDPOINTS: Endpoint[] = [
  { path: '/blueprints', goal: 0.5 },
  { path: '/users/me', goal: 0.7 },
];

/**
 * Authenticated reads under load on the real controller against a bare Fastify route sending
 * the very bytes the controller sent: the ratio is what our hooks (auth, rate limit), handler
 * and serialisation cost on top of Fastify itself. The blueprint catalog is the largest
 * common answer (every built-in blueprint, tens of KB); /users/me the smallest, where the
 * per-request overhead shows most.
 */
export async function benchApiThroughput(options: Partial<ThroughputOptions> = {}): Promise<BenchFigure[]> {
  const settings = { ...API_THROUGHPUT_DEFAULTS, ...options };
  return withTempDir('api-throughput', async (dataDir) => {
    const controller = await startScenarioController(dataDir);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const signUp = await expectStatus(jsonRequest(agent, 'POST', `${controller.controllerUrl}${API}/auth/signup`, {
        body: { email: 'bench@example.com', name: 'Bench', password: 'bench password 1234' },
      }), 201, 'sign-up');
      const token = (signUp.body as { data: { token: string } }).data.token;
      const figures: BenchFigure[] = [];
      for (const endpoint of ENDPOINTS) {
        const url = `${controller.controllerUrl}${API}${endpoint.path}`;
        const answer = await expectStatus(jsonRequest(agent, 'GET', url, { token }), 200, `GET ${endpoint.path}`);
        const name = endpoint.path.slice(1).replaceAll('/', '-');
        await controller.command({ command: 'serve', name, body: answer.body });
        const kb = Buffer.byteLength(JSON.stringify(answer.body)) / 1024;
        const result = await compareThroughput({ url, headers: { authorization: `Bearer ${token}` } }, { url: `${controller.bareUrl}/${name}` }, settings);
        figures.push({
          figure: `GET ${endpoint.path} (${kb < 1 ? `${Math.round(kb * 1024)} B` : `${kb.toFixed(0)} KB`}), ${settings.connections} connections, vs bare Fastify`,
          ours: Math.round(result.ours),
          baseline: Math.round(result.baseline),
          ratio: Number(result.ratio.toFixed(2)),
          unit: 'req/s',
          goal: `≥ ${endpoint.goal}×`,
          met: result.ratio >= endpoint.goal,
        });
      }
      return figures;
    } finally {
      agent.destroy();
      await controller.stop();
    }
  });
}
