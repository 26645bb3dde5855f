// `npm run bench`: every benchmark in turn, one line per comparison. Only the ratios mean
// something: ours and its baseline run alternately in the same process on the same machine,
// while the absolute ops/s move with whatever else the machine is doing.
import { availableParallelism } from 'node:os';
import { benchApiRequest } from './api-request.ts';
import { benchConsoleE2e } from './console-e2e.ts';
import { benchConsolePipeline } from './console-pipeline.ts';
import { benchConsoleToken } from './console-token.ts';
import { benchStartup } from './startup.ts';
import { benchStoreWrites } from './store-writes.ts';
import { benchUiBundle } from './ui-bundle.ts';
import { benchDashboardRender } from './ui-dashboard.ts';
import { withTempDir } from './support/temp-dir.ts';
import { formatBenchResult, type BenchResult } from './support/bench-result.ts';
import type { BenchFigure } from './support/bench-figure.ts';
import { formatBenchFigure } from './support/format-figure.ts';

interface Benchmark {
  name: string;
  /** The lines to print: ratio comparisons, or a size against its budget. */
  run(): Promise<string[]>;
}

const lines = (results: BenchResult[]) => results.map(formatBenchResult);
const figures = (results: BenchFigure[]) => results.map(formatBenchFigure);

const BENCHMARKS: Benchmark[] = [
  { name: 'api-request', run: async () => lines(await benchApiRequest()) },
  { name: 'store-writes', run: async () => lines(await benchStoreWrites()) },
  { name: 'console-pipeline', run: async () => lines(await benchConsolePipeline()) },
  { name: 'console-token', run: async () => lines(await benchConsoleToken()) },
  { name: 'ui-bundle', run: () => withTempDir('ui-bundle', benchUiBundle) },
  { name: 'ui-dashboard', run: async () => lines(await benchDashboardRender()) },
  { name: 'console-e2e', run: async () => figures(await benchConsoleE2e()) },
  { name: 'startup', run: async () => figures(await benchStartup()) },
];

/**
 * Well above the sum of the benchmarks' time caps (about 90 s, plus about 2 minutes for the
 * end-to-end console and start-up runs with real processes and containers), within the
 * 10 minutes `npm run bench` may take: reaching it means something hangs.
 */
const WATCHDOG_MS = 540_000;

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  console.log(`node ${process.version}, ${availableParallelism()} cores; ratio = ours ÷ baseline (median of per-round ratios; >1 faster, <1 slower)`);
  const started = Date.now();
  let failed = false;
  for (const benchmark of BENCHMARKS) {
    try {
      for (const line of await benchmark.run()) console.log(line);
    } catch (error) {
      failed = true;
      console.error(`${benchmark.name} failed:`, error);
    }
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failed ? 1 : 0;
}

await main();
