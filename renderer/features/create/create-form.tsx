import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { Blueprint, BlueprintVariable } from '../../../contracts/api/blueprints.ts';
import type { Node } from '../../../contracts/api/nodes.ts';
import type { Server } from '../../../contracts/api/servers.ts';
import type { User } from '../../../contracts/api/users.ts';
import { api, ApiError, messageOf } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { formatPortRanges } from '../../lib/port-text.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import { sizeOfMiB } from '../blueprints/amounts.ts';
import { BlueprintTile } from '../blueprints/blueprint-tile.tsx';
import { describeRules } from '../blueprints/variable-rules-text.ts';
import {
  buildCreateBody,
  checkCreateForm,
  humanAmount,
  initialCreateForm,
  placeApiError,
  switchBlueprint,
  wholeNumber,
  type CreateFormState,
} from './create-server-form.ts';
import { capacityLeft, describeNodeOption, exceeded, preferredNodeId } from './node-capacity.ts';
import { useNodeChoices, useOwnerChoices } from './use-create-choices.ts';

interface CreateFormProps {
  blueprint: Blueprint;
  me: User;
  onCreated(server: Server): void;
}

/**
 * The short form under a chosen game: name, node, resources, the game's variables, owner. The
 * browser's own validation is off (noValidate): the form's checks and the API's 422 details
 * speak in the same place, under the field.
 */
export function CreateForm({ blueprint, me, onCreated }: CreateFormProps) {
  const nodeChoices = useNodeChoices();
  const owners = useOwnerChoices();
  const [form, setForm] = useState(() => ({ blueprintId: blueprint.id, state: initialCreateForm(blueprint, '') }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();

  // Another game chosen: keep what was typed about the server, take the game's defaults.
  if (form.blueprintId !== blueprint.id) {
    setForm({ blueprintId: blueprint.id, state: switchBlueprint(form.state, blueprint) });
    setErrors({});
    setBanner(null);
  }
  const state = form.state;
  // Until someone picks a node, the preferred one (first online) is the choice.
  const nodeId = state.nodeId || preferredNodeId(nodeChoices.nodes);
  const node = nodeChoices.nodes.find((n) => n.id === nodeId) ?? null;
  const left = node ? capacityLeft(node) : null;
  const over = left ? exceeded(left, { memory: wholeNumber(state.memory), cpu: wholeNumber(state.cpu), disk: wholeNumber(state.disk) }) : new Set();

  // After a refused submit, the first field with a message gets the focus.
  useEffect(() => {
    if (attempt === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  function change(patch: Partial<CreateFormState>, ...fields: string[]) {
    setForm((f) => ({ ...f, state: { ...f.state, ...patch } }));
    if (fields.some((field) => errors[field])) {
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([key]) => !fields.includes(key))));
    }
  }

  function changeVariable(env: string, value: string) {
    const key = `variables.${env}`;
    setForm((f) => ({ ...f, state: { ...f.state, variables: { ...f.state.variables, [env]: value } } }));
    if (errors[key]) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const current = { ...state, nodeId };
    const problems = checkCreateForm(current, blueprint);
    setBanner(null);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const server = await api.post<Server>('/servers', buildCreateBody(current, blueprint));
      onCreated(server);
    } catch (error) {
      const placed = error instanceof ApiError ? placeApiError(error, blueprint) : { fields: {}, banner: messageOf(error) };
      setErrors(placed.fields);
      setBanner(placed.banner);
      setAttempt((n) => n + 1);
      setBusy(false);
    }
  }

  const images = Object.entries(blueprint.images);
  const noNodes = nodeChoices.ready && nodeChoices.nodes.length === 0;
  return (
    <form className="create-form" ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby={headingId}>
      <div className="create-form-head">
        <BlueprintTile name={blueprint.name} category={blueprint.category} />
        <div className="grow">
          <h2 id={headingId}>New {blueprint.name} server</h2>
          {errors.blueprintId ? <p className="error-text" role="alert">{errors.blueprintId}</p> : null}
        </div>
      </div>

      <TextField label="Name" required autoComplete="off" placeholder="e.g. Friday night" value={state.name} error={errors.name}
        onChange={(e) => change({ name: e.target.value }, 'name')} />
      <TextField label="Description" hint="Optional: a note for whoever looks after it." autoComplete="off" value={state.description} error={errors.description}
        onChange={(e) => change({ description: e.target.value }, 'description')} />

      {nodeChoices.error ? (
        <div className="banner error" role="alert"><Icon name="alert" /><div className="grow">The nodes could not be loaded: {nodeChoices.error}</div></div>
      ) : noNodes ? (
        <div className="banner warn" role="alert">
          <Icon name="alert" />
          <div className="grow">There is no node to run the server on yet. <Link href="/nodes">Add a node</Link> first: a machine with Docker that runs the agent.</div>
        </div>
      ) : (
        <SelectField label="Node" value={nodeId} disabled={!nodeChoices.ready} error={errors.nodeId}
          hint={node ? nodeHint(node) : 'Loading nodes…'}
          onChange={(e) => change({ nodeId: e.target.value }, 'nodeId', 'memory', 'cpu', 'disk')}>
          {!nodeChoices.ready ? <option value="">Loading nodes…</option> : null}
          {nodeChoices.nodes.map((n) => <option key={n.id} value={n.id}>{describeNodeOption(n)}</option>)}
        </SelectField>
      )}

      <fieldset className="create-fieldset">
        <legend>Resources</legend>
        <div className="create-resources">
          <TextField label="Memory (MiB)" inputMode="numeric" autoComplete="off" value={state.memory} error={errors.memory}
            hint={<ResourceHint amount={humanAmount('memory', state.memory)} free={left && node ? `${sizeOfMiB(left.memory)} free on ${node.name}` : null} over={over.has('memory')} />}
            onChange={(e) => change({ memory: e.target.value }, 'memory')} />
          <TextField label="CPU (%)" inputMode="numeric" autoComplete="off" value={state.cpu} error={errors.cpu}
            hint={<ResourceHint amount={humanAmount('cpu', state.cpu) || '100 = one core'} free={left && node ? `${left.cpu}% free on ${node.name}` : null} over={over.has('cpu')} />}
            onChange={(e) => change({ cpu: e.target.value }, 'cpu')} />
          <TextField label="Disk (MiB)" inputMode="numeric" autoComplete="off" value={state.disk} error={errors.disk}
            hint={<ResourceHint amount={humanAmount('disk', state.disk)} free={left && node ? `${sizeOfMiB(left.disk)} free on ${node.name}` : null} over={over.has('disk')} />}
            onChange={(e) => change({ disk: e.target.value }, 'disk')} />
          <TextField label="Swap (MiB)" inputMode="numeric" autoComplete="off" value={state.swap} error={errors.swap}
            hint={`Optional. 0 = off, -1 = unlimited${humanAmount('swap', state.swap).startsWith('=') ? ` · ${humanAmount('swap', state.swap)}` : ''}`}
            onChange={(e) => change({ swap: e.target.value }, 'swap')} />
        </div>
      </fieldset>

      <TextField label="Ports" autoComplete="off" spellCheck={false} placeholder="automatic" value={state.ports} error={errors.ports} className="mono"
        hint={portsHint(blueprint, node)} onChange={(e) => change({ ports: e.target.value }, 'ports')} />

      {images.length > 1 ? (
        <SelectField label="Image" value={state.image} error={errors.image} hint={<code>{state.image}</code>}
          onChange={(e) => change({ image: e.target.value }, 'image')}>
          {images.map(([label, image]) => <option key={image} value={image}>{label}</option>)}
        </SelectField>
      ) : null}

      {blueprint.variables.length > 0 ? (
        <fieldset className="create-fieldset">
          <legend>Game settings</legend>
          {blueprint.variables.map((variable) => (
            <VariableField key={variable.env} variable={variable} value={state.variables[variable.env] ?? ''}
              error={errors[`variables.${variable.env}`]} onChange={(value) => changeVariable(variable.env, value)} />
          ))}
        </fieldset>
      ) : null}

      <SelectField label="Owner" value={state.ownerId} error={errors.ownerId}
        hint={owners.error ? `The users could not be loaded (${messageOf(owners.error)}); the server will be yours.` : owners.loading ? 'Loading users…' : 'Who sees the server and its console besides admins.'}
        onChange={(e) => change({ ownerId: e.target.value }, 'ownerId')}>
        <option value="">{me.name} (me)</option>
        {(owners.data ?? []).filter((u) => u.id !== me.id).map((u) => (
          <option key={u.id} value={u.id}>{u.name} — {u.email}{u.suspended ? ' (suspended)' : ''}</option>
        ))}
      </SelectField>

      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={state.restartOnCrash} aria-invalid={errors.restartPolicy ? true : undefined}
            onChange={(e) => change({ restartOnCrash: e.target.checked }, 'restartPolicy')} />
          Restart automatically after a crash
        </label>
        {errors.restartPolicy ? <span className="error" role="alert">{errors.restartPolicy}</span> : <span className="hint">Up to 3 times in a row; then it stays crashed until someone starts it.</span>}
      </div>

      {banner ? <div className="banner error" role="alert"><Icon name="alert" /><div className="grow">{banner}</div></div> : null}
      <div className="form-actions">
        <Link href="/servers" className="btn ghost">Cancel</Link>
        <Button type="submit" variant="primary" icon="plus" busy={busy} disabled={noNodes}>Create server</Button>
      </div>
    </form>
  );
}

/** What "automatic" means for this game on this node: its ports, from the node's free ranges. */
function portsHint(blueprint: Blueprint, node: Node | null): string {
  if (blueprint.ports.length === 0) return 'This game needs no ports; name some only if it does.';
  const wanted = blueprint.ports.map((p) => `${p.port}/${p.protocol} (${p.name})`).join(', ');
  const ranges = node ? ` from ${node.name}'s free ranges ${formatPortRanges(node.portRanges) || '(none set)'}` : '';
  return `Empty: ${wanted}, placed${ranges} with their spacing kept. Or name them, e.g. ${blueprint.ports[0]!.port}/${blueprint.ports[0]!.protocol}.`;
}

function nodeHint(node: Node): string {
  if (node.status === 'online') return `${node.servers} ${node.servers === 1 ? 'server' : 'servers'} on it${node.local ? ' · this machine' : ''}`;
  return 'This node is not connected: the server is saved now and installs when the node comes back.';
}

function ResourceHint({ amount, free, over }: { amount: string; free: string | null; over: boolean }) {
  const parts: ReactNode[] = [];
  if (amount) parts.push(<span key="amount">{amount}</span>);
  if (free) parts.push(<span key="free" className={over ? 'create-over' : undefined}>{over ? `only ${free}` : free}</span>);
  return <>{parts.flatMap((part, i) => (i === 0 ? [part] : [<span key={`sep${i}`}> · </span>, part]))}</>;
}

function VariableField({ variable, value, error, onChange }: { variable: BlueprintVariable; value: string; error: string | undefined; onChange(value: string): void }) {
  const hint = (
    <>
      {variable.description ? <>{variable.description} </> : null}
      <span className="faint create-var-rules"><code>{variable.env}</code> · {describeRules(variable.rules)}{variable.userEditable ? '' : ' · only admins can change it later'}</span>
    </>
  );
  const options = variable.rules.options ?? (variable.rules.type === 'boolean' ? booleanOptions(variable.default) : null);
  if (options) {
    return (
      <SelectField label={variable.name} value={value} error={error} hint={hint} required={variable.rules.required} onChange={(e) => onChange(e.target.value)}>
        {!variable.rules.required || !options.includes(value) ? <option value="">{variable.rules.required ? 'Choose…' : '(empty)'}</option> : null}
        {options.map((option) => <option key={option} value={option}>{option}</option>)}
      </SelectField>
    );
  }
  return (
    <TextField label={variable.name} value={value} error={error} hint={hint} required={variable.rules.required} autoComplete="off"
      inputMode={variable.rules.type === 'integer' ? 'numeric' : undefined} onChange={(e) => onChange(e.target.value)} />
  );
}

/** A boolean variable keeps the spelling its default uses ("1"/"0" or "true"/"false"). */
function booleanOptions(fallback: string): string[] {
  return fallback === '1' || fallback === '0' ? ['1', '0'] : ['true', 'false'];
}
