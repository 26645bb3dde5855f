import { useState } from 'react';
import { useLocation } from 'wouter';
import type { Server } from '../../../../contracts/index.ts';
import { ApiError } from '../../../api/client.ts';
import { Button } from '../../../components/button.tsx';
import { ConfirmDialog } from '../../../components/modal.tsx';
import { appStore } from '../../../store/index.ts';
import { deleteServer, forgetServer, reinstallServer } from '../server-actions.ts';

const REINSTALLABLE = new Set<Server['status']>(['stopped', 'crashed', 'install_failed']);

type Dialog = 'reinstall' | 'delete' | 'force-delete' | null;

/** Reinstall and delete: each asks first; delete wants the server's name typed. */
export function DangerZone({ server, isAdmin }: { server: Server; isAdmin: boolean }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [, navigate] = useLocation();
  const canReinstall = REINSTALLABLE.has(server.status) && server.nodeOnline;

  async function remove(force: boolean) {
    try {
      await deleteServer(server.id, force);
    } catch (error) {
      // The node holds the container and files: without it, deleting only the record is a
      // separate, explicit choice.
      if (!force && error instanceof ApiError && error.code === 'NODE_OFFLINE') {
        setDialog('force-delete');
        return;
      }
      throw error;
    }
    // Leave first, then drop the record: the page never flashes "not found" on its way out.
    navigate('/servers');
    forgetServer(server.id);
    appStore.getState().notify(`${server.name} was deleted`, 'success');
  }

  return (
    <section className="card danger-zone" aria-labelledby="danger-zone-title">
      <div className="card-header"><h2 id="danger-zone-title">Danger zone</h2></div>
      <div className="danger-row">
        <div className="grow">
          <h3>Reinstall</h3>
          <p className="muted">
            Recreates the container and runs the blueprint’s install script again. Files the script writes are replaced.
            {!server.nodeOnline ? ' The node is offline.' : !REINSTALLABLE.has(server.status) ? ' Stop the server first.' : ''}
          </p>
        </div>
        <Button variant="danger" icon="restart" disabled={!canReinstall} onClick={() => setDialog('reinstall')}>Reinstall…</Button>
      </div>
      {isAdmin ? (
        <div className="danger-row">
          <div className="grow">
            <h3>Delete this server</h3>
            <p className="muted">Removes its container and all its files from the node, then the server itself. This cannot be undone.</p>
          </div>
          <Button variant="danger" icon="trash" onClick={() => setDialog('delete')}>Delete…</Button>
        </div>
      ) : null}

      {dialog === 'reinstall' ? (
        <ConfirmDialog title={`Reinstall ${server.name}?`} confirmLabel="Reinstall"
          body={<p>The container is recreated and the install script runs again. The server stays stopped afterwards.</p>}
          onConfirm={() => reinstallServer(server.id).then(() => appStore.getState().notify('Reinstall started', 'success'))}
          onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog title={`Delete ${server.name}?`} confirmLabel="Delete server" typeToConfirm={server.name}
          body={<p>The container and every file of this server are removed from the node. There is no undo.</p>}
          onConfirm={() => remove(false)}
          onClose={() => setDialog((current) => (current === 'delete' ? null : current))} />
      ) : null}
      {dialog === 'force-delete' ? (
        <ConfirmDialog title="The node is offline" confirmLabel="Delete the record anyway"
          body={
            <>
              <p>The node cannot remove the container and files of <strong>{server.name}</strong> while its agent is not connected.</p>
              <div className="banner warn">
                <div className="grow">
                  Deleting the record anyway forgets the server here, but whatever the node holds stays on its disk (and running,
                  if it was). Do this only for a node that is gone for good; otherwise wait until it is back online.
                </div>
              </div>
            </>
          }
          onConfirm={() => remove(true)}
          onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}
