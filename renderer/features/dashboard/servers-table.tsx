import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';
import { Link, useLocation } from 'wouter';
import type { PowerAction, Server } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { ServerStatusBadge } from '../../components/status-badge.tsx';
import { formatBytes, formatPercent } from '../../lib/format.ts';
import { allowedPowerActions } from '../../lib/status.ts';
import { useAction } from '../../lib/use-async.ts';
import { powerServer } from '../servers/server-actions.ts';
import { useStore } from '../../store/index.ts';

const ROW_HEIGHT = 52;

/**
 * The dense server table (Docker Desktop's container list is the model): status, name,
 * game, node, address, live CPU, memory and players online, and start/stop inline. Rows are virtualised, so
 * a thousand servers cost as much as the thirty on screen; each row reads its own server from
 * the store, so a resources frame re-renders only the rows whose numbers moved.
 */
export function ServersTable({ ids, maxHeight }: { ids: readonly string[]; maxHeight?: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: ids.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const height = Math.min(maxHeight ?? Infinity, ids.length * ROW_HEIGHT);
  return (
    <div className="servers-table" role="table" aria-label="Servers" aria-rowcount={ids.length + 1}>
      <div className="servers-row head" role="row">
        <span role="columnheader">Status</span>
        <span role="columnheader">Name</span>
        <span role="columnheader">Node</span>
        <span role="columnheader">Address</span>
        <span role="columnheader" className="right">CPU</span>
        <span role="columnheader" className="right">Memory</span>
        <span role="columnheader" className="right">Players</span>
        <span role="columnheader" className="right"><span className="sr-only">Actions</span></span>
      </div>
      <div ref={scroller} className="servers-body" style={{ height: maxHeight === undefined ? undefined : height, maxHeight }} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <ServerRow key={ids[item.index]} id={ids[item.index]!} top={item.start} index={item.index} />
          ))}
        </div>
      </div>
    </div>
  );
}

const ServerRow = memo(function ServerRow({ id, top, index }: { id: string; top: number; index: number }) {
  const server = useStore((s) => s.live.servers[id]);
  const [, navigate] = useLocation();
  if (!server) return null;
  const cpuShare = server.resources ? server.resources.cpu / Math.max(1, server.cpu) : 0;
  const memShare = server.resources && server.resources.memoryLimit > 0 ? server.resources.memory / server.resources.memoryLimit : 0;
  const port = server.ports[0];
  return (
    <div className="servers-row" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}
      onClick={(event) => { if (!(event.target as HTMLElement).closest('a, button')) navigate(`/servers/${id}`); }}>
      <span role="cell"><ServerStatusBadge status={server.status} reason={server.statusReason} /></span>
      <span role="cell" className="name-cell">
        <Link href={`/servers/${id}`} className="server-name">{server.name}</Link>
        <span className="faint">{server.blueprintId}</span>
      </span>
      <span role="cell" className="muted ellipsis">
        {server.nodeName}
        {!server.nodeOnline ? <span className="badge danger" style={{ marginLeft: 6 }}>offline</span> : null}
      </span>
      <span role="cell" className="ellipsis">
        {server.address && port ? <><span className="mono muted">{server.address}</span> <span className="faint" style={{ fontSize: 11 }}>{port.protocol.toUpperCase()}</span></> : <span className="faint">—</span>}
      </span>
      <span role="cell" className="right num">
        {server.resources ? formatPercent(server.resources.cpu) : <span className="faint">—</span>}
        <Meter share={cpuShare} />
      </span>
      <span role="cell" className="right num">
        {server.resources ? formatBytes(server.resources.memory) : <span className="faint">—</span>}
        <Meter share={memShare} />
      </span>
      <span role="cell" className="right num" title={server.resources?.players ? 'Players online / maximum' : "The game reports no players (no query, or it has not answered)"}>
        {server.resources?.players ? `${server.resources.players.online}/${server.resources.players.max}` : <span className="faint">—</span>}
      </span>
      <span role="cell" className="right row-actions"><RowPower server={server} /></span>
    </div>
  );
});

function Meter({ share }: { share: number }) {
  const clamped = Math.max(0, Math.min(1, share));
  return (
    <span className={`meter mini${clamped > 0.9 ? ' danger' : clamped > 0.75 ? ' warn' : ''}`} aria-hidden="true">
      <span style={{ width: `${clamped * 100}%` }} />
    </span>
  );
}

function RowPower({ server }: { server: Server }) {
  const allowed = useMemo(() => allowedPowerActions(server.status, server.nodeOnline), [server.status, server.nodeOnline]);
  const { busy, run } = useAction();
  const act = (action: PowerAction) => void run(action, () => powerServer(server.id, action));
  if (allowed.has('start')) return <Button size="small" icon="play" busy={busy === 'start'} onClick={() => act('start')} aria-label={`Start ${server.name}`}>Start</Button>;
  if (allowed.has('stop')) return <Button size="small" icon="stop" busy={busy === 'stop'} onClick={() => act('stop')} aria-label={`Stop ${server.name}`}>Stop</Button>;
  return null;
}
