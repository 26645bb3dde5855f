import type { BenchFigure } from './bench-figure.ts';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

function cell(value: number | null, unit: string): string {
  return value === null ? '–' : `${number.format(value)} ${unit}`;
}

/** The figures as a Markdown table: what `npm run bench` prints and the README shows. */
export function figuresTable(figures: readonly BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.figure,
    cell(f.ours, f.unit),
    cell(f.baseline, f.unit),
    f.ratio === null ? '–' : `${f.ratio.toFixed(2)}×`,
    f.goal,
    f.met ? 'yes' : '**no**',
  ]);
  const lines = [
    '| figure | ours | baseline | ratio | goal | met |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
  return lines.join('\n');
}
