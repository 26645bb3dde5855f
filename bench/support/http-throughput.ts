import autocannon from 'autocannon';

export interface ThroughputTarget {
  url: string;
  headers?: Record<string, string>;
}

export interface ThroughputComparison {
  /** Median requests/s of each side over the rounds. */
  ours: number;
  baseline: number;
  /** Median over rounds of ours ÷ baseline, each pair measured back to back. */
  ratio: number;
}

export interface ThroughputOptions {
  connections: number;
  /** Seconds per measured run. */
  seconds: number;
  /** Pairs of runs; the order flips each round so drift on a shared machine hits both sides alike. */
  rounds: number;
}

/**
 * Requests per second autocannon gets from `target` with `connections` keep-alive
 * connections. Any error, timeout or non-2xx answer fails the run: a benchmark must not
 * quietly measure how fast the server says "401" or "429".
 */
export async function measureThroughput(target: ThroughputTarget, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({ url: target.url, headers: target.headers, connections, duration: seconds, timeout: 10 });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`GET ${target.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result.requests.total / seconds;
}

/** Ours against a baseline, alternately, after one short warm-up of each. */
export async function compareThroughput(ours: ThroughputTarget, baseline: ThroughputTarget, options: ThroughputOptions): Promise<ThroughputComparison> {
  await measureThroughput(ours, options.connections, 1);
  await measureThroughput(baseline, options.connections, 1);
  const oursRates: number[] = [];
  const baselineRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const oursFirst = round % 2 === 0;
    const first = await measureThroughput(oursFirst ? ours : baseline, options.connections, options.seconds);
    const second = await measureThroughput(oursFirst ? baseline : ours, options.connections, options.seconds);
    const [mine, bare] = oursFirst ? [first, second] : [second, first];
    oursRates.push(mine);
    baselineRates.push(bare);
    ratios.push(mine / bare);
  }
  return { ours: median(oursRates), baseline: median(baselineRates), ratio: median(ratios) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
