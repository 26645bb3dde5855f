import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT, type CliResult, type Exit } from './controller.ts';

/**
 * The real agent CLI (`node --import tsx agent/cli.ts ...`) as a child process, for tests of
 * the agent link with real processes and real sockets.
 */

export interface SpawnedAgent {
  child: ChildProcess;
  /** stdout and stderr, interleaved in arrival order. */
  logs(): string;
  exited: Promise<Exit>;
  /** True until the process has exited. */
  alive(): boolean;
  /** Sends the signal (SIGTERM by default) and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Resolves with the first match in the logs (past or future); rejects on timeout or exit. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

const AGENT_CLI = ['--import', 'tsx', 'agent/cli.ts'];

/** Our env minus any STELLAR_* a developer has set, plus `env`. */
function agentEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('STELLAR_')));
  return { ...base, ...env };
}

/** The flags every test agent uses: a given controller and token, a random console port on loopback. */
export function agentArgs(options: { controller: string; token: string; data: string }): string[] {
  return ['--controller', options.controller, '--token', options.token, '--console-port', '0', '--console-host', '127.0.0.1', '--data', options.data];
}

export function spawnAgent(args: string[], env: Record<string, string> = {}): SpawnedAgent {
  const child = spawn(process.execPath, [...AGENT_CLI, ...args], { cwd: REPO_ROOT, env: agentEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  const waiters = new Set<() => void>();
  const append = (chunk: string) => {
    logs += chunk;
    for (const check of waiters) check();
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );

  return {
    child,
    logs: () => logs,
    exited,
    alive: () => exit === null,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (exit === null) child.kill(signal);
      return exited;
    },
    waitForLog(pattern: RegExp, timeoutMs = 10_000) {
      // A global regex would carry lastIndex from one check to the next.
      const once = new RegExp(pattern.source, pattern.flags.replace('g', ''));
      return new Promise<RegExpExecArray>((resolve, reject) => {
        const done = () => {
          waiters.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          const match = once.exec(logs);
          if (match) {
            done();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`agent log never matched ${pattern} within ${timeoutMs} ms\n--- agent log ---\n${logs}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then((e) => {
          if (!waiters.has(check)) return;
          check();
          if (!waiters.has(check)) return;
          done();
          reject(new Error(`agent exited (${JSON.stringify(e)}) before its log matched ${pattern}\n--- agent log ---\n${logs}`));
        });
        check();
      });
    },
  };
}

/** Runs the agent CLI to completion, for runs that must end by themselves (bad configuration). */
export async function runAgent(args: string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<CliResult> {
  const child = spawn(process.execPath, [...AGENT_CLI, ...args], { cwd: REPO_ROOT, env: agentEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  clearTimeout(timer);
  return { ...exit, stdout, stderr };
}
