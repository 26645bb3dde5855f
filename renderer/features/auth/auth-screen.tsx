import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/field.tsx';
import { Logo } from '../../components/icon.tsx';
import { checkAccount, checkEmail, type FieldErrors } from '../../lib/validation.ts';
import { useStore } from '../../store/index.ts';

/**
 * The signed-out screens: first-run set-up (creates the admin), sign-in, and sign-up when an
 * admin has opened it. Field errors from the API's 422 land under their fields.
 */
export function AuthScreen() {
  const status = useStore((s) => s.session.status);
  const signupOpen = useStore((s) => s.session.signupOpen);
  const notice = useStore((s) => s.session.error);
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const setup = status === 'setup';
  return (
    <div className="auth">
      <div className="card auth-card">
        <div className="brand"><Logo size={26} /> StellarStack</div>
        {setup ? (
          <>
            <div>
              <h1>Welcome — set up StellarStack</h1>
              <p className="muted" style={{ marginTop: 4 }}>Create the admin account. You will use it to add nodes, servers and teammates.</p>
            </div>
            <AccountForm submitLabel="Create admin account" />
          </>
        ) : mode === 'signup' && signupOpen ? (
          <>
            <h1>Create an account</h1>
            <AccountForm submitLabel="Create account" />
            <p className="muted">Have an account? <a href="#" onClick={(e) => { e.preventDefault(); setMode('signin'); }}>Sign in</a></p>
          </>
        ) : (
          <>
            <h1>Sign in</h1>
            {notice ? <div className="banner warn" role="status">{notice}</div> : null}
            <SignInForm />
            {signupOpen ? <p className="muted">New here? <a href="#" onClick={(e) => { e.preventDefault(); setMode('signup'); }}>Create an account</a></p> : null}
          </>
        )}
      </div>
    </div>
  );
}

function SignInForm() {
  const signIn = useStore((s) => s.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const emailProblem = checkEmail(email);
    const local: FieldErrors = {};
    if (emailProblem) local.email = emailProblem;
    if (password === '') local.password = 'Enter your password';
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await signIn(email, password);
    } catch (error) {
      setFailure(error instanceof ApiError && error.code === 'RATE_LIMITED' ? `Too many attempts. ${error.message}` : messageOf(error));
      setBusy(false);
    }
  }

  return (
    <form className="grid" onSubmit={(e) => void submit(e)} noValidate>
      <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} autoFocus />
      <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
      {failure ? <div className="banner error" role="alert">{failure}</div> : null}
      <Button type="submit" variant="primary" busy={busy}>Sign in</Button>
    </form>
  );
}

function AccountForm({ submitLabel }: { submitLabel: string }) {
  const signUp = useStore((s) => s.signUp);
  const [form, setForm] = useState({ email: '', name: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkAccount(form);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await signUp({ email: form.email, name: form.name, password: form.password });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) setErrors(error.fieldErrors);
      else if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') setErrors({ email: 'This email already has an account' });
      else setFailure(messageOf(error));
      setBusy(false);
    }
  }

  return (
    <form className="grid" onSubmit={(e) => void submit(e)} noValidate>
      <TextField label="Name" autoComplete="name" value={form.name} onChange={set('name')} error={errors.name} autoFocus />
      <TextField label="Email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
      <TextField label="Password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={errors.password} hint="At least 8 characters; a passphrase is best." />
      <TextField label="Repeat password" type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} error={errors.confirm} />
      {failure ? <div className="banner error" role="alert">{failure}</div> : null}
      <Button type="submit" variant="primary" busy={busy}>{submitLabel}</Button>
    </form>
  );
}
