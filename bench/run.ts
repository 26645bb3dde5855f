// `npm run bench`: the end-to-end scenarios (the goals' figures, each beside a baseline measured
// in the same run), then the micro-benchmarks that explain them. Only ratios and goals mean
// something: absolute numbers move with whatever else the machine is doing. The scenarios'
// figures are printed as a table and written to bench/results.json (committed: the latest run).
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchApiRequest } from './api-request.ts';
import { benchApiThroughput } from './api-throughput.ts';
import { benchConsoleE2e } from './console-e2e.ts';
import { benchConsolePipeline } from './console-pipeline.ts';
import { benchConsoleToken } from './console-token.ts';
import { benchServersAtScale } from './servers-at-scale.ts';
import { benchStartup } from './startup.ts';
import { benchStoreWrites } from './store-writes.ts';
import { benchUiBundle } from './ui-bundle.ts';
import { benchDashboardRender } from './ui-dashboard.ts';
import type { BenchFigure } from './support/bench-figure.ts';
import { figuresTable } from './support/figures-table.ts';
import { withTempDir } from './support/temp-dir.ts';
import { formatBenchResult, type BenchResult } from './support/bench-result.ts';

interface Scenario {
  name: string;
  /** End to end on real processes; each returns its rows of the goals table. */
  run(): Promise<BenchFigure[]>;
}

interface Benchmark {
  name: string;
  /** The lines to print: ratio comparisons, or a size against its budget. */
  run(): Promise<string[]>;
}

/** One line per scenario module; each is bounded in time on its own. */
const SCENARIOS: Scenario[] = [
  { name: 'servers-at-scale', run: () => benchServersAtScale() },
  { name: 'api-throughput', run: () => benchApiThroughput() },
  { name: 'console-e2e', run: () => benchConsoleE2e() },
  { name: 'startup', run: () => benchStartup() },
];

const lines = (results: BenchResult[]) => results.map(formatBenchResult);

const BENCHMARKS: Benchmark[] = [
  { name: 'api-request', run: async () => lines(await benchApiRequest()) },
  { name: 'store-writes', run: async () => lines(await benchStoreWrites()) },
  { name: 'console-pipeline', run: async () => lines(await benchConsolePipeline()) },
  { name: 'console-token', run: async () => lines(await benchConsoleToken()) },
  { name: 'ui-bundle', run: () => withTempDir('ui-bundle', benchUiBundle) },
  { name: 'ui-dashboard', run: async () => lines(await benchDashboardRender()) },
];

const RESULTS_FILE = fileURLToPath(new URL('./results.json', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));
const TABLE_START = '<!-- bench-table:start -->';
const TABLE_END = '<!-- bench-table:end -->';

/** `--update-readme` puts the table between the README's markers, so the README shows the run that was committed. */
async function updateReadme(table: string, measuredAt: string, machine: string): Promise<void> {
  const text = await readFile(README, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} block`);
  const block = `${TABLE_START}\n${table}\n\nMeasured ${measuredAt.slice(0, 16).replace('T', ' ')} UTC on ${machine}.\n`;
  await writeFile(README, text.slice(0, start) + block + text.slice(end));
}

/** The whole run must stay within ten minutes; reaching this means something hangs. */
const WATCHDOG_MS = 10 * 60_000;

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const machine = `node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'})`;
  console.log(`${machine}; ratios are measured in the same run, absolute numbers move with the machine's load`);
  const started = Date.now();
  let failed = false;
  const figures: BenchFigure[] = [];
  for (const scenario of SCENARIOS) {
    const scenarioStarted = Date.now();
    try {
      figures.push(...(await scenario.run()));
      console.log(`${scenario.name}: ${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s`);
    } catch (error) {
      failed = true;
      console.error(`${scenario.name} failed:`, error);
    }
  }
  const table = figuresTable(figures);
  console.log(`\n${table}\n`);
  if (figures.length > 0) {
    const results = { measuredAt: new Date().toISOString(), machine, figures };
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`wrote ${RESULTS_FILE}`);
    if (process.argv.includes('--update-readme')) await updateReadme(table, results.measuredAt, machine);
  }
  console.log('\nmicro-benchmarks: ratio = ours ÷ baseline (median of per-round ratios; >1 faster, <1 slower)');
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
