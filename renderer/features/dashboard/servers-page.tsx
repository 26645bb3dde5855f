import { useState } from 'react';
import { Link } from 'wouter';
import type { ServerStatus } from '../../../contracts/index.ts';
import { Loading, EmptyState } from '../../components/feedback.tsx';
import { Icon } from '../../components/icon.tsx';
import { SERVER_STATUS } from '../../lib/status.ts';
import { useStore } from '../../store/index.ts';
import { NO_FILTER, type ServerFilter } from './server-filters.ts';
import { ServersTable } from './servers-table.tsx';
import { useFilteredServerIds, useNodes } from './use-servers.ts';

export function ServerToolbar({ filter, onChange }: { filter: ServerFilter; onChange(filter: ServerFilter): void }) {
  const nodes = useNodes();
  return (
    <div className="toolbar">
      <div className="search">
        <Icon name="search" />
        <input className="input" type="search" data-search placeholder="Search servers  ( / )" aria-label="Search servers"
          value={filter.text} onChange={(e) => onChange({ ...filter, text: e.target.value })} />
      </div>
      <select className="input" aria-label="Filter by status" value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as ServerStatus | 'all' })}>
        <option value="all">All states</option>
        {(Object.keys(SERVER_STATUS) as ServerStatus[]).map((status) => <option key={status} value={status}>{SERVER_STATUS[status].label}</option>)}
      </select>
      {nodes.length > 1 ? (
        <select className="input" aria-label="Filter by node" value={filter.nodeId} onChange={(e) => onChange({ ...filter, nodeId: e.target.value })}>
          <option value="all">All nodes</option>
          {nodes.map((node) => <option key={node.id} value={node.id}>{node.name}</option>)}
        </select>
      ) : null}
    </div>
  );
}

export function ServersPage() {
  const loaded = useStore((s) => s.live.loaded);
  const total = useStore((s) => Object.keys(s.live.servers).length);
  const isAdmin = useStore((s) => s.session.user?.role === 'admin');
  const [filter, setFilter] = useState<ServerFilter>(NO_FILTER);
  const ids = useFilteredServerIds(filter);
  return (
    <div className="page-inner">
      <header className="page-header">
        <div className="grow">
          <h1>Servers</h1>
          <p className="num">{loaded ? `${total} ${total === 1 ? 'server' : 'servers'}${ids.length !== total ? `, ${ids.length} shown` : ''}` : ' '}</p>
        </div>
        {isAdmin ? <Link href="/servers/new" className="btn primary"><Icon name="plus" /> New server</Link> : null}
      </header>
      <section className="card">
        {!loaded ? <Loading what="Loading servers" /> : total === 0 ? <NoServers isAdmin={isAdmin} /> : (
          <>
            <ServerToolbar filter={filter} onChange={setFilter} />
            {ids.length === 0 ? <EmptyState title="No server matches">Change the search or the filters.</EmptyState> : <ServersTable ids={ids} maxHeight={Math.max(320, window.innerHeight - 250)} />}
          </>
        )}
      </section>
    </div>
  );
}

export function NoServers({ isAdmin }: { isAdmin: boolean }) {
  return isAdmin ? (
    <EmptyState title="Create your first server" action={<Link href="/servers/new" className="btn primary"><Icon name="plus" /> Create a server</Link>}>
      Pick a game from the catalogue, choose a node, and StellarStack installs it in a container.
    </EmptyState>
  ) : (
    <EmptyState title="No servers yet">An admin creates servers and gives them to you; they will show up here as soon as they do.</EmptyState>
  );
}
