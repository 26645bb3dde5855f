import { useId, useState, type ReactNode } from 'react';
import type { AppInfo, DesktopApi, DesktopSettingsState, UpdateDesktopSettingsBody } from '../../../contracts/index.ts';
import { ApiError, messageOf } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { CopyButton, ErrorBanner, Loading } from '../../components/feedback.tsx';
import { TextField } from '../../components/field.tsx';
import { Icon } from '../../components/icon.tsx';
import { unwrap } from '../../lib/desktop-bridge.ts';
import { useAction, useAsync } from '../../lib/use-async.ts';
import { SettingsSection } from './settings-section.tsx';
import './copy-row-wrap.css';

const OVERRIDE_WORDS: Record<string, string> = { port: 'The port', exposeToLan: 'The address', localAgent: 'The local agent' };

/**
 * The desktop app's own settings, shown only inside it (the preload's bridge is there): the
 * controller's port and LAN exposure (both take a restart, offered here), the local agent,
 * start at login and in the tray, the LAN addresses to give teammates, the data folder.
 */
export function DesktopSection({ bridge }: { bridge: DesktopApi }) {
  const state = useAsync(() => unwrap(bridge.getSettings()), [bridge]);
  const info = useAsync(() => unwrap(bridge.appInfo()), [bridge]);
  const { busy, run } = useAction();
  const [portText, setPortText] = useState<string | null>(null);
  const [portError, setPortError] = useState<string | undefined>();

  function save(key: string, changes: UpdateDesktopSettingsBody, success: string) {
    return run(key, async () => {
      state.setData(await unwrap(bridge.setSettings(changes)));
      info.reload();
    }, {
      success,
      onError: key === 'port' ? (error) => setPortError(error instanceof ApiError ? (error.fieldErrors.port ?? error.message) : messageOf(error)) : undefined,
    });
  }

  return (
    <SettingsSection id="desktop" title="Desktop app"
      description="How this app runs its controller on this computer. Saved on this computer only.">
      {state.error && !state.data ? <ErrorBanner error={state.error} onRetry={state.reload} />
        : !state.data ? <Loading what="Loading desktop settings" />
        : (
          <div className="desktop-settings" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
            <RestartBanner state={state.data} onRestart={() => void run('restart', () => unwrap(bridge.restart()))} busy={busy === 'restart'} />
            {state.data.overrides.map((o) => (
              <p key={o.setting} className="muted" role="note">
                {OVERRIDE_WORDS[o.setting]} of this run comes from <code>{o.by}</code>; the saved setting below applies when StellarStack starts without it.
              </p>
            ))}

            <form className="desktop-port field"
              onSubmit={(event) => {
                event.preventDefault();
                setPortError(undefined);
                const port = Number(portText ?? state.data?.settings.port);
                if (!Number.isInteger(port) || port < 1 || port > 65535) {
                  setPortError('A port is a whole number from 1 to 65535');
                  return;
                }
                void save('port', { port }, 'Port saved: restart StellarStack to use it').then((saved) => { if (saved) setPortText(null); });
              }}>
              <div style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}>
                <TextField label="Controller port" inputMode="numeric" value={portText ?? String(state.data.settings.port)}
                  onChange={(event) => { setPortText(event.target.value); setPortError(undefined); }} style={{ maxWidth: 140 }} />
                <Button type="submit" busy={busy === 'port'} disabled={portText === null}>Save port</Button>
              </div>
              {portError ? <span className="error" role="alert">{portError}</span>
                : <span className="hint">The window, the API and teammates' browsers use this port.</span>}
            </form>

            <Switch checked={state.data.settings.exposeToLan} disabled={busy === 'lan'} label="Share the API and this UI with the local network"
              onChange={(exposeToLan) => void save('lan', { exposeToLan }, exposeToLan ? 'Saved: restart to open it to the network' : 'Saved: restart to keep it on this computer')}>
              {state.data.settings.exposeToLan
                ? 'On: the controller listens on every network address (0.0.0.0), so teammates and their scripts can reach it.'
                : 'Off: only this computer can reach the controller (127.0.0.1).'}
            </Switch>
            {info.data ? <LanAddresses info={info.data} wanted={state.data.settings.exposeToLan} /> : null}

            <Switch checked={state.data.settings.localAgent} disabled={busy === 'agent'} label="Run game servers on this computer"
              onChange={(localAgent) => void save('agent', { localAgent }, localAgent ? 'Local agent on' : 'Local agent off: game servers keep running')}>
              {info.data ? <LocalAgentLine info={info.data} /> : 'Uses Docker on this computer as a node.'}
            </Switch>

            <Switch checked={state.data.settings.startAtLogin} disabled={busy === 'login'} label="Start StellarStack when I log in"
              onChange={(startAtLogin) => void save('login', { startAtLogin }, startAtLogin ? 'StellarStack starts at login' : 'StellarStack no longer starts at login')} />
            <Switch checked={state.data.settings.startMinimized} disabled={busy === 'tray'} label="Start in the tray, without the window"
              onChange={(startMinimized) => void save('tray', { startMinimized }, 'Saved')}>
              Closing the window always keeps StellarStack in the tray; Quit from the tray menu stops it. Game servers keep running either way.
            </Switch>

            {info.data ? (
              <div className="field">
                <span className="field-label" id="desktop-data-dir">Data folder</span>
                <div className="copy-row wrap">
                  <code aria-labelledby="desktop-data-dir" tabIndex={0}>{info.data.dataDir}</code>
                  <Button size="small" busy={busy === 'reveal'} onClick={() => void run('reveal', () => unwrap(bridge.revealDataFolder()))}>Reveal data folder</Button>
                </div>
                <span className="hint">Accounts, servers and settings live here; back it up to keep them. StellarStack {info.data.version}.</span>
              </div>
            ) : info.error ? <ErrorBanner error={info.error} onRetry={info.reload} /> : null}
          </div>
        )}
    </SettingsSection>
  );
}

function RestartBanner({ state, onRestart, busy }: { state: DesktopSettingsState; onRestart: () => void; busy: boolean }) {
  if (!state.restartRequired) return null;
  return (
    <div className="banner info" role="status">
      <Icon name="restart" />
      <div className="grow"><strong>Restart to apply.</strong> The port and network sharing change when StellarStack starts again. Game servers keep running through the restart.</div>
      <Button size="small" variant="primary" busy={busy} onClick={onRestart}>Restart now</Button>
    </div>
  );
}

function LanAddresses({ info, wanted }: { info: AppInfo; wanted: boolean }) {
  if (!info.exposed) {
    return wanted ? <p className="muted">Teammates' addresses appear here once StellarStack has restarted.</p> : null;
  }
  return (
    <div className="field">
      <div className="banner warn" role="note">
        <Icon name="alert" />
        <div className="grow">
          <strong>Anyone on your network can reach this controller.</strong> They still need an account or an API key, but keep sign-up closed
          and passwords strong, and do not expose it to the internet: it speaks plain HTTP.
        </div>
      </div>
      <span className="field-label" id="desktop-lan">Addresses for teammates</span>
      {info.lanUrls.length === 0 ? <p className="muted">This computer has no network address right now.</p> : info.lanUrls.map((url) => (
        <div key={url} className="copy-row">
          <code aria-labelledby="desktop-lan" tabIndex={0}>{url}</code>
          <CopyButton text={url} label="Copy address" />
        </div>
      ))}
      <span className="hint">The admin UI opens at these addresses in a browser; scripts use them with <code>/api/v1</code>.</span>
    </div>
  );
}

/** What the local agent is doing, and for Docker trouble what to do about it. */
export function LocalAgentLine({ info }: { info: AppInfo }) {
  const status = info.localAgent;
  if (status.running) return <>On: this computer is a node and runs game servers in Docker.</>;
  if (status.problem === 'docker_unavailable') {
    return <>Docker is not answering: {status.reason}. Install it (Debian/Ubuntu: <code>sudo apt-get install docker.io</code>), start it, then turn this off and on again.</>;
  }
  if (status.problem === 'failed') return <>It could not start: {status.reason}</>;
  if (status.problem === 'disabled') return <>Off: this computer runs no game servers; other nodes still can.</>;
  return <>Starting…</>;
}

function Switch({ checked, disabled, label, onChange, children }: { checked: boolean; disabled: boolean; label: string; onChange: (value: boolean) => void; children?: ReactNode }) {
  const id = useId();
  return (
    <div className="signup-row">
      <label className="switch">
        <input type="checkbox" role="switch" checked={checked} disabled={disabled} aria-describedby={children ? id : undefined} onChange={(e) => onChange(e.target.checked)} />
        <span className="switch-track" aria-hidden="true"><span className="switch-thumb" /></span>
        <span className="switch-label">{label}</span>
      </label>
      {children ? <p id={id} className="muted">{children}</p> : null}
    </div>
  );
}
