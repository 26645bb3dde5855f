import { performance } from 'node:perf_hooks';

/** One side of a comparison: each call does a fixed amount of work and says how many operations that was. */
export interface Contender {
  label: string;
  round(): Promise<number>;
}

export interface RoundLimits {
  /** Measured rounds at most. */
  rounds: number;
  /** No new round starts after this much wall-clock time; one measured round always completes. */
  timeCapMs: number;
  /** Unmeasured rounds first, so both sides meet a warm JIT and warm caches. */
  warmupRounds: number;
}

export interface Comparison {
  baseline: string;
  /** Median ops/s over the measured rounds. */
  oursOpsPerSec: number;
  baselineOpsPerSec: number;
  /** Median over rounds of ours ÷ baseline, each pair measured in the same round. */
  ratio: number;
  rounds: number;
}

/**
 * Runs ours and every baseline once per round, reversing the order each round so that drift
 * on a shared machine (another job starting, the CPU clocking down) hits both sides alike.
 * Ratios are taken per round and then the median, so one noisy round cannot move the result.
 */
export async function alternateRounds(ours: Contender, baselines: Contender[], limits: RoundLimits): Promise<Comparison[]> {
  const contenders = [ours, ...baselines];
  const rates = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
  const started = performance.now();
  const totalRounds = limits.warmupRounds + limits.rounds;
  for (let round = 0; round < totalRounds; round += 1) {
    const measured = round >= limits.warmupRounds;
    const haveMeasurement = (rates.get(ours)?.length ?? 0) > 0;
    if (haveMeasurement && performance.now() - started > limits.timeCapMs) break;
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const rate = await opsPerSecond(contender);
      if (measured) rates.get(contender)?.push(rate);
    }
  }
  const oursRates = rates.get(ours) ?? [];
  return baselines.map((baseline) => {
    const baselineRates = rates.get(baseline) ?? [];
    return {
      baseline: baseline.label,
      oursOpsPerSec: median(oursRates),
      baselineOpsPerSec: median(baselineRates),
      ratio: median(oursRates.map((rate, i) => rate / (baselineRates[i] ?? Number.NaN))),
      rounds: oursRates.length,
    };
  });
}

async function opsPerSecond(contender: Contender): Promise<number> {
  const start = performance.now();
  const ops = await contender.round();
  const seconds = (performance.now() - start) / 1000;
  return ops / seconds;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
