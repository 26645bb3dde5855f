import { useEffect, useState } from 'react';
import type { ServerStatus } from '../../../../contracts/index.ts';
import { api } from '../../../api/client.ts';
import { StatsFeed } from '../charts/stats-feed.ts';
import { applyStatus } from '../server-actions.ts';
import { browserSocketFactory, sessionRouteMemory } from './browser-socket.ts';
import { ConsoleConnection, type ConsoleGrant } from './console-connection.ts';

export interface ConsoleSession {
  connection: ConsoleConnection;
  stats: StatsFeed;
}

/** States in which the process runs, so stats keep coming. */
const PROCESS_UP = new Set<ServerStatus>(['starting', 'running', 'stopping']);

/**
 * One console connection and one stats ring per server page. Created in an effect (so React's
 * double mount in development gets a fresh one), started after the children subscribed (their
 * effects run first), and disposed when the page goes.
 */
export function useConsoleSession(serverId: string, nodeOnline: boolean): ConsoleSession | null {
  const [session, setSession] = useState<ConsoleSession | null>(null);

  useEffect(() => {
    const connection = new ConsoleConnection({
      fetchToken: () => api.get<ConsoleGrant>(`/servers/${serverId}/console-token`),
      createSocket: browserSocketFactory,
      routeMemory: sessionRouteMemory,
    });
    const stats = new StatsFeed();
    const unsubscribe = connection.subscribe((event) => {
      if (event.type === 'stats') stats.push(event.stats);
      else if (event.type === 'status') {
        applyStatus(serverId, event.status);
        if (!PROCESS_UP.has(event.status)) stats.pause();
      }
    });
    setSession({ connection, stats });
    return () => {
      unsubscribe();
      connection.dispose();
      setSession(null);
    };
  }, [serverId]);

  // Nothing to connect to while the node is offline; a node that comes back need not wait out the backoff.
  useEffect(() => {
    if (!session || !nodeOnline) return;
    session.connection.start();
    if (session.connection.state.kind === 'waiting') session.connection.retryNow();
  }, [session, nodeOnline]);

  return session;
}
