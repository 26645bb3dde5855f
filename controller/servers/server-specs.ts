import type { ServerSpec } from '../../contracts/index.ts';
import type { BlueprintsRepository } from '../store/blueprints-repository.ts';
import type { NodesRepository } from '../store/nodes-repository.ts';
import type { ServersRepository } from '../store/servers-repository.ts';
import { buildServerSpec } from './server-spec.ts';

export interface ServerSpecsSources {
  servers: ServersRepository;
  blueprints: BlueprintsRepository;
  nodes: NodesRepository;
}

/** What agents are told to run, rendered from the records: no agent ever sees a blueprint. */
export class ServerSpecs {
  readonly #sources: ServerSpecsSources;

  constructor(sources: ServerSpecsSources) {
    this.#sources = sources;
  }

  /** The spec an agent needs for a server, or null if the server, its blueprint or its node is gone. */
  of(serverId: string): ServerSpec | null {
    const server = this.#sources.servers.findById(serverId);
    const blueprint = server && this.#sources.blueprints.get(server.blueprintId);
    const node = server && this.#sources.nodes.findById(server.nodeId);
    return server && blueprint && node ? buildServerSpec(server, blueprint, node) : null;
  }

  /** Everything a node should run: sent in every welcome. */
  onNode(nodeId: string): ServerSpec[] {
    return this.#sources.servers.onNode(nodeId).flatMap((server) => this.of(server.id) ?? []);
  }
}
