import { useCallback, useSyncExternalStore, type ReactNode } from 'react';
import type { Server } from '../../../../contracts/index.ts';
import { formatBytes, formatDuration, formatMiB } from '../../../lib/format.ts';
import { Sparkline } from './sparkline.tsx';
import type { StatsFeed, StatsSample } from './stats-feed.ts';

const MiB = 1024 * 1024;

/** The latest sample, re-read on every stats frame (about once a second). */
export function useLatestStats(feed: StatsFeed | null): StatsSample | null {
  const subscribe = useCallback((notify: () => void) => feed?.subscribe(notify) ?? (() => {}), [feed]);
  return useSyncExternalStore(subscribe, () => feed?.latest() ?? null);
}

/**
 * Beside the console: CPU, memory and network as live sparklines (limits drawn in), disk
 * against its limit, and uptime. Numbers are tabular and boxes fixed in size, so nothing
 * moves when they change. Before the console's first sample the event stream's last
 * resources fill in.
 */
export function StatsPanel({ server, feed }: { server: Server; feed: StatsFeed }) {
  const latest = useLatestStats(feed);
  const fallback = server.resources;
  const up = server.status === 'running' || server.status === 'starting' || server.status === 'stopping';
  const cpu = latest?.cpu ?? (up ? fallback?.cpu : undefined);
  const memory = latest?.memory ?? (up ? fallback?.memory : undefined);
  const memoryLimit = server.memory * MiB;
  const disk = latest?.disk ?? fallback?.disk;
  const diskLimit = server.disk * MiB;
  const uptime = up ? (latest?.uptime ?? fallback?.uptime) : undefined;
  const diskShare = disk !== undefined && diskLimit > 0 ? Math.min(1, disk / diskLimit) : 0;

  return (
    <aside className="stats-panel" aria-label="Live resource usage">
      <StatCard label="CPU" value={cpu === undefined ? '—' : `${cpu.toFixed(1)}%`} sub={`limit ${server.cpu}%`}>
        <Sparkline feed={feed} series={[{ key: 'cpu', color: '--accent', fill: true }]} limit={server.cpu} minTop={10}
          label={`CPU over the last five minutes, limit ${server.cpu}%`} />
      </StatCard>
      <StatCard label="Memory" value={memory === undefined ? '—' : formatBytes(memory)} sub={`of ${formatMiB(server.memory)}`}>
        <Sparkline feed={feed} series={[{ key: 'memory', color: '--accent', fill: true }]} limit={memoryLimit} minTop={MiB}
          label={`Memory over the last five minutes, limit ${formatMiB(server.memory)}`} />
      </StatCard>
      <StatCard label="Network" value={latest ? `↓ ${formatRate(latest.rxRate)}` : '—'} sub={latest ? `↑ ${formatRate(latest.txRate)}` : 'in · out'}>
        <Sparkline feed={feed} series={[{ key: 'rx', color: '--accent', fill: true }, { key: 'tx', color: '--warn' }]} minTop={1024}
          label="Network receive and send rates over the last five minutes" />
      </StatCard>
      <StatCard label="Disk" value={disk === undefined ? '—' : formatBytes(disk)} sub={`of ${formatMiB(server.disk)}`}>
        <div className={`meter${diskShare > 0.9 ? ' danger' : diskShare > 0.75 ? ' warn' : ''}`} role="meter" aria-label="Disk used"
          aria-valuemin={0} aria-valuemax={diskLimit} aria-valuenow={disk ?? 0} aria-valuetext={`${formatBytes(disk ?? 0)} of ${formatMiB(server.disk)}`}>
          <span style={{ width: `${diskShare * 100}%` }} />
        </div>
      </StatCard>
      <StatCard label="Uptime" value={uptime === undefined ? '—' : formatDuration(uptime)} sub={up ? 'since the process started' : 'not running'} />
    </aside>
  );
}

function StatCard({ label, value, sub, children }: { label: string; value: string; sub: string; children?: ReactNode }) {
  return (
    <section className="card stat-card live-stat" aria-label={label}>
      <div className="live-stat-head">
        <span className="label">{label}</span>
        <span className="value num">{value}</span>
      </div>
      <div className="sub num">{sub}</div>
      {children}
    </section>
  );
}

function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
