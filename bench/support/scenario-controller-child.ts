// Child process of the end-to-end scenarios: boots the real controller (as `npm run serve`
// would, without a local agent) and a bare Fastify app on loopback, prints where they are as
// one JSON line, answers commands on stdin, and shuts both down when stdin closes, which also
// happens when the parent dies, so it never outlives the benchmark.
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { defaultConfig, type ControllerConfig } from '../../controller/config.ts';
import { startController } from '../../controller/server.ts';
import type { ScenarioAnswer, ScenarioCommand, ScenarioTargets } from './scenario-protocol.ts';

/** The scenarios stay far below this, so a raised limit is never what answers. */
const UNREACHABLE_LIMIT = 1_000_000_000;
/** A last resort should the parent never close our stdin. */
const GIVE_UP_AFTER_MS = 12 * 60_000;

async function serve(dataDir: string): Promise<void> {
  const config: ControllerConfig = {
    ...defaultConfig(),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    localAgent: false,
    logLevel: 'silent',
    rateLimits: { general: UNREACHABLE_LIMIT, auth: UNREACHABLE_LIMIT, admin: UNREACHABLE_LIMIT, windowMs: 60_000 },
  };
  const controller = await startController(config);
  const bodies = new Map<string, unknown>();
  const bare = Fastify({ logger: false });
  bare.get<{ Params: { name: string } }>('/:name', async (request) => bodies.get(request.params.name));
  try {
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const address = bare.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const targets: ScenarioTargets = { controllerUrl: controller.url, bareUrl: `http://127.0.0.1:${port}` };
    process.stdout.write(`${JSON.stringify(targets)}\n`);
    await answerUntilStdinCloses(bodies);
  } finally {
    await bare.close();
    await controller.close();
  }
}

function answer(command: ScenarioCommand, bodies: Map<string, unknown>): ScenarioAnswer {
  if (command.command === 'serve') {
    bodies.set(command.name, command.body);
    return { ok: true };
  }
  if (command.command === 'cpu') {
    const usage = process.cpuUsage();
    return { ok: true, cpuMs: (usage.user + usage.system) / 1000 };
  }
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) return { ok: false, error: 'start the child with --expose-gc to measure memory' };
  collect();
  collect();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { ok: true, rss, heapUsed, external };
}

function answerUntilStdinCloses(bodies: Map<string, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const commands = createInterface({ input: process.stdin });
    const giveUp = setTimeout(() => commands.close(), GIVE_UP_AFTER_MS);
    commands.on('line', (line) => {
      let reply: ScenarioAnswer;
      try {
        reply = answer(JSON.parse(line) as ScenarioCommand, bodies);
      } catch (error) {
        reply = { ok: false, error: String(error) };
      }
      process.stdout.write(`${JSON.stringify(reply)}\n`);
    });
    commands.once('close', () => {
      clearTimeout(giveUp);
      resolve();
    });
  });
}

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: scenario-controller-child.ts <data dir>');
  process.exit(2);
}
serve(dataDir).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
