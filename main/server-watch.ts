import { EventEmitter } from 'node:events';
import type { RunningController } from '../controller/index.ts';
import { AppError, type PowerAction, type ServerStatus } from '../contracts/index.ts';

export type ControllerApp = RunningController['app'];

export interface ServerSummary {
  id: string;
  name: string;
  status: ServerStatus;
  nodeId: string;
  nodeOnline: boolean;
}

export interface ServerWatchEvents {
  /** Something the tray shows changed: a server's status, the list, a node's connection. */
  changed: [];
  /** A server went to `crashed` (once per fall, not again while it stays crashed). */
  crashed: [server: ServerSummary];
  /** A node that was online lost its agent. */
  nodeOffline: [node: { id: string; name: string }];
}

const POWER_TIMEOUT_MS = 60_000;

/**
 * What the desktop shell follows in its in-process controller: server states for the tray,
 * crashes and nodes going offline for notifications. It listens to the same repository and hub
 * events as the UI's event stream, so it shows exactly what is on disk.
 */
export class ServerWatch extends EventEmitter<ServerWatchEvents> {
  readonly #known = new Map<string, ServerStatus>();
  /** Last status change seen in this run, for "recent" in the tray. */
  readonly #touched = new Map<string, number>();
  readonly #unsubscribe: (() => void)[] = [];
  #sequence = 0;

  readonly #app: ControllerApp;

  constructor(app: ControllerApp) {
    super();
    this.#app = app;
    for (const server of app.servers.all()) this.#known.set(server.id, server.status);
    const onChanged = (id: string) => this.#serverChanged(id);
    const onDeleted = (id: string) => {
      this.#known.delete(id);
      this.#touched.delete(id);
      this.emit('changed');
    };
    const onOnline = () => this.emit('changed');
    const onOffline = (nodeId: string) => {
      const node = app.nodes.findById(nodeId);
      if (node) this.emit('nodeOffline', { id: node.id, name: node.name });
      this.emit('changed');
    };
    app.servers.on('changed', onChanged);
    app.servers.on('deleted', onDeleted);
    app.agents.on('online', onOnline);
    app.agents.on('offline', onOffline);
    this.#unsubscribe.push(
      () => app.servers.off('changed', onChanged),
      () => app.servers.off('deleted', onDeleted),
      () => app.agents.off('online', onOnline),
      () => app.agents.off('offline', onOffline),
    );
  }

  runningCount(): number {
    return this.#app.servers.all().filter((server) => server.status === 'running').length;
  }

  /** Servers whose status changed most recently in this run first, then the most recently edited. */
  recent(limit = 8): ServerSummary[] {
    return [...this.#app.servers.all()]
      .sort((a, b) => (this.#touched.get(b.id) ?? -1) - (this.#touched.get(a.id) ?? -1) || b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((server) => this.#summary(server.id)!)
      .filter(Boolean);
  }

  /** Start or stop from the tray: the same request the API's power routes send to the node. */
  async power(serverId: string, action: PowerAction): Promise<ServerStatus> {
    const server = this.#app.servers.findById(serverId);
    if (!server) throw new AppError('NOT_FOUND', 'Server not found');
    if (!this.#app.agents.isOnline(server.nodeId)) throw new AppError('NODE_OFFLINE', `The node of ${server.name} is offline`);
    const result = await this.#app.agents.request(server.nodeId, 'server.power', { serverId, action }, POWER_TIMEOUT_MS);
    return result.status;
  }

  dispose(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.removeAllListeners();
  }

  #summary(id: string): ServerSummary | null {
    const server = this.#app.servers.findById(id);
    if (!server) return null;
    return { id: server.id, name: server.name, status: server.status, nodeId: server.nodeId, nodeOnline: this.#app.agents.isOnline(server.nodeId) };
  }

  #serverChanged(id: string): void {
    const summary = this.#summary(id);
    if (!summary) return;
    const before = this.#known.get(id);
    this.#known.set(id, summary.status);
    if (before !== summary.status) this.#touched.set(id, ++this.#sequence);
    if (summary.status === 'crashed' && before !== 'crashed') this.emit('crashed', summary);
    this.emit('changed');
  }
}
