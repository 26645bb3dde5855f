import { useEffect, type ReactNode } from 'react';
import { Link, useLocation, useRoute } from 'wouter';
import { Button } from '../components/button.tsx';
import { Icon, Logo, type IconName } from '../components/icon.tsx';
import { initials } from '../lib/format.ts';
import { useStore } from '../store/index.ts';
import type { StreamStatus } from '../store/live-slice.ts';

function RailLink({ href, icon, children }: { href: string; icon: IconName; children: ReactNode }) {
  const [exact] = useRoute(href);
  const [nested] = useRoute(`${href}/*`);
  const active = exact || (href !== '/' && nested);
  return (
    <Link href={href} className="rail-link" aria-current={active ? 'page' : undefined}>
      <Icon name={icon} />
      {children}
    </Link>
  );
}

const STREAM_LABEL: Record<StreamStatus, { text: string; tone: string }> = {
  idle: { text: 'Offline', tone: 'idle' },
  connecting: { text: 'Connecting…', tone: 'warn pulse' },
  live: { text: 'Live', tone: 'ok' },
  reconnecting: { text: 'Reconnecting…', tone: 'danger pulse' },
};

function ConnectionDot() {
  const status = useStore((s) => s.stream.status);
  const label = STREAM_LABEL[status];
  return (
    <span className="conn" role="status" aria-live="polite" title="Live updates from the controller" data-stream={status}>
      <span className={`dot ${label.tone}`} aria-hidden="true" />
      {label.text}
    </span>
  );
}

/** `/` focuses the page's search box; `g` then `s` goes to servers (as in the UI brief). */
function useGlobalKeys() {
  const [, navigate] = useLocation();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable], .xterm') || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-search]');
        if (search) {
          event.preventDefault();
          search.focus();
        }
      } else if (event.key === 'g') {
        pendingG = Date.now();
      } else if (Date.now() - pendingG < 1000) {
        const to = ({ s: '/servers', d: '/', n: '/nodes', b: '/blueprints', u: '/users' } as Record<string, string>)[event.key];
        pendingG = 0;
        if (to) navigate(to);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}

export function Shell({ children }: { children: ReactNode }) {
  const user = useStore((s) => s.session.user);
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const signOut = useStore((s) => s.signOut);
  useGlobalKeys();
  const isAdmin = user?.role === 'admin';
  return (
    <div className="shell">
      <nav className="rail" aria-label="Main">
        <div className="rail-brand"><Logo /> StellarStack</div>
        <RailLink href="/" icon="dashboard">Dashboard</RailLink>
        <RailLink href="/servers" icon="servers">Servers</RailLink>
        {isAdmin ? <RailLink href="/nodes" icon="nodes">Nodes</RailLink> : null}
        <RailLink href="/blueprints" icon="blueprints">Blueprints</RailLink>
        {isAdmin ? <RailLink href="/users" icon="users">Users</RailLink> : null}
        <RailLink href="/settings" icon="settings">Settings</RailLink>
        <div className="rail-footer">
          <div className="rail-user">
            <span className="avatar" aria-hidden="true">{initials(user?.name ?? '?')}</span>
            <div style={{ minWidth: 0 }}>
              <div className="rail-user-name">{user?.name}</div>
              <div className="rail-user-mail">{user?.email}</div>
            </div>
          </div>
          <div className="rail-actions">
            <ConnectionDot />
            <span className="btn-group" style={{ gap: 2 }}>
              <Button size="small" variant="ghost" icon={theme === 'dark' ? 'sun' : 'moon'}
                aria-label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
                title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
                onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} />
              <Button size="small" variant="ghost" icon="logout" aria-label="Sign out" title="Sign out" onClick={() => void signOut()} />
            </span>
          </div>
        </div>
      </nav>
      <main className="page" id="main">{children}</main>
    </div>
  );
}
