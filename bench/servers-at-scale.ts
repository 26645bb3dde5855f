import { Agent } from 'node:http';
import type { BenchFigure } from './support/bench-figure.ts';
import { compareThroughput, median } from './support/http-throughput.ts';
import { expectStatus, jsonRequest } from './support/json-client.ts';
import { startScenarioController, type ScenarioController } from './support/scenario-controller.ts';
import { withTempDir } from './support/temp-dir.ts';

export interface ServersAtScaleOptions {
  servers: number;
  /** The first and the last this many creates are compared. */
  window: number;
  /** Sequential list requests timed for one client's p50 (after as many unmeasured ones). */
  latencySamples: number;
  connections: number;
  seconds: number;
  rounds: number;
}

export const SERVERS_AT_SCALE_DEFAULTS: ServersAtScaleOptions = {
  servers: 10_000,
  window: 1_000,
  latencySamples: 2_000,
  connections: 50,
  seconds: 3,
  rounds: 3,
};

const API = '/api/v1';

/**
 * The store at 10,000 servers, end to end on the real controller: every one of the 10,000
 * servers is created by a sequential `POST /servers` over HTTP, as an admin script would, so
 * the first 1,000 and the last 1,000 are the same request against a small and a large store
 * (sequential, not concurrent: concurrent writes coalesce into shared syncs and would hide
 * what one write costs). With the store fixed that takes well under two minutes here; a
 * store whose writes grow with its size shows as a ratio far from 1 long before the cap.
 * Their node is registered but has no agent, so a create is the API's checks and the store's
 * durable write, not Docker. Then, with 10,000 servers stored: one client's list latency, the
 * list under 50 connections against a bare Fastify route sending the same bytes, and the
 * controller's memory per stored server.
 */
export async function benchServersAtScale(options: Partial<ServersAtScaleOptions> = {}): Promise<BenchFigure[]> {
  const settings = { ...SERVERS_AT_SCALE_DEFAULTS, ...options };
  return withTempDir('servers-at-scale', async (dataDir) => {
    const controller = await startScenarioController(dataDir);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let stopped = false;
    try {
      const token = await signUpAdmin(controller, agent);
      const nodeId = await registerRoomyNode(controller, agent, token);
      const empty = await memoryOf(controller);
      const { createMs, firstCpuMs, lastCpuMs } = await createServers(controller, agent, token, nodeId, settings);
      const afterCreates = await memoryOf(controller);
      const first = mean(createMs.slice(0, settings.window));
      const last = mean(createMs.slice(-settings.window));
      const listUrl = `${controller.controllerUrl}${API}/servers?limit=20`;
      const p50 = await listLatencyP50(listUrl, agent, token, settings.latencySamples);
      const page = await expectStatus(jsonRequest(agent, 'GET', listUrl, { token }), 200, 'GET /servers?limit=20');
      await controller.command({ command: 'serve', name: 'servers-page', body: page.body });
      const list = await compareThroughput(
        { url: listUrl, headers: { authorization: `Bearer ${token}` } },
        { url: `${controller.bareUrl}/servers-page` },
        settings,
      );
      agent.destroy();
      await controller.stop();
      stopped = true;
      // Memory is measured on a controller started on the 10,000 servers, as an admin's would be
      // after a restart: the creates' own garbage (freed heap V8 keeps mapped) is not a cost of storing them.
      const full = await memoryAfterStart(dataDir, token);
      const perServerKb = (full.rss - empty.rss) / settings.servers / 1024;
      const heapPerServerKb = (full.heapUsed - empty.heapUsed) / settings.servers / 1024;
      const growthPerServerKb = (afterCreates.rss - empty.rss) / settings.servers / 1024;
      const count = settings.servers.toLocaleString('en');
      return [
        {
          figure: `POST /servers sequential: mean of the last ${settings.window.toLocaleString('en')} of ${count} vs the first`,
          ours: round(last, 2), baseline: round(first, 2), ratio: round(first / last, 2), unit: 'ms',
          goal: 'last ≤ 1.2× first', met: last <= 1.2 * first,
        },
        {
          figure: `POST /servers: controller CPU per create, the last ${settings.window.toLocaleString('en')} of ${count} vs the first`,
          ours: round(lastCpuMs, 3), baseline: round(firstCpuMs, 3), ratio: round(firstCpuMs / lastCpuMs, 2), unit: 'ms',
          goal: 'last ≤ 1.2× first', met: lastCpuMs <= 1.2 * firstCpuMs,
        },
        {
          figure: `GET /servers?limit=20, one client, p50, ${count} servers`,
          ours: round(p50, 3), baseline: null, ratio: null, unit: 'ms', goal: '≤ 1 ms', met: p50 <= 1,
        },
        {
          figure: `GET /servers?limit=20, ${settings.connections} connections, ${count} servers, vs bare Fastify`,
          ours: Math.round(list.ours), baseline: Math.round(list.baseline), ratio: round(list.ratio, 2), unit: 'req/s',
          goal: '≥ 0.5×', met: list.ratio >= 0.5,
        },
        {
          figure: `controller memory per stored server (RSS after GC, started on ${count} servers vs none; heap ${round(heapPerServerKb, 2)} KB, RSS growth during the creates ${round(growthPerServerKb, 2)} KB)`,
          ours: round(perServerKb, 2), baseline: null, ratio: null, unit: 'KB', goal: '≤ 3 KB', met: perServerKb <= 3,
        },
      ];
    } finally {
      agent.destroy();
      if (!stopped) await controller.stop();
    }
  });
}

/** A fresh controller on the data dir, after its first list and node view (which build their indexes). */
async function memoryAfterStart(dataDir: string, token: string): Promise<{ rss: number; heapUsed: number }> {
  const controller = await startScenarioController(dataDir);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await expectStatus(jsonRequest(agent, 'GET', `${controller.controllerUrl}${API}/servers?limit=20`, { token }), 200, 'GET /servers after the restart');
    await expectStatus(jsonRequest(agent, 'GET', `${controller.controllerUrl}${API}/nodes`, { token }), 200, 'GET /nodes after the restart');
    return await memoryOf(controller);
  } finally {
    agent.destroy();
    await controller.stop();
  }
}

async function signUpAdmin(controller: ScenarioController, agent: Agent): Promise<string> {
  const signUp = await expectStatus(jsonRequest(agent, 'POST', `${controller.controllerUrl}${API}/auth/signup`, {
    body: { email: 'bench@example.com', name: 'Bench', password: 'bench password 1234' },
  }), 201, 'sign-up');
  return (signUp.body as { data: { token: string } }).data.token;
}

/** A node with room (resources and ports) for every server the scenario creates, so capacity is never what answers. */
async function registerRoomyNode(controller: ScenarioController, agent: Agent, token: string): Promise<string> {
  const node = await expectStatus(jsonRequest(agent, 'POST', `${controller.controllerUrl}${API}/nodes`, {
    token,
    // Ports too: 10,000 servers each get one allocated automatically, as a user's would.
    body: { name: 'bench', host: '127.0.0.1', memory: 1_000_000_000, disk: 1_000_000_000, cpu: 1_000_000_000, portRanges: [{ start: 1024, end: 65535 }] },
  }), 201, 'POST /nodes');
  return (node.body as { data: { id: string } }).data.id;
}

/**
 * Every create's wall time, and the controller's CPU time over the first and the last window:
 * wall time also moves with the machine's other load over the minutes this takes, CPU time
 * much less, so the two together tell a store that slows down from a machine that got busier.
 */
async function createServers(controller: ScenarioController, agent: Agent, token: string, nodeId: string, settings: ServersAtScaleOptions) {
  const url = `${controller.controllerUrl}${API}/servers`;
  const createMs: number[] = [];
  let firstCpuMs = 0;
  let lastCpuMs = 0;
  let windowStart = 0;
  for (let i = 0; i < settings.servers; i++) {
    if (i === 0 || i === settings.servers - settings.window) windowStart = await cpuOf(controller);
    const body = { name: `bench ${i}`, nodeId, blueprintId: 'minecraft-java', memory: 16, cpu: 1, disk: 1 };
    createMs.push((await expectStatus(jsonRequest(agent, 'POST', url, { token, body }), 201, `create ${i + 1}`)).ms);
    if (i === settings.window - 1) firstCpuMs = (await cpuOf(controller)) - windowStart;
    if (i === settings.servers - 1) lastCpuMs = (await cpuOf(controller)) - windowStart;
  }
  return { createMs, firstCpuMs: firstCpuMs / settings.window, lastCpuMs: lastCpuMs / settings.window };
}

async function cpuOf(controller: ScenarioController): Promise<number> {
  const answer = await controller.command({ command: 'cpu' });
  if (!('cpuMs' in answer)) throw new Error('the scenario controller sent no CPU time');
  return answer.cpuMs;
}

async function listLatencyP50(url: string, agent: Agent, token: string, samples: number): Promise<number> {
  for (let i = 0; i < samples; i++) await expectStatus(jsonRequest(agent, 'GET', url, { token }), 200, 'GET /servers (warm-up)');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push((await expectStatus(jsonRequest(agent, 'GET', url, { token }), 200, 'GET /servers')).ms);
  return median(times);
}

async function memoryOf(controller: ScenarioController): Promise<{ rss: number; heapUsed: number }> {
  const answer = await controller.command({ command: 'memory' });
  if (!('rss' in answer)) throw new Error('the scenario controller sent no memory figures');
  return answer;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
