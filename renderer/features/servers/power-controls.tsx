import { useMemo, useState } from 'react';
import type { PowerAction, Server } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { allowedPowerActions } from '../../lib/status.ts';
import { useAction } from '../../lib/use-async.ts';
import { appStore } from '../../store/index.ts';
import { powerErrorMessage } from './power-errors.ts';
import { powerServer } from './server-actions.ts';

/**
 * Start, Restart, Stop and Kill, enabled as the state allows. Each shows a spinner while its
 * request runs and puts the answer into the store at once; Kill always asks first.
 */
export function PowerControls({ server }: { server: Server }) {
  const allowed = useMemo(() => allowedPowerActions(server.status, server.nodeOnline), [server.status, server.nodeOnline]);
  const { busy, run } = useAction();
  const [confirmKill, setConfirmKill] = useState(false);
  const onError = (action: PowerAction) => (error: unknown) => appStore.getState().notify(powerErrorMessage(action, server.name, error), 'error');
  const act = (action: PowerAction) => void run(action, () => powerServer(server.id, action), { onError: onError(action) });
  const anyBusy = busy !== null;
  const disabledTitle = !server.nodeOnline ? 'The node is offline' : undefined;

  return (
    <div className="power-controls" role="group" aria-label="Power">
      <Button variant="primary" icon="play" busy={busy === 'start'} disabled={!allowed.has('start') || anyBusy} title={disabledTitle} onClick={() => act('start')}>Start</Button>
      <Button icon="restart" busy={busy === 'restart'} disabled={!allowed.has('restart') || anyBusy} title={disabledTitle} onClick={() => act('restart')}>Restart</Button>
      <Button variant="danger" icon="stop" busy={busy === 'stop'} disabled={!allowed.has('stop') || anyBusy} title={disabledTitle} onClick={() => act('stop')}>Stop</Button>
      {allowed.has('kill') ? (
        <Button variant={server.status === 'stopping' ? 'danger-solid' : 'danger'} icon="kill" busy={busy === 'kill'} disabled={anyBusy}
          title="Ends the process at once, without a clean shutdown" onClick={() => setConfirmKill(true)}>Kill</Button>
      ) : null}
      {confirmKill ? (
        <ConfirmDialog title={`Kill ${server.name}?`} confirmLabel="Kill now"
          body={<p>The process is ended at once (SIGKILL). Anything the game has not saved is lost. Use Stop for a clean shutdown.</p>}
          onConfirm={() => powerServer(server.id, 'kill').catch((error: unknown) => {
            // Stays in the dialog, in words a person can act on.
            throw new Error(powerErrorMessage('kill', server.name, error));
          })}
          onClose={() => setConfirmKill(false)} />
      ) : null}
    </div>
  );
}
