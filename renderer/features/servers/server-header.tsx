import { Link } from 'wouter';
import type { Server } from '../../../contracts/index.ts';
import { CopyButton } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { ServerStatusBadge } from '../../components/status-badge.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useStore } from '../../store/index.ts';
import type { StatsFeed } from './charts/stats-feed.ts';
import { useLatestStats } from './charts/stats-panel.tsx';
import { PowerControls } from './power-controls.tsx';

interface Props {
  server: Server;
  stats: StatsFeed | null;
}

// A stop the agent decided on (the disk limit, a kill after the grace period) says why too.
const SHOWS_REASON = new Set<Server['status']>(['crashed', 'install_failed', 'stopped']);

/** "25565/tcp Game · 25566/udp Query": the blueprint names its ports in the same order, when it has as many. */
function describeServerPorts(server: Server, named: readonly { name: string }[] | undefined): string {
  const names = named && named.length === server.ports.length ? named.map((p) => p.name) : [];
  return server.ports.map((p, i) => `${p.port}/${p.protocol}${names[i] ? ` ${names[i]}` : ''}`).join(' · ');
}

/** Name, state (with its reason when it failed), where it runs and how to reach it, and power. */
export function ServerHeader({ server, stats }: Props) {
  const blueprint = useStore((s) => s.blueprints.items?.find((b) => b.id === server.blueprintId));
  const blueprintName = blueprint?.name;
  const blueprintPorts = blueprint?.ports;
  const latest = useLatestStats(stats);
  // The record carries the node's name and host:port, so people who may not list nodes see them too.
  const port = server.ports[0];
  const address = server.address ?? (port ? String(port.port) : null);
  const uptime = server.status === 'running' ? (latest?.uptime ?? server.resources?.uptime) : undefined;
  const players = server.status === 'running' ? (server.resources?.players ?? null) : null;

  return (
    <header className="server-header">
      <Link href="/servers" className="back-link"><Icon name="chevronLeft" size={14} /> Servers</Link>
      <div className="server-header-main">
        <div className="server-title">
          <h1 className="ellipsis">{server.name}</h1>
          <ServerStatusBadge status={server.status} reason={server.statusReason} />
          {SHOWS_REASON.has(server.status) && server.statusReason ? <span className="status-reason">{server.statusReason}</span> : null}
        </div>
        <PowerControls server={server} />
      </div>
      <dl className="server-facts">
        <div><dt>Blueprint</dt><dd>{blueprintName ?? server.blueprintId}</dd></div>
        {server.nodeName ? <div><dt>Node</dt><dd>{server.nodeName}{!server.nodeOnline ? <span className="badge danger">offline</span> : null}</dd></div> : null}
        {address ? (
          <div className="server-address">
            <dt>Address</dt>
            <dd>
              <code className="mono">{address}</code>
              {port ? <span className="faint">/{port.protocol}</span> : null}
              <CopyButton text={address} label="Copy address" />
            </dd>
          </div>
        ) : null}
        {server.ports.length > 0 ? (
          <div className="server-ports">
            <dt>Ports</dt>
            <dd className="mono" title="Where the game listens on its node">{describeServerPorts(server, blueprintPorts)}</dd>
          </div>
        ) : null}
        {uptime !== undefined ? <div><dt>Uptime</dt><dd className="num">{formatDuration(uptime)}</dd></div> : null}
        {players ? <div><dt>Players</dt><dd className="num">{players.online} of {players.max}</dd></div> : null}
      </dl>
    </header>
  );
}
