import { performance } from 'node:perf_hooks';
import { wallClock, type Clock } from './clocks.ts';

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
  /** The clock the rates were taken with. */
  clock: string;
  /** Median ops/s over the measured rounds. */
  oursOpsPerSec: number;
  baselineOpsPerSec: number;
  /** Median over rounds of ours ÷ baseline, each pair measured in the same round. */
  ratio: number;
  /** Middle half of the per-round ratios: how far to trust the median on this machine today. */
  ratioSpread: [low: number, high: number];
  rounds: number;
}

/**
 * Runs ours and every baseline once per round, reversing the order each round so that drift
 * on a shared machine (another job starting, the CPU clocking down) hits both sides alike.
 * Ratios are taken per round and then the median, so one noisy round cannot move the result.
 * Every clock times the same runs, giving one comparison per baseline and clock.
 */
export async function alternateRounds(
  ours: Contender,
  baselines: Contender[],
  limits: RoundLimits,
  clocks: readonly Clock[] = [wallClock],
): Promise<Comparison[]> {
  const contenders = [ours, ...baselines];
  // rates.get(contender)[clock index] holds that contender's ops/s by that clock, one per round.
  const rates = new Map<Contender, number[][]>(contenders.map((contender) => [contender, clocks.map(() => [])]));
  const started = performance.now();
  let measuredRounds = 0;
  for (let round = 0; round < limits.warmupRounds + limits.rounds; round += 1) {
    if (measuredRounds > 0 && performance.now() - started > limits.timeCapMs) break;
    const measured = round >= limits.warmupRounds;
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const perClock = await opsPerSecond(contender, clocks);
      if (measured) perClock.forEach((rate, c) => rates.get(contender)?.[c]?.push(rate));
    }
    if (measured) measuredRounds += 1;
  }
  return baselines.flatMap((baseline) => clocks.map((clock, c) => {
    const oursRates = rates.get(ours)?.[c] ?? [];
    const baselineRates = rates.get(baseline)?.[c] ?? [];
    const ratios = oursRates.map((rate, i) => rate / (baselineRates[i] ?? Number.NaN));
    return {
      baseline: baseline.label,
      clock: clock.name,
      oursOpsPerSec: median(oursRates),
      baselineOpsPerSec: median(baselineRates),
      ratio: median(ratios),
      ratioSpread: [quantile(ratios, 0.25), quantile(ratios, 0.75)] as [number, number],
      rounds: measuredRounds,
    };
  }));
}

async function opsPerSecond(contender: Contender, clocks: readonly Clock[]): Promise<number[]> {
  // Read in order before and in reverse order after, so the first clock (wall time) brackets
  // only the work and not the other clocks' readings, which may cost a round trip.
  const before: number[] = [];
  for (const clock of [...clocks].reverse()) before.unshift(await clock.read());
  const ops = await contender.round();
  const after: number[] = [];
  for (const clock of clocks) after.push(await clock.read());
  return after.map((end, c) => ops / ((end - (before[c] as number)) / 1000));
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The q-quantile, interpolating between the two nearest values; NaN for no values. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = sorted[Math.floor(position)] as number;
  const above = sorted[Math.ceil(position)] as number;
  return below + (above - below) * (position - Math.floor(position));
}
