import { useState } from 'react';
import { Link } from 'wouter';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { api, messageOf } from '../../api/client.ts';
import { appStore } from '../../store/index.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { Modal } from '../../components/modal.tsx';
import { formatCores } from '../../lib/format.ts';
import { sizeOfMiB } from './amounts.ts';
import { categoryLabel } from './blueprint-search.ts';
import { BlueprintTile } from './blueprint-tile.tsx';
import { downloadEgg } from './egg-file.ts';
import { describeRules } from './variable-rules-text.ts';

interface BlueprintDetailProps {
  blueprint: Blueprint;
  isAdmin: boolean;
  onClose(): void;
  onEdit(): void;
  onDelete(): void;
}

const REGEX_PREFIX = 'regex:';

/** Everything a blueprint says, in words; admins can edit or delete it from here. */
export function BlueprintDetail({ blueprint, isAdmin, onClose, onEdit, onDelete }: BlueprintDetailProps) {
  return (
    <Modal
      title={blueprint.name}
      onClose={onClose}
      wide
      footer={
        <>
          <ExportEggButton blueprint={blueprint} />
          <span className="spacer" />
          <Button variant="ghost" onClick={onClose}>Close</Button>
          {isAdmin ? (
            <Link href={`/servers/new?blueprint=${encodeURIComponent(blueprint.id)}`} className="btn primary"><Icon name="plus" /> Create a server</Link>
          ) : null}
        </>
      }
    >
      <div className="bp-detail">
        <div className="bp-detail-head">
          <BlueprintTile name={blueprint.name} category={blueprint.category} size="large" />
          <div className="grow">
            <div className="bp-detail-meta">
              <span>{categoryLabel(blueprint.category)}</span>
              <code className="faint">{blueprint.id}</code>
              {blueprint.builtin ? <span className="badge accent">Built-in</span> : <span className="badge">Custom</span>}
              {blueprint.source ? <span className="badge" title={blueprint.source.uuid ?? undefined}>Imported from a {blueprint.source.format} egg</span> : null}
            </div>
            <p>{blueprint.description || <span className="faint">No description.</span>}</p>
          </div>
          {isAdmin ? (
            // Edit comes first in the dialog, so the focus it gets on opening lands on something harmless.
            <div className="btn-group">
              <Button size="small" icon="edit" onClick={onEdit}>Edit</Button>
              <Button size="small" variant="danger" icon={blueprint.builtin ? 'restart' : 'trash'} onClick={onDelete}>
                {blueprint.builtin ? 'Restore original' : 'Delete'}
              </Button>
            </div>
          ) : null}
        </div>

        <div className="bp-facts">
          <Fact label="Memory" value={sizeOfMiB(blueprint.defaults.memory)} />
          <Fact label="CPU" value={formatCores(blueprint.defaults.cpu)} />
          <Fact label="Disk" value={sizeOfMiB(blueprint.defaults.disk)} />
          <Fact label="Start timeout" value={`${blueprint.startTimeoutSeconds} s`} />
          <Fact label="Stop grace" value={`${blueprint.stopGraceSeconds} s`} />
        </div>

        <section className="bp-section" aria-labelledby="bp-images">
          <h3 id="bp-images">{Object.keys(blueprint.images).length === 1 ? 'Image' : 'Images'}</h3>
          <table className="table">
            <tbody>
              {Object.entries(blueprint.images).map(([label, image], index) => (
                <tr key={label}>
                  <td style={{ width: '30%' }}>{label}{index === 0 ? <span className="faint"> (default)</span> : null}</td>
                  <td><code>{image}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="bp-section" aria-labelledby="bp-startup">
          <h3 id="bp-startup">Startup</h3>
          <pre className="bp-code mono">{blueprint.startup}</pre>
          <p className="muted">
            Stops by {blueprint.stop.type === 'command' ? <>typing <code>{blueprint.stop.value}</code> in the console</> : <>sending <code>{blueprint.stop.value}</code></>},
            killed after {blueprint.stopGraceSeconds} s. Files live in <code>{blueprint.dataPath}</code>.
          </p>
        </section>

        <section className="bp-section" aria-labelledby="bp-done">
          <h3 id="bp-done">Running when the console shows</h3>
          {blueprint.done.length === 0 ? (
            <p className="muted">No pattern: the server counts as running as soon as its container runs.</p>
          ) : (
            <ul className="bp-list">
              {blueprint.done.map((pattern) => (
                <li key={pattern}>
                  {pattern.startsWith(REGEX_PREFIX)
                    ? <><span className="faint">regular expression </span><code>{pattern.slice(REGEX_PREFIX.length)}</code></>
                    : <code>{pattern}</code>}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="bp-section" aria-labelledby="bp-ports">
          <h3 id="bp-ports">Ports</h3>
          {blueprint.ports.length === 0 ? <p className="muted">No ports.</p> : (
            <table className="table">
              <thead><tr><th>Name</th><th>Port</th><th>Description</th></tr></thead>
              <tbody>
                {blueprint.ports.map((port) => (
                  <tr key={`${port.port}/${port.protocol}`}>
                    <td>{port.name}</td>
                    <td className="num mono">{port.port}/{port.protocol}</td>
                    <td className="muted">{port.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="bp-section" aria-labelledby="bp-variables">
          <h3 id="bp-variables">Variables</h3>
          {blueprint.variables.length === 0 ? <p className="muted">No variables.</p> : (
            <table className="table">
              <thead><tr><th>Variable</th><th>Default</th><th>Rules</th><th>Description</th></tr></thead>
              <tbody>
                {blueprint.variables.map((variable) => (
                  <tr key={variable.env}>
                    <td>
                      <div>{variable.name}</div>
                      <code className="faint">{variable.env}</code>
                      {variable.userEditable ? null : <div className="faint">admins only</div>}
                    </td>
                    <td>{variable.default === '' ? <span className="faint">empty</span> : <code>{variable.default}</code>}</td>
                    <td>{describeRules(variable.rules)}</td>
                    <td className="muted">{variable.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        {blueprint.configFiles.length > 0 ? (
          <section className="bp-section" aria-labelledby="bp-config-files">
            <h3 id="bp-config-files">Config files, set before every start</h3>
            <table className="table">
              <thead><tr><th>File</th><th>Format</th><th>Sets</th></tr></thead>
              <tbody>
                {blueprint.configFiles.map((file) => (
                  <tr key={file.path}>
                    <td><code>{file.path}</code></td>
                    <td>{file.parser}</td>
                    <td>{file.replace.map((r) => <div key={`${r.match}=${r.ifValue ?? ''}`}><code>{r.match || '(whole file)'}</code> → <code>{r.value}</code></div>)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}

        {blueprint.features.length > 0 || blueprint.fileDenylist.length > 0 || blueprint.logs ? (
          <section className="bp-section" aria-labelledby="bp-kept">
            <h3 id="bp-kept">Kept from the egg, not acted on yet</h3>
            <ul className="bp-list">
              {blueprint.features.length > 0 ? <li>Panel features: {blueprint.features.join(', ')}</li> : null}
              {blueprint.fileDenylist.length > 0 ? <li>Files users may not edit: {blueprint.fileDenylist.join(', ')}</li> : null}
              {blueprint.logs ? <li>Log file: <code>{blueprint.logs.location || '(none)'}</code></li> : null}
            </ul>
          </section>
        ) : null}

        <section className="bp-section" aria-labelledby="bp-install">
          <h3 id="bp-install">Install script</h3>
          {blueprint.install ? (
            <details>
              <summary>
                Runs once before the first start, in <code>{blueprint.install.image}</code> with <code>{blueprint.install.entrypoint}</code>
                {' '}({blueprint.install.script.split('\n').length} lines)
              </summary>
              <pre className="bp-code mono">{blueprint.install.script}</pre>
            </details>
          ) : <p className="muted">None: the image has everything the server needs.</p>}
        </section>
      </div>
    </Modal>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="bp-fact">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

/** Downloads the blueprint as an egg (PLCN_v3), which panels and our own import read. */
function ExportEggButton({ blueprint }: { blueprint: Blueprint }) {
  const [busy, setBusy] = useState(false);
  async function exportEgg() {
    setBusy(true);
    try {
      downloadEgg(blueprint, await api.get(`/blueprints/${encodeURIComponent(blueprint.id)}/export`, { format: 'egg' }));
    } catch (error) {
      appStore.getState().notify(`The export failed: ${messageOf(error)}`, 'error');
    } finally {
      setBusy(false);
    }
  }
  return <Button variant="ghost" icon="download" busy={busy} onClick={() => void exportEgg()}>Export egg</Button>;
}
