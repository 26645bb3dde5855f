import type { BenchFigure } from './bench-figure.ts';

/** One printed line of `npm run bench` for an end-to-end figure: ours, the baseline, the ratio and the goal. */
export function formatBenchFigure(figure: BenchFigure): string {
  const baseline = figure.baseline === null ? '' : ` vs ${figure.baseline} ${figure.unit} (ratio ${figure.ratio})`;
  return `${figure.met ? 'met    ' : 'NOT MET'} ${figure.figure}: ${figure.ours} ${figure.unit}${baseline}; goal ${figure.goal}`;
}
