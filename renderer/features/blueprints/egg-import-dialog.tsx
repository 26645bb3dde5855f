import { useRef, useState, type DragEvent } from 'react';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import type { ImportBlueprintResult } from '../../../contracts/api/eggs.ts';
import { api } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { Modal } from '../../components/modal.tsx';
import { appStore } from '../../store/index.ts';
import { sizeOfMiB } from './amounts.ts';
import { categoryLabel } from './blueprint-search.ts';
import { BlueprintTile } from './blueprint-tile.tsx';
import { importProblem, readEggFile, type ImportProblem } from './egg-file.ts';

interface EggImportDialogProps {
  onClose(): void;
  onImported(blueprint: Blueprint): void;
}

type Stage =
  | { kind: 'pick'; problem: ImportProblem | null }
  | { kind: 'checking'; name: string }
  | { kind: 'preview'; name: string; egg: Record<string, unknown>; replace: boolean; result: ImportBlueprintResult }
  | { kind: 'refused'; name: string; egg: Record<string, unknown>; problem: ImportProblem };

/**
 * Import an egg in three steps: drop (or pick) the file, read the dry run — the blueprint it
 * becomes and the warnings for what StellarStack does not do — then save. An egg imported
 * before is offered as a replacement of the blueprint it became.
 */
export function EggImportDialog({ onClose, onImported }: EggImportDialogProps) {
  const [stage, setStage] = useState<Stage>({ kind: 'pick', problem: null });
  const [dragging, setDragging] = useState(false);
  const [saving, setSaving] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  async function check(name: string, egg: Record<string, unknown>, replace: boolean) {
    setStage({ kind: 'checking', name });
    try {
      const result = await importRequest(egg, { dryRun: true, replace });
      setStage({ kind: 'preview', name, egg, replace, result });
    } catch (error) {
      setStage({ kind: 'refused', name, egg, problem: importProblem(error) });
    }
  }

  async function take(file: File | undefined) {
    if (!file) return;
    const read = readEggFile(file.name, file.size, file.size > 2 * 1024 * 1024 ? '' : await file.text());
    if (!read.ok) setStage({ kind: 'pick', problem: { message: read.problem, fields: [], canReplace: false } });
    else await check(read.name, read.egg, false);
  }

  async function save() {
    if (stage.kind !== 'preview') return;
    setSaving(true);
    try {
      const result = await importRequest(stage.egg, { dryRun: false, replace: stage.replace });
      appStore.getState().blueprintSaved(result.blueprint);
      appStore.getState().notify(`${result.blueprint.name} ${result.replaced ? 'replaced' : 'imported'}`, 'success');
      onImported(result.blueprint);
    } catch (error) {
      setStage({ kind: 'refused', name: stage.name, egg: stage.egg, problem: importProblem(error) });
    } finally {
      setSaving(false);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0]);
  }

  const again = () => setStage({ kind: 'pick', problem: null });
  return (
    <Modal title="Import an egg" onClose={onClose} wide
      footer={
        <>
          {stage.kind === 'preview' || stage.kind === 'refused' ? <Button variant="ghost" onClick={again}>Choose another file</Button> : null}
          <span className="spacer" />
          <Button variant="ghost" onClick={onClose}>Cancel</Button>
          {stage.kind === 'preview' ? (
            <Button variant="primary" icon="upload" busy={saving} onClick={() => void save()}>
              {stage.result.replaced ? `Replace ${stage.result.blueprint.id}` : 'Import blueprint'}
            </Button>
          ) : null}
        </>
      }
    >
      <div className="egg-import">
        {stage.kind === 'pick' || stage.kind === 'checking' ? (
          <div className={`egg-drop${dragging ? ' over' : ''}`} data-testid="egg-drop"
            onDragOver={(event) => { event.preventDefault(); setDragging(true); }}
            onDragLeave={() => setDragging(false)} onDrop={onDrop}>
            <Icon name="upload" size={28} />
            {stage.kind === 'checking' ? (
              <p><span className="spinner" aria-hidden="true" /> Reading {stage.name}…</p>
            ) : (
              <>
                <p><strong>Drop an egg here</strong> — the .json file a Pterodactyl or Pelican panel exports (PTDL_v1, PTDL_v2, PLCN_v1–v3).</p>
                <Button icon="search" onClick={() => picker.current?.click()}>Choose a file</Button>
              </>
            )}
            <input ref={picker} type="file" accept=".json,application/json" hidden aria-label="Egg file"
              onChange={(event) => { void take(event.target.files?.[0]); event.target.value = ''; }} />
          </div>
        ) : null}
        {stage.kind === 'pick' && stage.problem ? <ProblemBanner problem={stage.problem} /> : null}
        {stage.kind === 'refused' ? (
          <>
            <ProblemBanner problem={stage.problem} file={stage.name} />
            {stage.problem.canReplace ? (
              <div className="egg-replace">
                <p>Importing it again replaces that blueprint; servers that use it pick the change up at their next start.</p>
                <Button onClick={() => void check(stage.name, stage.egg, true)}>Preview the replacement</Button>
              </div>
            ) : null}
          </>
        ) : null}
        {stage.kind === 'preview' ? <Preview name={stage.name} result={stage.result} /> : null}
      </div>
    </Modal>
  );
}

function importRequest(egg: Record<string, unknown>, query: { dryRun: boolean; replace: boolean }): Promise<ImportBlueprintResult> {
  return api
    .request<{ data: ImportBlueprintResult }>('/blueprints/import', {
      method: 'POST',
      body: egg,
      query: { dryRun: query.dryRun ? 'true' : undefined, replace: query.replace ? 'true' : undefined },
    })
    .then((body) => body.data);
}

function ProblemBanner({ problem, file }: { problem: ImportProblem; file?: string }) {
  return (
    <div className="banner error" role="alert">
      <Icon name="alert" />
      <div className="grow">
        {file ? <div className="faint">{file}</div> : null}
        <div>{problem.message}</div>
        {problem.fields.length > 0 ? (
          <ul className="bp-problems">
            {problem.fields.map(([field, message]) => <li key={field}><code>{field}</code> {message}</li>)}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/** The blueprint the egg becomes, and what it asks for that StellarStack does not do. */
function Preview({ name, result }: { name: string; result: ImportBlueprintResult }) {
  const { blueprint, warnings } = result;
  return (
    <div className="egg-preview">
      <div className="bp-detail-head">
        <BlueprintTile name={blueprint.name} category={blueprint.category} size="large" />
        <div className="grow">
          <strong className="egg-preview-name">{blueprint.name}</strong>
          <div className="bp-detail-meta">
            <span>{categoryLabel(blueprint.category)}</span>
            <code className="faint">{blueprint.id}</code>
            <span className="badge">{blueprint.source?.format ?? 'egg'}</span>
            {result.replaced ? <span className="badge warn">replaces the earlier import</span> : <span className="badge accent">new</span>}
          </div>
          <p>{blueprint.description || <span className="faint">No description.</span>}</p>
          <p className="faint">From {name}</p>
        </div>
      </div>
      <div className="bp-facts">
        <Fact label="Images" value={String(Object.keys(blueprint.images).length)} />
        <Fact label="Variables" value={String(blueprint.variables.length)} />
        <Fact label="Config files" value={String(blueprint.configFiles.length)} />
        <Fact label="Install script" value={blueprint.install ? 'yes' : 'none'} />
        <Fact label="Memory" value={sizeOfMiB(blueprint.defaults.memory)} />
      </div>
      <section className="bp-section" aria-labelledby="egg-warnings">
        <h3 id="egg-warnings">{warnings.length === 0 ? 'No warnings' : `${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`}</h3>
        {warnings.length === 0 ? (
          <p className="muted">Everything in this egg is carried over.</p>
        ) : (
          <ul className="egg-warnings">
            {warnings.map((warning, i) => (
              <li key={`${warning.field}-${i}`}><Icon name="alert" size={14} /><code>{warning.field}</code><span>{warning.message}</span></li>
            ))}
          </ul>
        )}
      </section>
      <section className="bp-section" aria-labelledby="egg-startup">
        <h3 id="egg-startup">Startup</h3>
        <pre className="bp-code mono">{blueprint.startup}</pre>
      </section>
    </div>
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
