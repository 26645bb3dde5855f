/**
 * One row of `bench/results.json` and of the README's table: an end-to-end figure from the
 * performance goals, beside the baseline measured in the same run. Scenario modules return
 * these; bench/run.ts collects them, prints them and writes the file.
 */
export interface BenchFigure {
  /** What is measured, in the words of the goal table ("GET /servers?limit=20, 50 connections"). */
  figure: string;
  /** Our number, in `unit`. */
  ours: number;
  /** What the same run measured for the baseline (bare Fastify, dockerode directly, the first 1,000…); null when the goal is absolute. */
  baseline: number | null;
  /** How ours compares with the baseline in the direction the goal reads (ours ÷ baseline for rates, baseline ÷ ours for costs); null when absolute. */
  ratio: number | null;
  /** The unit of `ours` and `baseline`: "req/s", "ms", "lines/s", "KB", "MB". */
  unit: string;
  /** The goal as written ("≥ 0.5×", "≤ 1 ms"). */
  goal: string;
  /** Whether this run met the goal. */
  met: boolean;
}
