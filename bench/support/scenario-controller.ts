import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ScenarioAnswer, ScenarioCommand, ScenarioTargets } from './scenario-protocol.ts';

export interface ScenarioController extends ScenarioTargets {
  /** Sends one command and waits for its answer; a refusal rejects. */
  command(command: ScenarioCommand): Promise<ScenarioAnswer & { ok: true }>;
  /** Closes the child's stdin and waits for it to shut down and exit. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./scenario-controller-child.ts', import.meta.url));
const READY_TIMEOUT_MS = 90_000;
const ANSWER_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 20_000;

/**
 * Starts the real controller and its bare baseline in their own process, so the load
 * generator (autocannon, here) and the server each get a core, as in real use, and the
 * server's memory is its own.
 */
export async function startScenarioController(dataDir: string): Promise<ScenarioController> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, dataDir], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killIfStuck = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

  const nextMessage = async <T>(timeoutMs: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const line = await Promise.race([
        lines.next(),
        exited.then((code) => Promise.reject(new Error(`the scenario controller exited early with ${code}`))),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`the scenario controller did not answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (line.done) throw new Error('the scenario controller closed its output');
      return JSON.parse(line.value) as T;
    } finally {
      clearTimeout(timer);
    }
  };

  let targets: ScenarioTargets;
  try {
    targets = await nextMessage<ScenarioTargets>(READY_TIMEOUT_MS);
  } catch (error) {
    killIfStuck();
    throw error;
  }

  return {
    ...targets,
    async command(command) {
      child.stdin.write(`${JSON.stringify(command)}\n`);
      const reply = await nextMessage<ScenarioAnswer>(ANSWER_TIMEOUT_MS);
      if (!reply.ok) throw new Error(`the scenario controller refused ${command.command}: ${reply.error}`);
      return reply;
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(killIfStuck, EXIT_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the scenario controller exited with ${code}`);
    },
  };
}
