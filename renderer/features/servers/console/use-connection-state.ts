import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionState, ConsoleConnection } from './console-connection.ts';

/** The connection's state as React state; console lines never pass through here. */
export function useConnectionState(connection: ConsoleConnection): ConnectionState {
  const subscribe = useCallback(
    (notify: () => void) => connection.subscribe((event) => {
      if (event.type === 'state' || event.type === 'authenticated') notify();
    }),
    [connection],
  );
  return useSyncExternalStore(subscribe, () => connection.state);
}

/** The node's host as the console token names it (null before the first token): people who cannot list nodes learn it here. */
export function useConsoleNodeHost(connection: ConsoleConnection | null): string | null {
  const subscribe = useCallback(
    (notify: () => void) => connection?.subscribe((event) => {
      if (event.type === 'authenticated') notify();
    }) ?? (() => {}),
    [connection],
  );
  return useSyncExternalStore(subscribe, () => connection?.grant?.nodeHost ?? null);
}
