import { useEffect, useState } from 'react';
import type { Server } from '../../../../contracts/index.ts';
import { Button } from '../../../components/button.tsx';
import { CommandInput } from './command-input.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import type { ConnectionState, ConsoleConnection } from './console-connection.ts';
import { TerminalView } from './terminal-view.tsx';
import { useConnectionState } from './use-connection-state.ts';

const ACCEPTS_COMMANDS = new Set<Server['status']>(['running', 'starting']);

/** The console card: toolbar, connection banner, terminal, the console's own errors, command line. */
export function ConsolePanel({ server, connection }: { server: Server; connection: ConsoleConnection }) {
  const state = useConnectionState(connection);
  const problem = useConsoleError(connection);
  const canWrite = connection.permissions?.canWrite ?? true;

  let blocked: string | null = null;
  if (!canWrite) blocked = 'Your access to this server does not include sending commands';
  else if (!server.nodeOnline) blocked = 'The node is offline';
  else if (!ACCEPTS_COMMANDS.has(server.status)) blocked = 'Start the server to send commands';
  else if (state.kind !== 'live') blocked = 'Waiting for the console connection…';

  return (
    <section className="card console-card" aria-label="Console">
      <TerminalView connection={connection} toolbar={<ConsoleTitle state={state} nodeOnline={server.nodeOnline} />}>
        {server.nodeOnline ? <ConnectionBanner connection={connection} state={state} /> : (
          <div className="console-banner warn" role="status">
            <span className="grow">The node is offline: the console connects again when its agent is back.</span>
          </div>
        )}
        {problem ? (
          <div className="console-banner error" role="alert">
            <span className="grow">{problem.message}</span>
            <Button size="small" variant="ghost" icon="x" aria-label="Dismiss the console error" onClick={problem.dismiss} />
          </div>
        ) : null}
        <CommandInput serverId={server.id} connection={connection} blockedBecause={blocked} />
      </TerminalView>
    </section>
  );
}

function ConsoleTitle({ state, nodeOnline }: { state: ConnectionState; nodeOnline: boolean }) {
  const live = state.kind === 'live';
  if (!live && !nodeOnline) {
    return (
      <span className="console-title">
        <h2>Console</h2>
        <span className="console-route faint"><span className="dot danger" aria-hidden="true" />Node offline</span>
      </span>
    );
  }
  return (
    <span className="console-title">
      <h2>Console</h2>
      <span className="console-route faint" title={live && state.route === 'relay' ? 'The node’s own console port cannot be reached from this browser, so the console goes through the controller' : undefined}>
        <span className={`dot ${live ? 'ok' : state.kind === 'waiting' || state.kind === 'failed' ? 'danger' : 'warn pulse'}`} aria-hidden="true" />
        {live ? (state.route === 'relay' ? 'Live · via controller relay' : 'Live') : state.kind === 'waiting' ? 'Disconnected' : state.kind === 'failed' ? 'Unavailable' : 'Connecting…'}
      </span>
    </span>
  );
}

/** The last `error` frame from the console, until dismissed or a newer one comes. */
function useConsoleError(connection: ConsoleConnection) {
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => connection.subscribe((event) => {
    if (event.type === 'error') setError({ code: event.code, message: event.message });
    // A fresh authentication answers most errors (an expired token, a refused command).
    else if (event.type === 'authenticated') setError(null);
  }), [connection]);
  return error ? { ...error, dismiss: () => setError(null) } : null;
}
