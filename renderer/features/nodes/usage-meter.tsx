import { meterTone, type MeterLine } from './node-capacity.ts';
import './usage-meter.css';

/** One labelled share: "Memory  3.1 GiB / 15.6 GiB" over a thin bar. `of` names whose share it is, for screen readers. */
export function UsageMeter({ line, of }: { line: MeterLine; of: string }) {
  const tone = meterTone(line.share);
  const percent = line.share === null ? 0 : Math.round(line.share * 100);
  return (
    <div className="usage-meter">
      <div className="usage-meter-label"><span className="muted">{line.label}</span><span className="num">{line.text}</span></div>
      <div className={`meter${tone ? ` ${tone}` : ''}`} role="meter" aria-label={`${of} ${line.label.toLowerCase()}`}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={line.text}>
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
