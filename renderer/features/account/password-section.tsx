import { useState, type FormEvent } from 'react';
import type { User } from '../../../contracts/index.ts';
import { ApiError, api } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/field.tsx';
import type { FieldErrors } from '../../lib/validation.ts';
import { useStore } from '../../store/index.ts';
import { checkPasswordChange, type PasswordValues } from './account-forms.ts';
import { placeErrors } from './form-errors.ts';
import { SettingsSection } from './settings-section.tsx';

const EMPTY: PasswordValues = { current: '', password: '', confirm: '' };

/** The API's field names differ from the form's: its `currentPassword` is this form's `current`. */
function toFormFields(fields: FieldErrors): FieldErrors {
  const { currentPassword, ...rest } = fields;
  return currentPassword === undefined ? rest : { ...rest, current: currentPassword };
}

export function PasswordSection({ email }: { email: string }) {
  const setUser = useStore((s) => s.setUser);
  const [values, setValues] = useState<PasswordValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof PasswordValues) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: event.target.value }));
    setDone(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkPasswordChange(values);
    setErrors(local);
    setBanner(null);
    setDone(false);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      setUser(await api.patch<User>('/users/me', { password: values.password, currentPassword: values.current }));
      setValues(EMPTY);
      setDone(true);
    } catch (error) {
      const placed = placeErrors(error, ['currentPassword', 'password']);
      // "The current password is incorrect" reads better under the field than its fragment "Is incorrect".
      if (placed.fields.currentPassword && error instanceof ApiError && error.code === 'VALIDATION_ERROR') placed.fields.currentPassword = error.message;
      setErrors(toFormFields(placed.fields));
      setBanner(placed.banner);
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsSection id="password" title="Password"
      description="Changing it signs you out everywhere else: other browsers and the desktop app ask to sign in again. This window stays signed in. API keys keep working.">
      <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        {/* A hidden username helps password managers save the new password for the right account. */}
        <input type="text" autoComplete="username" value={email} hidden readOnly />
        <div className="form-grid">
          <TextField label="Current password" type="password" autoComplete="current-password" value={values.current} onChange={set('current')} error={errors.current} />
          <TextField label="New password" type="password" autoComplete="new-password" value={values.password} onChange={set('password')} error={errors.password} hint="At least 8 characters; a passphrase is best." />
          <TextField label="Confirm password" type="password" autoComplete="new-password" value={values.confirm} onChange={set('confirm')} error={errors.confirm} />
        </div>
        {banner ? <div className="banner error" role="alert">{banner}</div> : null}
        <div className="form-actions">
          {done ? <span className="settings-ok" role="status">Password changed. Other sessions were signed out.</span> : null}
          <Button type="submit" variant="primary" busy={busy}>Change password</Button>
        </div>
      </form>
    </SettingsSection>
  );
}
