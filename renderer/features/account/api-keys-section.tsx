import { useCallback, useState, type FormEvent } from 'react';
import type { ApiKey, ApiKeyScope } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { CopyButton, ErrorBanner, Loading } from '../../components/feedback.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { Icon } from '../../components/icon.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { formatRelative } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import { appStore } from '../../store/index.ts';
import { KEY_LIFETIMES, KEY_SCOPES, apiKeyBody, checkKeyName, curlExample, keyExpiry } from './account-forms.ts';
import { placeErrors } from './form-errors.ts';
import { SettingsSection } from './settings-section.tsx';
import './copy-row-wrap.css';

type CreatedKey = ApiKey & { secret: string };

/** Keys for scripts: listed without their secrets; a new one shows its secret once. */
export function ApiKeysSection() {
  const keys = useAsync(() => api.all<ApiKey>('/users/me/api-keys'), []);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const closeRevoke = useCallback(() => setRevoking(null), []);
  const list = keys.data;

  return (
    <SettingsSection id="api-keys" title="API keys"
      description={<>For scripts and tools: a key acts as you, with your role, over the <a href="/api/v1/docs" target="_blank" rel="noreferrer">REST API</a> — or only reads, if read-only.
        A key cannot create keys or change your email or password, and changing your password revokes every key. Revoke a key the moment it may have leaked.</>}>
      <CreateKeyForm onCreated={(key) => {
        setCreated(key);
        const { secret: _secret, ...visible } = key;
        keys.setData([...(keys.data ?? []), visible]);
      }} />
      {created ? <NewKeyPanel created={created} onDismiss={() => setCreated(null)} /> : null}
      {keys.error && !list ? <ErrorBanner error={keys.error} onRetry={keys.reload} />
        : !list ? <Loading what="Loading API keys" />
        : list.length === 0 ? <p className="muted">No API keys yet.</p>
        : (
          <div className="keys-scroll">
            <table className="table keys-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Access</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col" className="right"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {list.map((key) => {
                  const expiry = keyExpiry(key);
                  return (
                    <tr key={key.id} data-key-id={key.id}>
                      <td className="ellipsis" title={key.name}>{key.name}</td>
                      <td><code className="faint">{key.prefix}…</code></td>
                      <td>{key.scope === 'read-only' ? <span className="badge">read-only</span> : 'full'}</td>
                      <td className="num" title={new Date(key.createdAt).toLocaleString()}>{formatRelative(key.createdAt)}</td>
                      <td className="num" title={key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : undefined}>{formatRelative(key.lastUsedAt)}</td>
                      <td className="num">{expiry.expired ? <span className="badge danger">{expiry.text}</span> : expiry.text}</td>
                      <td className="right">
                        <Button size="small" variant="danger" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>Revoke</Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          body={<p>Anything using this key gets 401 Unauthorized from its next request on. This cannot be undone; create a new key if it is still needed.</p>}
          confirmLabel="Revoke key"
          onConfirm={async () => {
            await api.delete(`/users/me/api-keys/${revoking.id}`);
            keys.setData((keys.data ?? []).filter((k) => k.id !== revoking.id));
            if (created?.id === revoking.id) setCreated(null);
            appStore.getState().notify(`Key “${revoking.name}” revoked`, 'success');
          }}
          onClose={closeRevoke}
        />
      ) : null}
    </SettingsSection>
  );
}

function CreateKeyForm({ onCreated }: { onCreated(key: CreatedKey): void }) {
  const [name, setName] = useState('');
  const [lifetime, setLifetime] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('full');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkKeyName(name);
    setErrors(problem ? { name: problem } : {});
    setBanner(null);
    if (problem) return;
    setBusy(true);
    try {
      onCreated(await api.post<CreatedKey>('/users/me/api-keys', apiKeyBody(name, lifetime, scope)));
      setName('');
      setLifetime('');
      setScope('full');
    } catch (error) {
      const placed = placeErrors(error, ['name', 'expiresInDays', 'scope']);
      setErrors(placed.fields.expiresInDays ? { ...placed.fields, lifetime: placed.fields.expiresInDays } : placed.fields);
      setBanner(placed.banner);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="key-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Create an API key">
      <TextField label="Key name" placeholder="e.g. backup script" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <SelectField label="Expires" value={lifetime} onChange={(e) => setLifetime(e.target.value)} error={errors.lifetime}>
        {KEY_LIFETIMES.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </SelectField>
      <SelectField label="Access" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)} error={errors.scope}>
        {KEY_SCOPES.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </SelectField>
      <div className="key-form-submit"><Button type="submit" variant="primary" icon="key" busy={busy}>Create key</Button></div>
      {banner ? <div className="banner error key-form-banner" role="alert">{banner}</div> : null}
    </form>
  );
}

function NewKeyPanel({ created, onDismiss }: { created: CreatedKey; onDismiss(): void }) {
  const curl = curlExample(created.secret, window.location.origin);
  return (
    <div className="new-key" role="region" aria-label={`New API key ${created.name}`}>
      <div className="banner warn" role="note">
        <Icon name="alert" />
        <div className="grow">
          <strong>Shown once — copy it now.</strong> This is the only time the key “{created.name}” is readable: StellarStack keeps only a hash of it.
          Store it like a password.
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="new-key-secret">Secret</span>
        <div className="copy-row wrap">
          <code aria-labelledby="new-key-secret" data-testid="api-key-secret" tabIndex={0}>{created.secret}</code>
          <CopyButton text={created.secret} label="Copy key" />
        </div>
      </div>
      <div className="field">
        <span className="field-label" id="new-key-curl">Try it</span>
        <div className="copy-row wrap">
          <code aria-labelledby="new-key-curl" tabIndex={0}>{curl}</code>
          <CopyButton text={curl} label="Copy curl command" />
        </div>
        <span className="hint">Lists the servers you can see, as JSON.</span>
      </div>
      <div className="form-actions"><Button onClick={onDismiss}>I have saved it</Button></div>
    </div>
  );
}
