import type { Role } from '../../contracts/index.ts';
import type { StoredServer } from '../store/document-schema.ts';

/** Who is looking: the parts of a user that decide what they may see. */
export interface Viewer {
  id: string;
  role: Role;
}

/** The one rule for servers, shared by the REST routes and the event stream: admins see every server, users their own. */
export function canSeeServer(viewer: Viewer, server: Pick<StoredServer, 'ownerId'>): boolean {
  return viewer.role === 'admin' || server.ownerId === viewer.id;
}
