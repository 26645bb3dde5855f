import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useShallow } from 'zustand/react/shallow';
import type { Node, NodeStats } from '../../../contracts/index.ts';
import { Loading } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { NodeStatusBadge } from '../../components/status-badge.tsx';
import { formatBytes, formatPercent, formatRelative } from '../../lib/format.ts';
import { useStore } from '../../store/index.ts';
import { LocalAgentBanner } from './local-agent-banner.tsx';
import { NO_FILTER, countByStatus, type ServerFilter } from './server-filters.ts';
import { NoServers, ServerToolbar } from './servers-page.tsx';
import { ServersTable } from './servers-table.tsx';
import { useFilteredServerIds, useNodes } from './use-servers.ts';

/** The first screen: is everything up, and what is it doing? Counts, node health, then every server. */
export function DashboardPage() {
  const loaded = useStore((s) => s.live.loaded);
  const user = useStore((s) => s.session.user);
  const isAdmin = user?.role === 'admin';
  const statuses = useStore(useShallow((s) => Object.values(s.live.servers).map((server) => server.status)));
  const counts = useMemo(() => countByStatus(statuses), [statuses]);
  const nodes = useNodes();
  const [filter, setFilter] = useState<ServerFilter>(NO_FILTER);
  const ids = useFilteredServerIds(filter);
  if (!loaded) return <div className="page-inner"><Loading what="Loading your servers" /></div>;
  const busy = counts.starting + counts.stopping + counts.installing;
  const failed = counts.crashed + counts.install_failed;
  return (
    <div className="page-inner">
      <header className="page-header">
        <div className="grow">
          <h1>Dashboard</h1>
          <p>Hello {user?.name}. Here is everything you run, live.</p>
        </div>
        {isAdmin ? <Link href="/servers/new" className="btn primary"><Icon name="plus" /> New server</Link> : null}
      </header>

      <div className="stat-cards">
        <StatCard label="Running" value={counts.running} sub={`of ${statuses.length} servers`} tone="ok" />
        <StatCard label="Starting or stopping" value={busy} sub={counts.installing > 0 ? `${counts.installing} installing` : ' '} tone="warn" />
        <StatCard label="Crashed or failed" value={failed} sub={failed > 0 ? 'needs a look' : 'all good'} tone={failed > 0 ? 'danger' : 'idle'} />
        {isAdmin ? <StatCard label="Nodes online" value={nodes.filter((n) => n.status === 'online').length} sub={`of ${nodes.length} nodes`} tone="accent" /> : null}
      </div>

      {isAdmin ? <LocalAgentBanner hasNodes={nodes.length > 0} /> : null}
      {isAdmin ? <NodeHealth nodes={nodes} /> : null}

      <section className="card" aria-labelledby="dash-servers">
        <div className="card-header"><h2 id="dash-servers">Servers</h2><Link href="/servers" className="muted">Open the full list</Link></div>
        {statuses.length === 0 ? <NoServers isAdmin={isAdmin} /> : (
          <>
            <ServerToolbar filter={filter} onChange={setFilter} />
            <ServersTable ids={ids} maxHeight={520} />
          </>
        )}
      </section>
    </div>
  );
}

function StatCard({ label, value, sub, tone }: { label: string; value: number; sub: string; tone: 'ok' | 'warn' | 'danger' | 'idle' | 'accent' }) {
  return (
    <div className="card stat-card">
      <div className="label"><span className={`dot ${tone}`} style={{ marginRight: 6, boxShadow: 'none' }} aria-hidden="true" />{label}</div>
      <div className="value">{value}</div>
      <div className="sub">{sub}</div>
    </div>
  );
}

function NodeHealth({ nodes }: { nodes: Node[] }) {
  const stats = useStore((s) => s.live.nodeStats);
  if (nodes.length === 0) {
    return (
      <div className="banner info">
        <Icon name="nodes" />
        <div className="grow">No node yet. A node is a machine that runs game servers with Docker. <Link href="/nodes">Add a node</Link>, or install Docker here and restart StellarStack to use this machine.</div>
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="dash-nodes">
      <div className="card-header"><h2 id="dash-nodes">Nodes</h2><Link href="/nodes" className="muted">Manage nodes</Link></div>
      <div className="node-health">
        {nodes.map((node) => <NodeHealthRow key={node.id} node={node} stats={stats[node.id]} />)}
      </div>
    </section>
  );
}

export function DockerProblem({ node }: { node: Node }) {
  if (node.status !== 'online' || !node.docker || node.docker.available) return null;
  return (
    <div className="banner warn" role="status">
      <Icon name="alert" />
      <div className="grow">
        <strong>Docker is not answering on {node.name}.</strong> {node.docker.reason}
        <div className="muted">Install it (Debian/Ubuntu: <code>sudo apt-get install docker.io</code>) and start it (<code>sudo systemctl start docker</code>); the node picks it up by itself.</div>
      </div>
    </div>
  );
}

function NodeHealthRow({ node, stats }: { node: Node; stats: NodeStats | undefined }) {
  const metrics = stats?.metrics;
  return (
    <div className="node-health-row">
      <div className="node-health-name">
        <NodeStatusBadge status={node.status} />
        <div style={{ minWidth: 0 }}>
          <div className="ellipsis" style={{ fontWeight: 550 }}>{node.name}{node.local ? <span className="badge" style={{ marginLeft: 6 }}>this machine</span> : null}</div>
          <div className="faint ellipsis" style={{ fontSize: 12 }}>{node.host} · {node.servers} {node.servers === 1 ? 'server' : 'servers'} · seen {formatRelative(node.lastSeenAt)}</div>
        </div>
      </div>
      <Usage label="CPU" share={metrics ? metrics.cpu / 100 : null} text={metrics ? formatPercent(metrics.cpu) : '—'} />
      <Usage label="Memory" share={metrics ? metrics.memory.used / metrics.memory.total : null} text={metrics ? `${formatBytes(metrics.memory.used)} / ${formatBytes(metrics.memory.total)}` : '—'} />
      <Usage label="Disk" share={metrics ? metrics.disk.used / metrics.disk.total : null} text={metrics ? `${formatBytes(metrics.disk.used)} / ${formatBytes(metrics.disk.total)}` : '—'} />
      <div className="node-health-docker">
        {node.docker ? (node.docker.available ? <span className="muted">Docker {node.docker.version}</span> : <span className="badge danger" title={node.docker.reason ?? undefined}>Docker down</span>) : <span className="faint">—</span>}
      </div>
      {node.docker && !node.docker.available && node.status === 'online' ? <div style={{ gridColumn: '1 / -1' }}><DockerProblem node={node} /></div> : null}
    </div>
  );
}

function Usage({ label, share, text }: { label: string; share: number | null; text: string }) {
  const clamped = share === null || !Number.isFinite(share) ? 0 : Math.max(0, Math.min(1, share));
  return (
    <div className="usage">
      <div className="usage-label"><span className="muted">{label}</span><span className="num">{text}</span></div>
      <div className={`meter${clamped > 0.9 ? ' danger' : clamped > 0.75 ? ' warn' : ''}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped * 100)}>
        <span style={{ width: `${clamped * 100}%` }} />
      </div>
    </div>
  );
}
