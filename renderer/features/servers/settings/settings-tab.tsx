import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Blueprint, Server } from '../../../../contracts/index.ts';
import { api } from '../../../api/client.ts';
import { Button } from '../../../components/button.tsx';
import { TextAreaField, TextField } from '../../../components/field.tsx';
import { Icon } from '../../../components/icon.tsx';
import { formatCores, formatMiB } from '../../../lib/format.ts';
import { formatPorts } from '../../../lib/port-text.ts';
import type { FieldErrors } from '../../../lib/validation.ts';
import { appStore } from '../../../store/index.ts';
import { rememberServer } from '../server-actions.ts';
import {
  changedBody,
  checkSettings,
  placeSaveError,
  sameValues,
  valuesOf,
  type ResourceField,
  type SettingsValues,
} from './settings-form.ts';
import { StartupPreview } from './startup-preview-view.tsx';
import { VariableField } from './variable-field.tsx';

interface Props {
  server: Server;
  blueprint: Blueprint | null;
  blueprintError: string | null;
  isAdmin: boolean;
}

const RESOURCE_LABELS: Record<ResourceField, { label: string; hint: string; shown: (server: Server) => string }> = {
  memory: { label: 'Memory (MiB)', hint: 'At least 16 MiB', shown: (s) => formatMiB(s.memory) },
  cpu: { label: 'CPU (% of one core)', hint: '100 = one core', shown: (s) => `${s.cpu}% · ${formatCores(s.cpu)}` },
  disk: { label: 'Disk (MiB)', hint: 'Space for the server’s files', shown: (s) => formatMiB(s.disk) },
  swap: { label: 'Swap (MiB)', hint: '0 = off, -1 = unlimited', shown: (s) => (s.swap === -1 ? 'Unlimited' : s.swap === 0 ? 'Off' : formatMiB(s.swap)) },
};

const PORTS_LOCKED = new Set<Server['status']>(['starting', 'running', 'stopping']);

function portsHint(locked: boolean, blueprint: Blueprint | null): string {
  if (locked) return 'Stop the server to change its ports.';
  const names = blueprint && blueprint.ports.length > 0 ? ` In order: ${blueprint.ports.map((p) => p.name).join(', ')}.` : '';
  return `e.g. 25565/tcp, 25565/udp; each must be free on the node.${names}`;
}

/**
 * Name, description, resources and the blueprint's variables, saved with one PATCH that
 * carries only what changed. Fields the record changes under (the event stream) follow it
 * until the person starts editing.
 */
export function SettingsTab({ server, blueprint, blueprintError, isAdmin }: Props) {
  const fromServer = useMemo(() => valuesOf(server, blueprint), [server, blueprint]);
  const [values, setValues] = useState<SettingsValues>(fromServer);
  const [baseline, setBaseline] = useState<SettingsValues>(fromServer);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty = !sameValues(values, baseline);

  // Someone else's change (or the blueprint arriving) shows at once unless there are edits to keep.
  useEffect(() => {
    if (!dirty) {
      setValues(fromServer);
      setBaseline(fromServer);
    }
    // `dirty` is read, not followed: undoing an edit must not pull in the record mid-typing.
  }, [fromServer]);

  const context = { server, blueprint, isAdmin };
  // The API refuses a port change while a game may hold the old ones (409 INVALID_STATE): say so first.
  const portsLocked = PORTS_LOCKED.has(server.status);
  const body = changedBody(values, context);
  const changes = Object.keys(body).length;

  function set<K extends keyof SettingsValues>(key: K, value: SettingsValues[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  function setVariable(env: string, value: string) {
    setValues((v) => ({ ...v, variables: { ...v.variables, [env]: value } }));
    setErrors(({ [`variables.${env}`]: _dropped, ...rest }) => rest);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBanner(null);
    const problems = checkSettings(values, { blueprint, isAdmin });
    setErrors(problems);
    if (Object.keys(problems).length > 0 || changes === 0) return;
    setSaving(true);
    try {
      const updated = await api.patch<Server>(`/servers/${server.id}`, body);
      rememberServer(updated);
      const saved = valuesOf(updated, blueprint);
      setValues(saved);
      setBaseline(saved);
      setErrors({});
      appStore.getState().notify('Settings saved', 'success');
    } catch (error) {
      const placed = placeSaveError(error, blueprint?.variables.map((v) => v.env) ?? []);
      setErrors(placed.fields);
      setBanner(placed.banner);
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    setValues(fromServer);
    setBaseline(fromServer);
    setErrors({});
    setBanner(null);
  }

  const startupValues = {
    ...values.variables,
    SERVER_MEMORY: values.memory,
    ...(server.ports[0] ? { SERVER_PORT: String(server.ports[0].port) } : {}),
  };

  return (
    <form className="settings" onSubmit={(event) => void save(event)} noValidate aria-label="Server settings">
      {banner ? (
        <div className="banner error" role="alert">
          <Icon name="alert" />
          <div className="grow">{banner}</div>
        </div>
      ) : null}

      <section className="card">
        <div className="card-header"><h2>General</h2></div>
        <div className="card-pad form-grid settings-general">
          <TextField label="Name" value={values.name} error={errors.name} maxLength={100} required onChange={(e) => set('name', e.target.value)} />
          <TextAreaField label="Description" value={values.description} error={errors.description} rows={2} maxLength={2000}
            hint="Shown to everyone who can see this server" onChange={(e) => set('description', e.target.value)} />
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Resources</h2>
          {!isAdmin ? <span className="faint">Only an admin can change these</span> : null}
        </div>
        <div className="card-pad form-grid">
          {(Object.keys(RESOURCE_LABELS) as ResourceField[]).map((field) => {
            const meta = RESOURCE_LABELS[field];
            return isAdmin ? (
              <TextField key={field} label={meta.label} hint={meta.hint} value={values[field]} error={errors[field]} inputMode="numeric"
                className="num" onChange={(e) => set(field, e.target.value)} />
            ) : (
              <TextField key={field} label={meta.label} value={meta.shown(server)} readOnly className="num" />
            );
          })}
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Ports</h2>
          {!isAdmin ? <span className="faint">Only an admin can change these</span> : null}
        </div>
        <div className="card-pad form-grid">
          <TextField label="Ports" value={isAdmin ? values.ports : formatPorts(server.ports) || 'none'} error={errors.ports} readOnly={!isAdmin}
            disabled={isAdmin && portsLocked} spellCheck={false} className="mono"
            hint={isAdmin ? portsHint(portsLocked, blueprint) : undefined} onChange={(e) => set('ports', e.target.value)} />
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Variables</h2>
          <span className="faint">{blueprint ? blueprint.name : server.blueprintId}</span>
        </div>
        <div className="card-pad settings-variables">
          {blueprintError && !blueprint ? <div className="banner error" role="alert">Could not load the blueprint: {blueprintError}</div> : null}
          {!blueprint && !blueprintError ? <span className="muted">Loading the blueprint…</span> : null}
          {blueprint && blueprint.variables.length === 0 ? <span className="muted">This blueprint has no variables.</span> : null}
          {blueprint && blueprint.variables.length > 0 ? (
            <div className="form-grid variables-grid">
              {blueprint.variables.map((variable) => (
                <VariableField key={variable.env} variable={variable} value={values.variables[variable.env] ?? ''}
                  error={errors[`variables.${variable.env}`]} editable={isAdmin || variable.userEditable}
                  onChange={(value) => setVariable(variable.env, value)} />
              ))}
            </div>
          ) : null}
          {blueprint ? <StartupPreview template={blueprint.startup} values={startupValues} /> : null}
        </div>
      </section>

      <div className="settings-actions">
        <span className="muted" aria-live="polite">{changes === 0 ? 'No unsaved changes' : `${changes} unsaved ${changes === 1 ? 'change' : 'changes'}`}</span>
        <Button variant="ghost" disabled={!dirty || saving} onClick={discard}>Discard</Button>
        <Button type="submit" variant="primary" busy={saving} disabled={changes === 0}>Save changes</Button>
      </div>
    </form>
  );
}
