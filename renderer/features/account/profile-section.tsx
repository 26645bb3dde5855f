import { useState, type FormEvent } from 'react';
import type { User } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/field.tsx';
import type { FieldErrors } from '../../lib/validation.ts';
import { useStore } from '../../store/index.ts';
import { checkProfile, profileChanges } from './account-forms.ts';
import { placeErrors } from './form-errors.ts';
import { SettingsSection } from './settings-section.tsx';

export function ProfileSection({ user }: { user: User }) {
  const setUser = useStore((s) => s.setUser);
  const [values, setValues] = useState({ name: user.name, email: user.email });
  // Changing the sign-in email takes the current password, as changing the password does.
  const [current, setCurrent] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const changes = profileChanges(user, values);
  const dirty = Object.keys(changes).length > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkProfile(values);
    if (changes.email !== undefined && current === '') local.currentPassword = 'Enter your current password to change the email';
    setErrors(local);
    setBanner(null);
    setSaved(false);
    if (Object.keys(local).length > 0 || !dirty) return;
    setBusy(true);
    try {
      const updated = await api.patch<User>('/users/me', changes.email === undefined ? changes : { ...changes, currentPassword: current });
      setUser(updated);
      setValues({ name: updated.name, email: updated.email });
      setCurrent('');
      setSaved(true);
    } catch (error) {
      const placed = placeErrors(error, ['name', 'email', 'currentPassword']);
      setErrors(placed.fields);
      const onlyFieldErrors = Object.keys(placed.fields).length === 1 && (placed.fields.email || placed.fields.currentPassword);
      setBanner(onlyFieldErrors ? null : placed.banner);
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsSection id="profile" title="Profile" description="Your name as teammates see it, and the email you sign in with.">
      <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-grid">
          <TextField label="Name" autoComplete="name" value={values.name} error={errors.name}
            onChange={(e) => { setValues((v) => ({ ...v, name: e.target.value })); setSaved(false); }} />
          <TextField label="Email" type="email" autoComplete="email" value={values.email} error={errors.email}
            onChange={(e) => { setValues((v) => ({ ...v, email: e.target.value })); setSaved(false); }} />
          {changes.email !== undefined ? (
            <TextField label="Current password" type="password" autoComplete="current-password" value={current} error={errors.currentPassword}
              onChange={(e) => setCurrent(e.target.value)} />
          ) : null}
        </div>
        {banner ? <div className="banner error" role="alert">{banner}</div> : null}
        <div className="form-actions">
          {saved ? <span className="settings-ok" role="status">Profile saved.</span> : null}
          <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>Save profile</Button>
        </div>
      </form>
    </SettingsSection>
  );
}
