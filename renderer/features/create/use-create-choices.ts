import { useEffect, useState } from 'react';
import type { Node } from '../../../contracts/api/nodes.ts';
import type { User } from '../../../contracts/api/users.ts';
import { api, messageOf } from '../../api/client.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useStore } from '../../store/index.ts';
import { useNodes } from '../dashboard/use-servers.ts';

/** How long to wait for the event stream's snapshot before asking for the nodes directly. */
const STREAM_GRACE_MS = 1500;

export interface NodeChoices {
  nodes: Node[];
  /** False until the nodes are known, from the stream or the fallback request. */
  ready: boolean;
  error: string | null;
}

/**
 * The nodes a server can go to, with their capacity, as the event stream keeps them. When the
 * stream has not delivered its snapshot shortly after the page opens (it is down, or still
 * connecting), one GET /nodes fills in, so the form is usable anyway; the stream wins once live.
 */
export function useNodeChoices(): NodeChoices {
  const loaded = useStore((s) => s.live.loaded);
  const live = useNodes();
  const [fallback, setFallback] = useState<{ nodes: Node[] | null; error: string | null }>({ nodes: null, error: null });
  useEffect(() => {
    if (loaded) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.all<Node>('/nodes').then(
        (nodes) => { if (!cancelled) setFallback({ nodes: nodes.sort((a, b) => a.name.localeCompare(b.name)), error: null }); },
        (error: unknown) => { if (!cancelled) setFallback({ nodes: null, error: messageOf(error) }); },
      );
    }, STREAM_GRACE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [loaded]);
  if (loaded) return { nodes: live, ready: true, error: null };
  return { nodes: fallback.nodes ?? [], ready: fallback.nodes !== null, error: fallback.error };
}

/** Everyone a server can be given to (admins only may ask); the form falls back to "me" while they load or if they cannot. */
export function useOwnerChoices() {
  return useAsync<User[]>(() => api.all<User>('/admin/users'), []);
}
