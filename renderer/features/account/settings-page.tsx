import { useEffect, useRef, useState } from 'react';
import { Loading } from '../../components/feedback.tsx';
import { useStore } from '../../store/index.ts';
import { ApiKeysSection } from './api-keys-section.tsx';
import { AppearanceSection } from './appearance-section.tsx';
import { DesktopSection } from './desktop-section.tsx';
import { desktopBridge } from '../../lib/desktop-bridge.ts';
import { PasswordSection } from './password-section.tsx';
import { ProfileSection } from './profile-section.tsx';
import { SignupSection } from './signup-section.tsx';
import './settings-page.css';

const SECTIONS = [
  { id: 'profile', label: 'Profile' },
  { id: 'password', label: 'Password' },
  { id: 'appearance', label: 'Appearance' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'signup', label: 'Sign-up', adminOnly: true },
  { id: 'desktop', label: 'Desktop app', desktopOnly: true },
] as const;

/** Everything about your account on one page; the links jump to a section without leaving it. */
export default function SettingsPage() {
  const user = useStore((s) => s.session.user);
  const isAdmin = user?.role === 'admin';
  // Only inside the desktop app: a browser on the LAN has no bridge to the app's settings.
  const bridge = desktopBridge();
  const sections = SECTIONS.filter((section) => (!('adminOnly' in section) || isAdmin) && (!('desktopOnly' in section) || bridge !== undefined));
  const [current, setCurrent] = useState<string>(() => window.location.hash.slice(1) || 'profile');

  // A link straight to /settings#api-keys lands on that section once it has rendered.
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (id) document.getElementById(id)?.scrollIntoView({ block: 'start' });
  }, []);

  // The link of the section being read is marked as the reader scrolls: the last section
  // whose top has passed a line a third down the scrolling area. A click wins for a moment,
  // so a short last section can still be the marked one.
  const sectionIds = sections.map((section) => section.id).join(' ');
  const clickedAt = useRef(0);
  useEffect(() => {
    const ids = sectionIds.split(' ');
    const scroller = document.getElementById('main');
    if (!scroller) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      if (Date.now() - clickedAt.current < 1000) return;
      const line = scroller.getBoundingClientRect().top + scroller.clientHeight / 3;
      let found = ids[0] ?? 'profile';
      for (const id of ids) {
        const top = document.getElementById(id)?.getBoundingClientRect().top;
        if (top !== undefined && top <= line) found = id;
      }
      setCurrent(found);
    };
    const onScroll = () => { frame ||= requestAnimationFrame(update); };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [sectionIds]);

  if (!user) return <div className="page-inner"><Loading /></div>;
  return (
    <div className="page-inner settings-page">
      <header className="page-header">
        <div className="grow">
          <h1>Settings</h1>
          <p>Your account, how StellarStack looks, and keys for scripts{isAdmin ? '; and who may sign up' : ''}.</p>
        </div>
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          {sections.map((section) => (
            <a key={section.id} href={`#${section.id}`} aria-current={current === section.id ? 'location' : undefined}
              onClick={(event) => {
                // Scroll ourselves: the page scrolls inside .page, and the hash alone would not smooth-scroll there.
                event.preventDefault();
                document.getElementById(section.id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                history.replaceState(history.state, '', `#${section.id}`);
                clickedAt.current = Date.now();
                setCurrent(section.id);
              }}>
              {section.label}
            </a>
          ))}
        </nav>
        <div className="settings-sections">
          <ProfileSection key={user.id} user={user} />
          <PasswordSection email={user.email} />
          <AppearanceSection />
          <ApiKeysSection />
          {isAdmin ? <SignupSection /> : null}
          {bridge ? <DesktopSection bridge={bridge} /> : null}
        </div>
      </div>
    </div>
  );
}
