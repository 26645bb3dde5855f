import { useEffect, useState } from 'react';
import { Button } from '../../../components/button.tsx';
import type { ConnectionState, ConsoleConnection } from './console-connection.ts';

/** A thin line over the console while it is not connected, with the retry countdown. */
export function ConnectionBanner({ connection, state }: { connection: ConsoleConnection; state: ConnectionState }) {
  const seconds = useCountdown(state.kind === 'waiting' ? state.retryAt : null);
  if (state.kind === 'waiting') {
    return (
      <div className="console-banner warn" role="status" aria-live="polite">
        <span className="dot warn pulse" aria-hidden="true" />
        <span className="grow">
          Disconnected — reconnecting in <span className="num">{seconds}</span> s
          <span className="faint"> · {state.reason}</span>
        </span>
        <Button size="small" variant="ghost" onClick={() => connection.retryNow()}>Retry now</Button>
      </div>
    );
  }
  if (state.kind === 'connecting' && state.attempt > 0) {
    return (
      <div className="console-banner" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span className="grow">Reconnecting…</span>
      </div>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div className="console-banner error" role="alert">
        <span className="grow">{state.code === 'ACCESS_REVOKED' ? 'The console was closed' : 'The console is unavailable'}: {state.message}</span>
        <Button size="small" variant="ghost" onClick={() => connection.retryNow()}>Try again</Button>
      </div>
    );
  }
  return null;
}

function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
