import { useState, type FormEvent } from 'react';
import type { Node } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { formatCores, formatMiB } from '../../lib/format.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import { placeErrors } from '../account/form-errors.ts';
import { registerNode, updateNode } from './node-actions.ts';
import { EMPTY_NODE_FORM, NODE_FORM_FIELDS, checkNodeForm, createNodeBody, nodeChanges, nodeFormFrom, type NodeFormValues } from './node-form.ts';

interface NodeFormModalProps {
  /** Absent: register a new node. */
  node?: Node;
  onClose(): void;
  onSaved(node: Node): void;
}

/** Register a node, or change one: name, console endpoint, capacity, networking. Errors land under their fields. */
export function NodeFormModal({ node, onClose, onSaved }: NodeFormModalProps) {
  const [values, setValues] = useState<NodeFormValues>(() => (node ? nodeFormFrom(node) : EMPTY_NODE_FORM));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = node !== undefined;
  // The app sets the local node's endpoint at every start; an edit here would be undone.
  const endpointLocked = node?.local === true;

  const text = (key: 'name' | 'host' | 'consolePort' | 'memory' | 'disk' | 'cpu' | 'bindAddress' | 'portRanges') => ({
    value: values[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: event.target.value })),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkNodeForm(values, node?.allocated);
    setErrors(local);
    setBanner(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (node) {
        const changes = nodeChanges(node, values);
        onSaved(Object.keys(changes).length === 0 ? node : await updateNode(node.id, changes));
      } else {
        onSaved(await registerNode(createNodeBody(values)));
      }
    } catch (error) {
      const placed = placeErrors(error, NODE_FORM_FIELDS);
      setErrors(placed.fields);
      setBanner(placed.banner);
      setBusy(false);
    }
  }

  const formId = editing ? 'node-edit-form' : 'node-register-form';
  return (
    <Modal
      wide
      title={editing ? `Edit ${node.name}` : 'Register a node'}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>{editing ? 'Save changes' : 'Register node'}</Button>
        </>
      }
    >
      {!editing ? (
        <p className="muted">A node is a machine that runs game servers in Docker. Register it here, then issue it a token and start its agent with the command shown.</p>
      ) : null}
      <form id={formId} className="node-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="node-form-group">
          <legend>Identity and console</legend>
          <div className="form-grid">
            <TextField label="Name" autoComplete="off" {...text('name')} autoFocus hint="Shown in lists, e.g. the machine's hostname." />
            <TextField label="Host address" autoComplete="off" spellCheck={false} {...text('host')} disabled={endpointLocked}
              hint={endpointLocked ? 'Set by StellarStack for this machine.' : 'Hostname or IP where browsers reach the node console.'} />
            <TextField label="Console port" inputMode="numeric" {...text('consolePort')} disabled={endpointLocked}
              hint={endpointLocked ? 'Set by StellarStack for this machine.' : 'The agent listens here; 5000 unless you changed it.'} />
          </div>
          <div className="node-form-checks">
            <Check label="Console served over TLS (wss://)" checked={values.consoleTls} disabled={endpointLocked} error={errors.consoleTls}
              onChange={(consoleTls) => setValues((v) => ({ ...v, consoleTls }))} />
          </div>
        </fieldset>
        <fieldset className="node-form-group">
          <legend>Networking</legend>
          <div className="node-form-checks">
            <Check label="Host networking" checked={values.hostNetwork} error={errors.hostNetwork}
              hint="Game containers share the node's network instead of publishing ports: simplest on a single machine."
              onChange={(hostNetwork) => setValues((v) => ({ ...v, hostNetwork }))} />
          </div>
          <div className="form-grid">
            <TextField label="Bind address" autoComplete="off" spellCheck={false} {...text('bindAddress')}
              hint="0.0.0.0 = every interface; or one IP of the node, e.g. its LAN address." />
            <TextField label="Port ranges" autoComplete="off" spellCheck={false} {...text('portRanges')}
              hint="New servers get their ports from these, e.g. 25565-25665, 27015-27115." />
          </div>
          <p className="node-exposure muted" data-testid="node-exposure">{exposureText(values.hostNetwork, values.bindAddress.trim())}</p>
          {node ? <p className="faint node-modes">{modesText(node)}</p> : null}
        </fieldset>
        <fieldset className="node-form-group">
          <legend>Capacity offered to game servers</legend>
          <div className="form-grid">
            <TextField label="Memory (MiB)" inputMode="numeric" {...text('memory')} hint={capacityHint(values.memory, formatMiB, node?.allocated.memory, formatMiB)} />
            <TextField label="Disk (MiB)" inputMode="numeric" {...text('disk')} hint={capacityHint(values.disk, formatMiB, node?.allocated.disk, formatMiB)} />
            <TextField label="CPU (%)" inputMode="numeric" {...text('cpu')} hint={capacityHint(values.cpu, formatCores, node?.allocated.cpu, formatCores, '100 = one core')} />
          </div>
        </fieldset>
      </form>
      {banner ? <div className="banner error" role="alert">{banner}</div> : null}
    </Modal>
  );
}

/** What the settings as typed expose, in the words the node detail uses. */
function exposureText(hostNetwork: boolean, bindAddress: string): string {
  const everywhere = bindAddress === '0.0.0.0' || bindAddress === '::' || bindAddress === '';
  if (hostNetwork) {
    return everywhere
      ? 'Games listen directly on every interface of the node (LAN, internet, VPN alike): only a firewall on the machine stands in between.'
      : `Games are told to listen on ${bindAddress} (SERVER_IP); a game that ignores it still listens on every interface.`;
  }
  return `Docker publishes each server's ports on ${everywhere ? 'every interface of the node' : `${bindAddress} only`}; nothing else in its container is reachable.`;
}

function modesText(node: Node): string {
  if (!node.networkModes) return 'Its agent reports which networks Docker offers when it connects.';
  const offered = [node.networkModes.host ? 'host networking' : null, node.networkModes.bridge ? 'published ports (bridge)' : null].filter(Boolean);
  return offered.length > 0 ? `Docker on this node offers ${offered.join(' and ')}.` : 'Docker on this node offers neither host nor bridge networking.';
}

/** "= 8 GiB · servers hold 2 GiB": the typed number in words, and the floor an edit cannot go under. */
function capacityHint(raw: string, say: (n: number) => string, allocated: number | undefined, sayAllocated: (n: number) => string, rule?: string): string {
  const parts: string[] = [];
  if (rule) parts.push(rule);
  const value = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(value) && value > 0) parts.push(`= ${say(value)}`);
  if (allocated !== undefined) parts.push(`servers hold ${sayAllocated(allocated)}`);
  return parts.join(' · ') || ' ';
}

function Check({ label, hint, checked, disabled, error, onChange }: { label: string; hint?: string; checked: boolean; disabled?: boolean; error?: string; onChange(value: boolean): void }) {
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" checked={checked} disabled={disabled} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {hint && !error ? <span className="hint">{hint}</span> : null}
      {error ? <span className="error" role="alert">{error}</span> : null}
    </div>
  );
}
