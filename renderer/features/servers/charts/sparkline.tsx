import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStore } from '../../../store/index.ts';
import type { StatsColumns, StatsFeed } from './stats-feed.ts';

type SeriesKey = Exclude<keyof StatsColumns, 't'>;

export interface SparklineSeries {
  key: SeriesKey;
  /** A CSS variable with the line colour. */
  color: string;
  fill?: boolean;
}

interface Props {
  feed: StatsFeed;
  series: SparklineSeries[];
  /** Drawn as a dashed line; the y axis always reaches it. */
  limit?: number | null;
  /** The smallest top of the y axis, so a quiet line does not look like a storm. */
  minTop?: number;
  /** What the chart shows, for screen readers (the numbers beside it say the same). */
  label: string;
}

const WINDOW_SECONDS = 300;
const MIN_WINDOW_SECONDS = 60;

/**
 * A small uPlot line over the last five minutes, redrawn on every stats sample. No axes, no
 * cursor: the readout next to it carries the numbers. Colours come from the theme, so the
 * chart is rebuilt when the theme changes.
 */
export function Sparkline({ feed, series, limit = null, minTop = 1, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useStore((s) => s.theme);
  const limitRef = useRef(limit);
  limitRef.current = limit;
  const seriesKey = series.map((s) => `${s.key}:${s.color}:${s.fill ? 1 : 0}`).join('|');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const styles = getComputedStyle(document.documentElement);
    const color = (name: string) => styles.getPropertyValue(name).trim() || '#888';
    const data = () => {
      const columns = feed.columns();
      const now = columns.t.at(-1) ?? Date.now() / 1000;
      const first = columns.t[0] ?? now;
      const values = series.map((s) => columns[s.key]);
      return { now, first, aligned: [columns.t, ...values] as uPlot.AlignedData };
    };
    const initial = data();
    let now = initial.now;
    let first = initial.first;
    const limitColor = color('--text-faint');
    const options: uPlot.Options = {
      // The box's size comes from CSS (taller on tall screens).
      width: Math.max(10, element.clientWidth),
      height: Math.max(10, element.clientHeight),
      pxAlign: false,
      cursor: { show: false },
      legend: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      axes: [{ show: false }, { show: false }],
      padding: [2, 0, 2, 0],
      scales: {
        // The window grows with the data up to five minutes, so the first seconds fill the width.
        x: { time: true, range: () => [now - Math.min(WINDOW_SECONDS, Math.max(MIN_WINDOW_SECONDS, now - first)), now] },
        y: {
          range: (self) => {
            let top = Math.max(minTop, limitRef.current ?? 0);
            for (let i = 1; i < self.data.length; i += 1) {
              for (const value of self.data[i] ?? []) if (typeof value === 'number' && value > top) top = value;
            }
            return [0, top * 1.08];
          },
        },
      },
      series: [
        {},
        ...series.map((s): uPlot.Series => ({
          stroke: color(s.color),
          width: 1.5,
          fill: s.fill ? withAlpha(color(s.color), 0.14) : undefined,
          points: { show: false },
          spanGaps: false,
        })),
      ],
      hooks: {
        // The limit spans the whole width, whatever part of the window has data.
        draw: [(self) => {
          const limitValue = limitRef.current;
          if (limitValue === null || limitValue === undefined) return;
          const y = Math.round(self.valToPos(limitValue, 'y', true)) + 0.5;
          const { ctx, bbox } = self;
          ctx.save();
          ctx.strokeStyle = limitColor;
          ctx.lineWidth = devicePixelRatio;
          ctx.setLineDash([3 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(bbox.left, y);
          ctx.lineTo(bbox.left + bbox.width, y);
          ctx.stroke();
          ctx.restore();
        }],
      },
    };
    const plot = new uPlot(options, initial.aligned, element);
    const unsubscribe = feed.subscribe(() => {
      const next = data();
      now = next.now;
      first = next.first;
      plot.setData(next.aligned);
    });
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) plot.setSize({ width: element.clientWidth, height: element.clientHeight });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      unsubscribe();
      plot.destroy();
    };
    // `series` is followed through its key: a new array with the same content keeps the chart.
  }, [feed, seriesKey, minTop, theme]);

  return <div ref={host} className="sparkline" role="img" aria-label={label} />;
}

/** `#rrggbb` → `rgba(r, g, b, a)`; other colour forms are used as they are. */
function withAlpha(hex: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return hex;
  const [r, g, b] = match.slice(1).map((part) => parseInt(part, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
