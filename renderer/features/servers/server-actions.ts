import type { PowerAction, Server, ServerStatus } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { appStore } from '../../store/index.ts';

/**
 * Power actions answer with the state they lead to; the store takes it at once so the
 * button's effect shows before the event stream confirms it. The console socket and the
 * stream often report the next state before the HTTP answer arrives (a quick start is
 * `running` by then): if the state moved while the request ran, the newer word stays.
 */
export function powerServer(serverId: string, action: PowerAction): Promise<ServerStatus> {
  return unlessOvertaken(serverId, () => api.post<{ status: ServerStatus }>(`/servers/${serverId}/${action}`));
}

/** Runs a request that answers with a state, and applies it only if no live report came meanwhile. */
async function unlessOvertaken(serverId: string, request: () => Promise<{ status: ServerStatus }>): Promise<ServerStatus> {
  let moved = false;
  const unsubscribe = appStore.subscribe((state, previous) => {
    if (state.live.servers[serverId]?.status !== previous.live.servers[serverId]?.status) moved = true;
  });
  try {
    const { status } = await request();
    const server = appStore.getState().live.servers[serverId];
    if (!moved && server && server.status !== status) appStore.getState().applyFrame({ type: 'server', data: { ...server, status, statusReason: null } });
    return status;
  } finally {
    unsubscribe();
  }
}

/** A changed or created record goes into the store right away, for the same reason. */
export function rememberServer(server: Server): void {
  appStore.getState().applyFrame({ type: 'server', data: server });
}

/** A reinstall answers with the state it leads to (installing, or already stopped again). */
export function reinstallServer(serverId: string): Promise<ServerStatus> {
  return unlessOvertaken(serverId, () => api.post<{ serverId: string; status: ServerStatus }>(`/servers/${serverId}/reinstall`));
}

/** Stops the install under way; answers with the state it leads to (install_failed). */
export function cancelInstall(serverId: string): Promise<ServerStatus> {
  return unlessOvertaken(serverId, () => api.post<{ serverId: string; status: ServerStatus }>(`/servers/${serverId}/install/cancel`));
}

/**
 * The owner accepted the game's EULA: the blueprint's EULA variable becomes `true` (a normal
 * settings change, so it is on record), then the server starts.
 */
export async function acceptEulaAndStart(serverId: string, variable: string): Promise<ServerStatus> {
  rememberServer(await api.patch<Server>(`/servers/${serverId}`, { variables: { [variable]: 'true' } }));
  return powerServer(serverId, 'start');
}

/** `force`: delete the record while the node is offline, leaving the node's files behind. */
export async function deleteServer(serverId: string, force = false): Promise<void> {
  await api.delete(`/servers/${serverId}${force ? '?force=true' : ''}`);
}

/** Drops a deleted server from the lists at once, before the event stream says so. */
export function forgetServer(serverId: string): void {
  appStore.getState().applyFrame({ type: 'server_deleted', data: { id: serverId } });
}

/**
 * A state from the console socket: it usually arrives before the event stream's record, and
 * the header should not wait. The reason is unknown here; the stream's record brings it.
 */
export function applyStatus(serverId: string, status: ServerStatus): void {
  const server = appStore.getState().live.servers[serverId];
  if (server && server.status !== status) appStore.getState().applyFrame({ type: 'server', data: { ...server, status, statusReason: null } });
}
