import type { Comparison } from './alternate-rounds.ts';

/** One printed line of `npm run bench`. */
export interface BenchResult {
  name: string;
  /** `ops/s` by the wall clock; `ops/cpu-s` when timed by CPU time, i.e. operations per CPU-second. */
  unit: string;
  oursOpsPerSec: number;
  baselineOpsPerSec: number;
  /** ours ÷ baseline in ops/s: above 1 we are faster, below 1 slower. */
  ratio: number;
  /** Lower and upper quartile of the per-round ratios. */
  ratioSpread: [low: number, high: number];
  rounds: number;
  /** What the ratio says, in a few words. */
  meaning: string;
}

export function toBenchResult(name: string, comparison: Comparison, meaning: (ratio: number) => string): BenchResult {
  return {
    name,
    unit: comparison.clock === 'wall' ? 'ops/s' : 'ops/cpu-s',
    oursOpsPerSec: comparison.oursOpsPerSec,
    baselineOpsPerSec: comparison.baselineOpsPerSec,
    ratio: comparison.ratio,
    ratioSpread: comparison.ratioSpread,
    rounds: comparison.rounds,
    meaning: `${comparison.baseline}: ${meaning(comparison.ratio)}`,
  };
}

const opsFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatBenchResult(result: BenchResult): string {
  return [
    result.name.padEnd(24),
    `ours ${opsFormat.format(result.oursOpsPerSec).padStart(10)} ${result.unit.padEnd(9)}`,
    `baseline ${opsFormat.format(result.baselineOpsPerSec).padStart(10)} ${result.unit.padEnd(9)}`,
    `ratio ${result.ratio.toFixed(2).padStart(5)}`,
    `[${result.ratioSpread.map((r) => r.toFixed(2)).join('-')}]`.padEnd(13),
    `${String(result.rounds).padStart(2)} rounds`,
    `  ${result.meaning}`,
  ].join('  ');
}
