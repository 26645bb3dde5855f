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

