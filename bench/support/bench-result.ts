import type { Comparison } from './alternate-rounds.ts';

/** One printed line of `npm run bench`. */
export interface BenchResult {
  name: string;
  oursOpsPerSec: number;
  baselineOpsPerSec: number;
  /** ours ÷ baseline in ops/s: above 1 we are faster, below 1 slower. */
  ratio: number;
  rounds: number;
  /** What the ratio says, in a few words. */
  meaning: string;
}

export function toBenchResult(name: string, comparison: Comparison, meaning: (ratio: number) => string): BenchResult {
  return {
    name,
    oursOpsPerSec: comparison.oursOpsPerSec,
    baselineOpsPerSec: comparison.baselineOpsPerSec,
    ratio: comparison.ratio,
    rounds: comparison.rounds,
    meaning: `${comparison.baseline}: ${meaning(comparison.ratio)}`,
  };
}

const opsFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatBenchResult(result: BenchResult): string {
  return [
    result.name.padEnd(24),
    `ours ${opsFormat.format(result.oursOpsPerSec).padStart(11)} ops/s`,
    `baseline ${opsFormat.format(result.baselineOpsPerSec).padStart(11)} ops/s`,
    `ratio ${result.ratio.toFixed(3).padStart(7)}`,
    `(${result.rounds} rounds)`,
    `  ${result.meaning}`,
  ].join('  ');
}
