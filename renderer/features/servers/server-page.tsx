import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Link, useParams, useSearchParams } from 'wouter';
import type { Server } from '../../../contracts/index.ts';
import { ErrorBanner, EmptyState, Loading } from '../../components/feedback.tsx';
import { useStore } from '../../store/index.ts';
import { StatsPanel } from './charts/stats-panel.tsx';
import { ConsolePanel } from './console/console-panel.tsx';
import { useConsoleSession } from './console/use-console-session.ts';
import { ServerHeader } from './server-header.tsx';
import { ServerNotices } from './server-notices.tsx';
import { DangerZone } from './settings/danger-zone.tsx';
import { SettingsTab } from './settings/settings-tab.tsx';
import { useServerRecord } from './use-server-record.ts';
import './server-page.css';

const TABS = [
  { id: 'console', label: 'Console' },
  { id: 'settings', label: 'Settings' },
  { id: 'danger', label: 'Danger zone' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * The server page (Pterodactyl's is the model): the console is the page, with power in the
 * header and live usage beside it; settings and the danger zone are tabs after it.
 */
export default function ServerPage() {
  const { id = '' } = useParams<{ id: string }>();
  const record = useServerRecord(id);
  if (record.kind === 'loading') return <div className="page-inner"><Loading what="Loading the server" /></div>;
  if (record.kind === 'not_found') {
    return (
      <div className="page-inner">
        <EmptyState title="Server not found" action={<Link href="/servers" className="btn">Back to servers</Link>}>
          There is no server with this address, or it is not shared with you.
        </EmptyState>
      </div>
    );
  }
  if (record.kind === 'error') return <div className="page-inner"><ErrorBanner error={record.error} onRetry={record.retry} /></div>;
  // Keyed by id: another server is a fresh page (its own console, form and tab state).
  return <ServerView key={record.server.id} server={record.server} />;
}

function ServerView({ server }: { server: Server }) {
  const isAdmin = useStore((s) => s.session.user?.role === 'admin');
  const blueprints = useStore((s) => s.blueprints);
  const loadBlueprints = useStore((s) => s.loadBlueprints);
  const session = useConsoleSession(server.id, server.nodeOnline);
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab');
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : 'console';

  useEffect(() => {
    void loadBlueprints();
  }, [loadBlueprints]);

  useEffect(() => {
    const previous = document.title;
    document.title = `${server.name} · StellarStack`;
    return () => {
      document.title = previous;
    };
  }, [server.name]);

  const blueprint = blueprints.items?.find((b) => b.id === server.blueprintId) ?? null;
  const selectTab = (next: TabId) => setSearch(next === 'console' ? {} : { tab: next }, { replace: true });

  return (
    <div className="page-inner server-page">
      <ServerHeader server={server} stats={session?.stats ?? null} />
      <ServerNotices server={server} blueprint={blueprint} onOpenDangerZone={() => selectTab('danger')} />
      <TabList tab={tab} onSelect={selectTab} />
      {/* The console stays mounted behind the other tabs: its socket, scrollback and charts keep going. */}
      <div role="tabpanel" id="server-tab-console" aria-labelledby="server-tab-console-button" hidden={tab !== 'console'} className="console-layout">
        {session ? (
          <>
            <ConsolePanel server={server} connection={session.connection} />
            <StatsPanel server={server} feed={session.stats} />
          </>
        ) : null}
      </div>
      {/* Settings stay mounted too, so unsaved edits survive a look at the console. */}
      <div role="tabpanel" id="server-tab-settings" aria-labelledby="server-tab-settings-button" hidden={tab !== 'settings'}>
        <SettingsTab server={server} blueprint={blueprint} blueprintError={blueprints.error} isAdmin={isAdmin} />
      </div>
      <div role="tabpanel" id="server-tab-danger" aria-labelledby="server-tab-danger-button" hidden={tab !== 'danger'}>
        <DangerZone server={server} isAdmin={isAdmin} />
      </div>
    </div>
  );
}

/** Tabs as the ARIA pattern has them: arrow keys move between them, Home and End jump. */
function TabList({ tab, onSelect }: { tab: TabId; onSelect(tab: TabId): void }) {
  const list = useRef<HTMLDivElement>(null);
  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    onSelect(target.id);
    list.current?.querySelector<HTMLButtonElement>(`#server-tab-${target.id}-button`)?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label="Server sections" ref={list} onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button key={t.id} type="button" role="tab" className="tab" id={`server-tab-${t.id}-button`} aria-controls={`server-tab-${t.id}`}
          aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} onClick={() => onSelect(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
