import { useCallback, useEffect, useRef } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import type { Server } from '../../../contracts/api/servers.ts';
import { Icon } from '../../components/icon.tsx';
import { useStore } from '../../store/index.ts';
import { BlueprintCatalogue } from '../blueprints/blueprint-catalogue.tsx';
import { rememberServer } from '../servers/server-actions.ts';
import { CreateForm } from './create-form.tsx';
import './create-server.css';

/**
 * Create server: one page, not a wizard. The catalogue on one side, the form for the chosen
 * game on the other. The choice lives in the address (?blueprint=id), so a link from the
 * Blueprints page arrives with it made; it replaces the entry, so Back leaves the page.
 */
export default function CreateServerPage() {
  const me = useStore((s) => s.session.user);
  const search = useSearch();
  const [, navigate] = useLocation();
  const selectedId = new URLSearchParams(search).get('blueprint');
  const selected = useStore((s) => (selectedId ? s.blueprints.items?.find((b) => b.id === selectedId) ?? null : null));
  const formRef = useRef<HTMLDivElement>(null);

  const choose = useCallback((blueprint: Blueprint) => {
    navigate(`/servers/new?blueprint=${encodeURIComponent(blueprint.id)}`, { replace: true });
  }, [navigate]);

  // On a narrow window the form is below the catalogue: bring it into view when a game is chosen.
  useEffect(() => {
    const panel = formRef.current;
    if (!selectedId || !panel) return;
    const box = panel.getBoundingClientRect();
    if (box.top > window.innerHeight) panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [selectedId]);

  const created = useCallback((server: Server) => {
    rememberServer(server);
    navigate(`/servers/${server.id}`);
  }, [navigate]);

  return (
    <div className="page-inner create-page">
      <header className="page-header">
        <div className="grow">
          <h1>Create a server</h1>
          <p>Pick a game, then name the server and choose where it runs.</p>
        </div>
        <Link href="/servers" className="btn ghost"><Icon name="chevronLeft" /> Servers</Link>
      </header>
      <div className="create-layout">
        <section className="card create-catalogue" aria-label="Games">
          <BlueprintCatalogue selectedId={selectedId} onSelect={choose} />
        </section>
        <section className="card create-panel" ref={formRef} aria-label="New server">
          {selected && me ? (
            <CreateForm blueprint={selected} me={me} onCreated={created} />
          ) : (
            <div className="create-placeholder">
              <Icon name="blueprints" size={28} />
              <h2>Pick a game</h2>
              <p className="muted">
                {selectedId && !selected ? `No blueprint has the id “${selectedId}”. ` : ''}
                Choose a blueprint from the catalogue; its defaults fill the form here.
              </p>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
