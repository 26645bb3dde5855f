import type { PowerAction, Server, ServerStatus } from '../../../contracts/index.ts';
import { api } from '../../api/client.ts';
import { appStore } from '../../store/index.ts';

/**
 * Power actions answer with the state they lead to; the store takes it at once so the
 * button's effect shows before the event stream confirms it (the stream's word wins after).
 */
export async function powerServer(serverId: string, action: PowerAction): Promise<ServerStatus> {
  const result = await api.post<{ status: ServerStatus }>(`/servers/${serverId}/${action}`);
  const server = appStore.getState().live.servers[serverId];
  if (server && server.status !== result.status) appStore.getState().applyFrame({ type: 'server', data: { ...server, status: result.status, statusReason: null } });
  return result.status;
}

/** A changed or created record goes into the store right away, for the same reason. */
export function rememberServer(server: Server): void {
  appStore.getState().applyFrame({ type: 'server', data: server });
}
