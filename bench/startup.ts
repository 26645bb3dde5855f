import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchFigure } from './support/bench-figure.ts';
import { withTempDir } from './support/temp-dir.ts';

/**
 * Start-up as a new user meets it: the compiled headless entry (`npm start` without a display,
 * once its build is current) spawned until it says the controller and its local agent are up,
 * then its resident memory after a few idle seconds, from /proc. The baseline is the least a
 * Node web server can do: a bare Fastify process with one route, spawned the same way.
 * Every start after the first reuses the data directory, as every start after install does.
 */

export interface StartupOptions {
  /** Measured starts of each; the medians are reported. */
  rounds: number;
  /** How long the process idles before its memory is read. */
  idleMs: number;
  /** A start that takes longer than this is a failure, not a slow figure. */
  readyTimeoutMs: number;
}

export const STARTUP_DEFAULTS: StartupOptions = { rounds: 5, idleMs: 3_000, readyTimeoutMs: 30_000 };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEADLESS = 'dist/app/main/headless.js';
/** The controller prints this once the local agent is up (or says why it is off). */
const APP_READY = /^Local agent (on|off):/m;

const BARE_FASTIFY = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ data: 'ok' }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log('bare fastify ready');
`;

interface Started {
  readyMs: number;
  rssMb: number;
}

/** Spawns `args` in the repo, times it to the first stdout line matching `ready`, idles, reads VmRSS, and stops it. */
async function startOnce(args: string[], ready: RegExp, settings: StartupOptions, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within ${settings.readyTimeoutMs / 1000} s:\n${output}`)), settings.readyTimeoutMs);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before ready:\n${output}`));
      });
    });
    await new Promise((resolve) => setTimeout(resolve, settings.idleMs));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    if (!Number.isFinite(rssKb)) throw new Error('no VmRSS in /proc');
    return { readyMs, rssMb: rssKb / 1024 };
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function benchStartup(options: Partial<StartupOptions> = {}): Promise<BenchFigure[]> {
  const settings = { ...STARTUP_DEFAULTS, ...options };
  return withTempDir('startup', async (data) => {
    // Loopback only, a free port for the API and the agent's console, nothing from the developer's environment.
    const app = [HEADLESS, '--host', '127.0.0.1', '--port', '0', '--console-port', '0', '--data', data, '--log-level', 'silent'];
    const env = { STELLAR_LOCAL_AGENT: '1' };
    const bare = ['--input-type=module', '--eval', BARE_FASTIFY];
    // The first start creates the data file and keys; it is the install, not a start.
    await startOnce(app, APP_READY, { ...settings, idleMs: 0 }, env);
    const ours: Started[] = [];
    const baseline: Started[] = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      const order = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const which of order) {
        if (which === 'ours') ours.push(await startOnce(app, APP_READY, settings, env));
        else baseline.push(await startOnce(bare, /bare fastify ready/, settings));
      }
    }
    const readyMs = median(ours.map((s) => s.readyMs));
    const bareReadyMs = median(baseline.map((s) => s.readyMs));
    const rssMb = median(ours.map((s) => s.rssMb));
    const bareRssMb = median(baseline.map((s) => s.rssMb));
    return [
      {
        figure: '`npm start` (compiled headless entry) → ready, controller + local agent (vs bare Fastify start)',
        ours: Math.round(readyMs),
        baseline: Math.round(bareReadyMs),
        ratio: Number((bareReadyMs / readyMs).toFixed(2)),
        unit: 'ms',
        goal: '< 1000 ms',
        met: readyMs < 1000,
      },
      {
        figure: 'idle RSS, controller + local agent (vs bare Fastify process)',
        ours: Number(rssMb.toFixed(1)),
        baseline: Number(bareRssMb.toFixed(1)),
        ratio: Number((bareRssMb / rssMb).toFixed(2)),
        unit: 'MB',
        goal: '≤ 100 MB',
        met: rssMb <= 100,
      },
    ];
  });
}
