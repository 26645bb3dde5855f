import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CPU_QUERY, type ApiTargets, type CpuAnswer } from './api-targets-protocol.ts';
import type { Clock } from './clocks.ts';

export interface RunningApiTargets extends ApiTargets {
  /** CPU time of the server process, so a benchmark can charge each request what it cost the server. */
  serverCpuClock: Clock;
  /** Closes the child's stdin and waits for it to shut its servers down and exit. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./serve-api-targets.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
const ANSWER_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_MS = 15_000;

/**
 * Starts the servers under test in their own process. In one process the load generator's CPU
 * would be charged to both sides and dilute the ratio; apart, on two cores, client and server
 * run side by side as they would in real use.
 */
export async function startApiTargets(dataDir: string): Promise<RunningApiTargets> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killIfStuck = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

  /** The child's next line as JSON; fails if it exits or stays silent instead. */
  const nextMessage = async <T>(timeoutMs: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const line = await Promise.race([
        lines.next(),
        exited.then((code) => Promise.reject(new Error(`the api targets process exited early with ${code}`))),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`the api targets process did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (line.done) throw new Error('the api targets process closed its output');
      return JSON.parse(line.value) as T;
    } finally {
      clearTimeout(timer);
    }
  };

  let targets: ApiTargets;
  try {
    targets = await nextMessage<ApiTargets>(READY_TIMEOUT_MS);
  } catch (error) {
    killIfStuck();
    throw error;
  }

  return {
    ...targets,
    serverCpuClock: {
      name: 'server cpu',
      read: async () => {
        child.stdin.write(`${CPU_QUERY}\n`);
        return (await nextMessage<CpuAnswer>(ANSWER_TIMEOUT_MS)).cpuMs;
      },
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(killIfStuck, EXIT_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the api targets process exited with ${code}`);
    },
  };
}
