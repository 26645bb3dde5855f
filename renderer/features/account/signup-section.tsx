import { useState } from 'react';
import type { Settings } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { ErrorBanner, Loading } from '../../components/feedback.tsx';
import { useAction, useAsync } from '../../lib/use-async.ts';
import { SettingsSection } from './settings-section.tsx';

/** Admins: whether the sign-in screen lets strangers make accounts. Saved as soon as it is switched. */
export function SignupSection() {
  const settings = useAsync(() => api.get<Settings>('/admin/settings'), []);
  const { busy, run } = useAction();
  // The switch moves at once; a refusal moves it back (and says why in a toast).
  const [wanted, setWanted] = useState<boolean | null>(null);
  const open = wanted ?? settings.data?.signupOpen ?? false;

  function toggle(signupOpen: boolean) {
    setWanted(signupOpen);
    void run('signup', async () => settings.setData(await api.patch<Settings>('/admin/settings', { signupOpen })), {
      success: signupOpen ? 'Sign-up is open' : 'Sign-up is closed',
    }).finally(() => setWanted(null));
  }

  return (
    <SettingsSection id="signup" title="Sign-up"
      description="Who may create an account on this StellarStack. Admins can always add users on the Users page.">
      {settings.error && !settings.data ? <ErrorBanner error={settings.error} onRetry={settings.reload} />
        : !settings.data ? <Loading what="Loading settings" />
        : (
          <div className="signup-row">
            <label className="switch">
              <input type="checkbox" role="switch" checked={open} disabled={busy === 'signup'} aria-describedby="signup-explain"
                onChange={(e) => toggle(e.target.checked)} />
              <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
              <span className="switch-label">Anyone can sign up</span>
            </label>
            <p id="signup-explain" className="muted">
              {open
                ? 'On: the sign-in screen offers "Create an account", and anyone who can reach this controller gets a user account. They see only servers an admin gives them.'
                : 'Off: only admins add people (Users → New user). Turn it on for a while to let your team sign themselves up.'}
            </p>
          </div>
        )}
    </SettingsSection>
  );
}
