import { useCallback, useRef, useState } from 'react';
import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { api, ApiError } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { appStore, useStore } from '../../store/index.ts';
import { BlueprintCatalogue } from './blueprint-catalogue.tsx';
import { BlueprintDetail } from './blueprint-detail.tsx';
import { BlueprintEditor } from './blueprint-editor.tsx';
import { editorText, type EditorMode } from './blueprint-json.ts';
import { EggImportDialog } from './egg-import-dialog.tsx';

/** One dialog at a time: each listens for Escape, so two open would both close. */
type Dialog =
  | { kind: 'detail'; id: string }
  | { kind: 'editor'; mode: EditorMode; text: string; title: string }
  | { kind: 'delete'; blueprint: Blueprint }
  | { kind: 'import' };

/** The catalogue for everyone; admins also add, edit (as JSON) and delete blueprints. */
export default function BlueprintsPage() {
  const isAdmin = useStore((s) => s.session.user?.role === 'admin');
  const count = useStore((s) => s.blueprints.items?.length ?? null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // The detail reads the blueprint from the store, so a save shows at once.
  const shown = useStore((s) => (dialog?.kind === 'detail' ? s.blueprints.items?.find((b) => b.id === dialog.id) ?? null : null));
  const close = useCallback(() => setDialog(null), []);

  const openDetail = useCallback((blueprint: Blueprint) => setDialog({ kind: 'detail', id: blueprint.id }), []);
  const backToDetail = useCallback(() => setDialog((d) => (d?.kind === 'editor' && d.mode.kind === 'edit' ? { kind: 'detail', id: d.mode.id } : d?.kind === 'delete' ? { kind: 'detail', id: d.blueprint.id } : null)), []);

  return (
    <div className="page-inner">
      <header className="page-header">
        <div className="grow">
          <h1>Blueprints</h1>
          <p className="num">{count === null ? ' ' : `${count} ${count === 1 ? 'blueprint' : 'blueprints'}: the games a server can be made from`}</p>
        </div>
        {isAdmin ? (
          <div className="btn-group">
            <Button icon="upload" onClick={() => setDialog({ kind: 'import' })}>Import egg</Button>
            <Button variant="primary" icon="plus" onClick={() => setDialog({ kind: 'editor', mode: { kind: 'new' }, text: editorText(null), title: 'New blueprint' })}>
              New blueprint
            </Button>
          </div>
        ) : null}
      </header>
      <section className="card">
        <BlueprintCatalogue onSelect={openDetail} />
      </section>

      {dialog?.kind === 'detail' && shown ? (
        <BlueprintDetail blueprint={shown} isAdmin={isAdmin} onClose={close}
          onEdit={() => setDialog({ kind: 'editor', mode: { kind: 'edit', id: shown.id, builtin: shown.builtin }, text: editorText(shown), title: `Edit ${shown.name}` })}
          onDelete={() => setDialog({ kind: 'delete', blueprint: shown })} />
      ) : null}
      {dialog?.kind === 'editor' ? (
        <BlueprintEditor mode={dialog.mode} initialText={dialog.text} title={dialog.title} onClose={backToDetail}
          onSaved={(saved) => setDialog({ kind: 'detail', id: saved.id })} />
      ) : null}
      {dialog?.kind === 'import' ? <EggImportDialog onClose={close} onImported={(saved) => setDialog({ kind: 'detail', id: saved.id })} /> : null}
      {dialog?.kind === 'delete' ? <DeleteBlueprint blueprint={dialog.blueprint} onClose={backToDetail} onDone={close} /> : null}
    </div>
  );
}

/**
 * Deleting a custom blueprint removes it; "deleting" a built-in removes the override an admin
 * saved over it, which brings the shipped version back. Either is refused while servers use it.
 */
function DeleteBlueprint({ blueprint, onClose, onDone }: { blueprint: Blueprint; onClose(): void; onDone(): void }) {
  const deleted = useRef(false);
  async function confirm() {
    try {
      await api.delete(`/blueprints/${encodeURIComponent(blueprint.id)}`);
    } catch (error) {
      throw new Error(deleteRefusal(error, blueprint), { cause: error });
    }
    const store = appStore.getState();
    if (blueprint.builtin) {
      store.blueprintSaved(await api.get<Blueprint>(`/blueprints/${encodeURIComponent(blueprint.id)}`));
      store.notify(`${blueprint.name} is back to the built-in version`, 'success');
    } else {
      store.blueprintRemoved(blueprint.id);
      store.notify(`Blueprint ${blueprint.name} deleted`, 'success');
      deleted.current = true;
    }
  }
  // ConfirmDialog closes through onClose after a success too: a deleted blueprint has no detail
  // to go back to, a restored one shows its original.
  const closeDialog = useCallback(() => (deleted.current ? onDone() : onClose()), [onDone, onClose]);
  return blueprint.builtin ? (
    <ConfirmDialog title={`Restore ${blueprint.name}?`} confirmLabel="Restore original" onConfirm={confirm} onClose={closeDialog}
      body={<p>If {blueprint.name} was edited here, this removes the edited version and brings back the one that ships with StellarStack. Servers that use it pick it up at their next start.</p>} />
  ) : (
    <ConfirmDialog title={`Delete ${blueprint.name}?`} confirmLabel="Delete blueprint" onConfirm={confirm} onClose={closeDialog}
      body={<p>The blueprint <code>{blueprint.id}</code> is removed. This cannot be undone; a blueprint that servers still use cannot be deleted.</p>} />
  );
}

/** Why the API refused, in words for this dialog (branching on the code, not the message). */
function deleteRefusal(error: unknown, blueprint: Blueprint): string {
  if (!(error instanceof ApiError)) return (error as Error).message;
  if (error.code === 'BLUEPRINT_IN_USE') {
    const servers = typeof error.details.servers === 'number' ? error.details.servers : null;
    const who = servers === null ? 'Some servers use' : servers === 1 ? 'One server uses' : `${servers} servers use`;
    return `${who} ${blueprint.name}. Delete ${servers === 1 ? 'it' : 'them'} first, then ${blueprint.builtin ? 'restore the blueprint' : 'delete the blueprint'}.`;
  }
  if (error.code === 'CONFLICT' && blueprint.builtin) return `${blueprint.name} has not been edited here: it already is the built-in version.`;
  if (error.code === 'NOT_FOUND') return `${blueprint.name} no longer exists.`;
  return error.message;
}
