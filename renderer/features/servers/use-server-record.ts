import { useEffect, useState } from 'react';
import type { Server } from '../../../contracts/index.ts';
import { api, ApiError } from '../../api/client.ts';
import { useStore } from '../../store/index.ts';
import { rememberServer } from './server-actions.ts';

export type ServerRecord =
  | { kind: 'ready'; server: Server }
  | { kind: 'loading' }
  | { kind: 'not_found' }
  | { kind: 'error'; error: unknown; retry(): void };

/**
 * The server from the live store; when the store does not have it (the event stream is not
 * up yet, or the id came from a link) it is fetched once and put into the store.
 */
export function useServerRecord(id: string): ServerRecord {
  const server = useStore((s) => s.live.servers[id]);
  const [failure, setFailure] = useState<{ id: string; error: unknown } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const missing = server === undefined;

  useEffect(() => {
    if (!missing) return;
    const controller = new AbortController();
    setFailure(null);
    api.request<{ data: Server }>(`/servers/${encodeURIComponent(id)}`, { signal: controller.signal }).then(
      (body) => rememberServer(body.data),
      (error: unknown) => { if (!controller.signal.aborted) setFailure({ id, error }); },
    );
    return () => controller.abort();
  }, [id, missing, attempt]);

  if (server) return { kind: 'ready', server };
  if (failure && failure.id === id) {
    if (failure.error instanceof ApiError && (failure.error.code === 'NOT_FOUND' || failure.error.status === 404)) return { kind: 'not_found' };
    return { kind: 'error', error: failure.error, retry: () => setAttempt((n) => n + 1) };
  }
  return { kind: 'loading' };
}
