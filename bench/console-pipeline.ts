import type { ServerConsoleFrame } from '../contracts/index.ts';
import type { ConsoleViewer } from '../agent/server/console-frames.ts';
import { ConsolePipeline } from '../agent/server/console-pipeline.ts';
import { alternateRounds, type RoundLimits } from './support/alternate-rounds.ts';
import { cpuClock } from './support/clocks.ts';
import { toBenchResult, type BenchResult } from './support/bench-result.ts';
import { consoleOutputChunks } from './support/console-output.ts';

export interface ConsolePipelineBenchOptions extends RoundLimits {
  /** Distinct lines of output, generated once. */
  lines: number;
  /** Times the output goes through per round: long rounds keep a single GC pause from deciding a round. */
  passesPerRound: number;
  chunkChars: number;
}

export const CONSOLE_PIPELINE_DEFAULTS: ConsolePipelineBenchOptions = {
  lines: 100_000,
  passesPerRound: 5,
  chunkChars: 8 * 1024,
  rounds: 21,
  warmupRounds: 2,
  timeCapMs: 6_000,
};

/** A viewer whose socket is never full: it takes each frame at once and only counts lines. */
function instantViewer(): ConsoleViewer & { lines: number } {
  const viewer = {
    lines: 0,
    send(frame: ServerConsoleFrame) {
      if (frame.type === 'console') viewer.lines += typeof frame.data === 'string' ? 1 : frame.data.lines.length;
    },
  };
  return viewer;
}

/**
 * Lines per second through ConsolePipeline (splitting, backlog, fan-out to two viewers with
 * batching) against the least any console could do: split the same chunks into lines and
 * keep them in an array. Both viewers keep up, so every line goes all the way to them.
 */
export async function benchConsolePipeline(options: Partial<ConsolePipelineBenchOptions> = {}): Promise<BenchResult[]> {
  const settings = { ...CONSOLE_PIPELINE_DEFAULTS, ...options };
  const chunks = consoleOutputChunks(settings.lines, settings.chunkChars);
  const expected = settings.lines;
  const passes = settings.passesPerRound;

  const [comparison] = await alternateRounds(
    {
      label: 'pipeline',
      round: async () => {
        for (let pass = 0; pass < passes; pass += 1) throughPipeline(chunks, expected);
        return expected * passes;
      },
    },
    [{
      label: 'vs split-into-array',
      round: async () => {
        for (let pass = 0; pass < passes; pass += 1) assertCount('the split', splitIntoArray(chunks).length, expected);
        return expected * passes;
      },
    }],
    settings,
    // Both sides are synchronous CPU work, so CPU time is their cost without the machine's noise.
    [cpuClock],
  );
  if (!comparison) throw new Error('no comparison was measured');
  return [toBenchResult('console-pipeline', comparison, (ratio) => `a line costs ${(1 / ratio).toFixed(1)}x a bare split`)];
}

function throughPipeline(chunks: readonly string[], expected: number): void {
  const pipeline = new ConsolePipeline();
  const viewers = [instantViewer(), instantViewer()];
  for (const viewer of viewers) pipeline.subscribe(viewer, { replayBacklog: false });
  for (const chunk of chunks) pipeline.push(chunk);
  pipeline.flush();
  pipeline.dispose();
  // A dropped line would make the pipeline look faster than it is.
  for (const viewer of viewers) assertCount('a viewer', viewer.lines, expected);
}

/** The baseline: carry the unfinished tail over to the next chunk, split on newlines, keep everything. */
function splitIntoArray(chunks: readonly string[]): string[] {
  const lines: string[] = [];
  let tail = '';
  for (const chunk of chunks) {
    const pieces = (tail + chunk).split('\n');
    tail = pieces.pop() ?? '';
    for (const piece of pieces) lines.push(piece);
  }
  if (tail !== '') lines.push(tail);
  return lines;
}

function assertCount(what: string, actual: number, expected: number): number {
  if (actual !== expected) throw new Error(`${what} got ${actual} lines, expected ${expected}`);
  return actual;
}
