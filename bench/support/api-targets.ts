import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ApiTargets } from './serve-api-targets.ts';

export type { ApiTargets };

export interface RunningApiTargets extends ApiTargets {
  /** Closes the child's stdin and waits for it to shut its servers down and exit. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./serve-api-targets.ts', import.meta.url));
const READY_TIMEOUT_MS = 30_000;
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

  let targets: ApiTargets;
  try {
    targets = await firstLineAsTargets(child.stdout, exited);
  } catch (error) {
    killIfStuck();
    throw error;
  }

  return {
    ...targets,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(killIfStuck, EXIT_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the api targets process exited with ${code}`);
    },
  };
}

async function firstLineAsTargets(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<ApiTargets> {
  const lines = createInterface({ input: stdout });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      new Promise<ApiTargets>((resolve) => lines.once('line', (line) => resolve(JSON.parse(line) as ApiTargets))),
      exited.then((code) => Promise.reject(new Error(`the api targets process exited with ${code} before it was ready`))),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`the api targets process was not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}
