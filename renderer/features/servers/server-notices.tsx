import type { Server } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';

/** Banners for what blocks the server right now: its node offline, an install under way or failed. */
export function ServerNotices({ server, onOpenDangerZone }: { server: Server; onOpenDangerZone(): void }) {
  const nodeName = server.nodeName;
  return (
    <>
      {!server.nodeOnline ? (
        <div className="banner warn" role="status">
          <Icon name="alert" />
          <div className="grow">
            <strong>{nodeName ? `Node ${nodeName} is offline.` : 'This server’s node is offline.'}</strong> Power actions and the console are
            unavailable until its agent reconnects. The server itself may still be running there.
          </div>
        </div>
      ) : null}
      {server.status === 'installing' ? (
        <div className="banner info" role="status">
          <span className="spinner" aria-hidden="true" />
          <div className="grow">
            <strong>Installing…</strong> <span className="muted">(image pull / install script)</span>
            {server.statusReason ? <div className="muted">{server.statusReason}</div> : null}
          </div>
        </div>
      ) : null}
      {server.status === 'install_failed' ? (
        <div className="banner error" role="alert">
          <Icon name="alert" />
          <div className="grow">
            <strong>The installation failed.</strong> {server.statusReason ?? ''} Fix the cause, then reinstall.
          </div>
          <Button size="small" onClick={onOpenDangerZone}>Reinstall…</Button>
        </div>
      ) : null}
    </>
  );
}
