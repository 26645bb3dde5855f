import type { PlatformStats } from '../../../contracts/index.ts';
import { formatCores } from '../../lib/format.ts';
import { SERVER_STATUS } from '../../lib/status.ts';
import { compactMiB, share, type MeterLine } from '../nodes/node-capacity.ts';
import { UsageMeter } from '../nodes/usage-meter.tsx';

/** The whole platform at a glance: who, what runs, where, and how much of it is promised. */
export function PlatformStatsCards({ stats }: { stats: PlatformStats }) {
  const { users, servers, nodes, resources } = stats;
  const byStatus = Object.entries(servers.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${(SERVER_STATUS as Record<string, { label: string } | undefined>)[status]?.label.toLowerCase() ?? status}`);
  const lines: MeterLine[] = [
    { key: 'memory', label: 'Memory', share: share(resources.memory.allocated, resources.memory.total), text: `${compactMiB(resources.memory.allocated)} / ${compactMiB(resources.memory.total)}` },
    { key: 'cpu', label: 'CPU', share: share(resources.cpu.allocated, resources.cpu.total), text: `${formatCores(resources.cpu.allocated)} / ${formatCores(resources.cpu.total)}` },
    { key: 'disk', label: 'Disk', share: share(resources.disk.allocated, resources.disk.total), text: `${compactMiB(resources.disk.allocated)} / ${compactMiB(resources.disk.total)}` },
  ];
  return (
    <section className="platform-stats" aria-label="Platform stats">
      <div className="card stat-card">
        <div className="label">Users</div>
        <div className="value">{users.total}</div>
        <div className="sub">{users.admins} {users.admins === 1 ? 'admin' : 'admins'} · {users.suspended} suspended</div>
      </div>
      <div className="card stat-card">
        <div className="label">Servers</div>
        <div className="value">{servers.total}</div>
        <div className="sub ellipsis" title={byStatus.join(' · ')}>{byStatus.length > 0 ? byStatus.join(' · ') : 'none yet'}</div>
      </div>
      <div className="card stat-card">
        <div className="label">Nodes online</div>
        <div className="value">{nodes.online} <span className="faint stat-of">of {nodes.total}</span></div>
        <div className="sub">{nodes.offline} offline · {nodes.pending} waiting for agent</div>
      </div>
      <div className="card stat-card platform-resources">
        <div className="label">Allocated to servers, all nodes</div>
        {lines.map((line) => <UsageMeter key={line.key} line={line} of="Platform allocated" />)}
      </div>
    </section>
  );
}
