import { useState } from 'react';
import type { Blueprint, Server } from '../../../contracts/index.ts';
import { Button } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { ConfirmDialog } from '../../components/modal.tsx';
import { useAction } from '../../lib/use-async.ts';
import { appStore, useStore } from '../../store/index.ts';
import { powerErrorMessage } from './power-errors.ts';
import { acceptEulaAndStart, cancelInstall } from './server-actions.ts';

interface Props {
  server: Server;
  blueprint: Blueprint | null;
  onOpenDangerZone(): void;
}

/**
 * Banners for what blocks or threatens the server right now: its node offline, an install
 * under way (with its live progress and a way to cancel it) or failed, a EULA still to accept,
 * the disk filling up.
 */
export function ServerNotices({ server, blueprint, onOpenDangerZone }: Props) {
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
      {server.status === 'installing' ? <InstallProgressBanner server={server} /> : null}
      {server.status === 'install_failed' ? (
        <div className="banner error" role="alert">
          <Icon name="alert" />
          <div className="grow">
            <strong>The installation failed.</strong> {server.statusReason ?? ''} Fix the cause, then reinstall.
          </div>
          <Button size="small" onClick={onOpenDangerZone}>Reinstall…</Button>
        </div>
      ) : null}
      <EulaBanner server={server} blueprint={blueprint} />
      <DiskBanner server={server} />
    </>
  );
}

/** What the pull or install is doing now, from the live events; the console has every line. */
function InstallProgressBanner({ server }: { server: Server }) {
  const progress = useStore((s) => s.live.notices[server.id]?.progress ?? null);
  const { busy, run } = useAction();
  const cancel = () =>
    void run('cancel', () => cancelInstall(server.id), {
      onError: (error) => appStore.getState().notify(powerErrorMessage('cancel install', server.name, error), 'error'),
    });
  const stage = progress?.kind === 'pull' ? 'Pulling the image' : 'Installing';
  return (
    <div className="banner info install-progress" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <div className="grow">
        <strong>{stage}…</strong>{' '}
        <span className="muted ellipsis install-progress-line">{progress && !progress.done ? progress.message : '(image pull / install script)'}</span>
        {progress?.progress !== null && progress?.progress !== undefined && !progress.done ? (
          <span className="meter install-meter" role="progressbar" aria-label={stage} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.progress * 100)}>
            <span style={{ width: `${progress.progress * 100}%` }} />
          </span>
        ) : null}
      </div>
      <Button size="small" busy={busy === 'cancel'} disabled={!server.nodeOnline} onClick={cancel}>Cancel install</Button>
    </div>
  );
}

/** A game whose licence must be accepted first (Minecraft): say so before the start is refused, and offer to accept it. */
function EulaBanner({ server, blueprint }: { server: Server; blueprint: Blueprint | null }) {
  const [asking, setAsking] = useState(false);
  const eula = blueprint?.eula;
  if (!eula || server.variables[eula.variable] === 'true' || (server.status !== 'stopped' && server.status !== 'crashed')) return null;
  return (
    <div className="banner warn" role="status">
      <Icon name="alert" />
      <div className="grow">
        <strong>This game’s EULA is not accepted yet.</strong> The server cannot start until you accept it.
      </div>
      <Button size="small" variant="primary" disabled={!server.nodeOnline} onClick={() => setAsking(true)}>Accept EULA and start…</Button>
      {asking ? (
        <ConfirmDialog title="Accept the EULA?" confirmLabel="Accept and start" danger={false}
          body={<p>By starting {server.name} you accept the game’s end user licence agreement: <a href={eula.url} target="_blank" rel="noreferrer">{eula.url}</a>. This sets <code className="mono">{eula.variable}</code> to <code className="mono">true</code> in the server’s settings.</p>}
          onConfirm={() => acceptEulaAndStart(server.id, eula.variable).then(() => undefined).catch((error: unknown) => {
            throw new Error(powerErrorMessage('start', server.name, error));
          })}
          onClose={() => setAsking(false)} />
      ) : null}
    </div>
  );
}

/** The disk past 90 % of its limit while the server runs: it will be stopped at 100 %. */
function DiskBanner({ server }: { server: Server }) {
  const disk = useStore((s) => s.live.notices[server.id]?.disk ?? null);
  if (!disk || disk.done || server.status !== 'running') return null;
  return (
    <div className="banner warn" role="alert">
      <Icon name="alert" />
      <div className="grow"><strong>Disk almost full.</strong> {disk.message}</div>
    </div>
  );
}
