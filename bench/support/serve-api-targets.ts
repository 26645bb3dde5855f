// Child process of the api-request benchmark: boots the real controller and a bare Fastify app
// on loopback, prints where they are as one JSON line, answers each `cpu` line on stdin with
// the CPU time it has used so far, and shuts both down when its stdin closes (which also
// happens when the parent dies, so it never outlives the benchmark).
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { defaultConfig, type ControllerConfig } from '../../controller/config.ts';
import { startController } from '../../controller/server.ts';
import { CPU_QUERY, type ApiTargets, type CpuAnswer } from './api-targets-protocol.ts';

/** The whole benchmark stays far below this, so the raised limits are never what answers. */
const UNREACHABLE_LIMIT = 1_000_000_000;
/** A last resort should the parent never close our stdin. */
const GIVE_UP_AFTER_MS = 5 * 60_000;

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
  const bare = Fastify({ logger: false });
  try {
    const token = await signUpFirstAccount(controller.url);
    // The bare app answers with the very body /users/me gives, so both sides send the same bytes.
    const profile = await fetchProfile(controller.url, token);
    bare.get('/static', async () => profile);
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const address = bare.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const targets: ApiTargets = { controllerUrl: controller.url, bareUrl: `http://127.0.0.1:${port}`, token };
    process.stdout.write(`${JSON.stringify(targets)}\n`);
    await answerUntilStdinCloses();
  } finally {
    await bare.close();
    await controller.close();
  }
}

async function signUpFirstAccount(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', name: 'Bench', password: 'bench password 1234' }),
  });
  const body = (await response.json()) as { data?: { token?: string } };
  if (response.status !== 201 || typeof body.data?.token !== 'string') {
    throw new Error(`sign-up answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.data.token;
}

async function fetchProfile(base: string, token: string): Promise<unknown> {
  const response = await fetch(`${base}/api/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /users/me answered ${response.status}`);
  return response.json();
}

function answerUntilStdinCloses(): Promise<void> {
  return new Promise((resolve) => {
    const commands = createInterface({ input: process.stdin });
    const giveUp = setTimeout(() => commands.close(), GIVE_UP_AFTER_MS);
    commands.on('line', (line) => {
      if (line !== CPU_QUERY) return;
      const usage = process.cpuUsage();
      const answer: CpuAnswer = { cpuMs: (usage.user + usage.system) / 1000 };
      process.stdout.write(`${JSON.stringify(answer)}\n`);
    });
    commands.once('close', () => {
      clearTimeout(giveUp);
      resolve();
    });
  });
}

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: serve-api-targets.ts <data dir>');
  process.exit(2);
}
serve(dataDir).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
