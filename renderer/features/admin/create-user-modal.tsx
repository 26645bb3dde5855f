import { useState, type FormEvent } from 'react';
import type { Role, User } from '../../../contracts/index.ts';
import { ApiError } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { checkAccount, type FieldErrors } from '../../lib/validation.ts';
import { placeErrors } from '../account/form-errors.ts';
import { createUser } from './user-actions.ts';
import { explainUserError } from './user-errors.ts';

const FIELDS = ['name', 'email', 'password', 'role'] as const;

/** An admin adds a teammate: they sign in with this email and password, and can change the password in Settings. */
export function CreateUserModal({ onClose, onCreated }: { onClose(): void; onCreated(user: User): void }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'user' as Role });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: 'name' | 'email' | 'password') => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkAccount(form);
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      onCreated(await createUser({ name: form.name.trim(), email: form.email.trim(), password: form.password, role: form.role }));
    } catch (error) {
      const placed = placeErrors(error, FIELDS);
      if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') placed.fields.email = explainUserError(error, form.name);
      setErrors(placed.fields);
      // EMAIL_TAKEN names the email field: that says it all, no banner needed.
      setBanner(placed.fields.email && Object.keys(placed.fields).length === 1 ? null : placed.banner);
      setBusy(false);
    }
  }

  return (
    <Modal title="New user" onClose={onClose}
      footer={<><Button variant="ghost" onClick={onClose}>Cancel</Button><Button type="submit" form="create-user-form" variant="primary" busy={busy}>Create user</Button></>}>
      <form id="create-user-form" className="grid" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="Name" autoComplete="off" value={form.name} onChange={set('name')} error={errors.name} autoFocus />
        <TextField label="Email" type="email" autoComplete="off" value={form.email} onChange={set('email')} error={errors.email} />
        <TextField label="Password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={errors.password}
          hint="At least 8 characters. Tell it to them; they can change it in Settings." />
        <SelectField label="Role" value={form.role} error={errors.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
          hint={form.role === 'admin' ? 'Admins manage nodes, blueprints, users and every server.' : 'Users see and run the servers they own.'}>
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </SelectField>
      </form>
      {banner ? <div className="banner error" role="alert">{banner}</div> : null}
    </Modal>
  );
}
