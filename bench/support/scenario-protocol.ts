// The line protocol between an end-to-end scenario and its controller process
// (scenario-controller-child.ts): one JSON line per message each way.

/** The child's first line: where the real controller and the bare Fastify baseline listen. */
export interface ScenarioTargets {
  controllerUrl: string;
  /** `${bareUrl}/<name>` answers with the body last given to a `serve` command under that name. */
  bareUrl: string;
}

export type ScenarioCommand =
  /** Makes the bare app answer GET /<name> with `body`, sent the way a bare Fastify route sends an object. */
  | { command: 'serve'; name: string; body: unknown }
  /** Collects garbage (twice, so finalisers run) and reports the process's memory. */
  | { command: 'memory' }
  /** The CPU time the process has used so far, all threads. */
  | { command: 'cpu' };

export type ScenarioAnswer =
  | { ok: true }
  | { ok: true; rss: number; heapUsed: number; external: number }
  | { ok: true; cpuMs: number }
  | { ok: false; error: string };
