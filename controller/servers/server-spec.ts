import { DEFAULT_BIND_ADDRESS, type Blueprint, type ServerSpec } from '../../contracts/index.ts';
import { renderConfigFiles } from '../blueprints/render-config-files.ts';
import { renderStartup } from '../blueprints/render-startup.ts';
import type { StoredNode, StoredServer } from '../store/document-schema.ts';

/** Wings' default: enough for game servers with many threads, low enough to stop a fork bomb. */
export const DEFAULT_PIDS_LIMIT = 512;

/**
 * Variables every blueprint may use besides its own, as in the PTDL ecosystem. SERVER_IP is the
 * node's bind address with host networking, where the game's own socket is the only thing that
 * decides where it listens; in a bridge-mode container the game listens on all of the
 * container's interfaces and Docker publishes the ports on the bind address.
 */
export function standardVariables(server: StoredServer, node: Pick<StoredNode, 'hostNetwork' | 'bindAddress'>): Record<'SERVER_MEMORY' | 'SERVER_PORT' | 'SERVER_IP', string> {
  return {
    SERVER_MEMORY: String(server.memory),
    SERVER_PORT: String(server.ports[0]?.port ?? ''),
    SERVER_IP: node.hostNetwork ? node.bindAddress : DEFAULT_BIND_ADDRESS,
  };
}

/**
 * The environment every container gets besides the blueprint's own variables, as images of
 * the PTDL ecosystem expect it: the server's id as P_SERVER_UUID. (TZ is the node's: the agent
 * sets it, UTC by default, unless a blueprint declares TZ as a variable.)
 */
export function builtinEnvironment(server: StoredServer): Record<string, string> {
  return { P_SERVER_UUID: server.id };
}

/** Where a container reaches its host: loopback on a host-network node, Docker's default bridge gateway otherwise. */
function hostInterface(node: StoredNode): string {
  return node.hostNetwork ? '127.0.0.1' : '172.17.0.1';
}

/**
 * Renders everything the agent needs to run `server`: the controller owns blueprints, so the
 * agent never sees one, only a filled-in startup line, environment, files to patch and limits.
 * STARTUP carries the rendered line too, for images whose entrypoint runs it.
 */
export function buildServerSpec(server: StoredServer, blueprint: Blueprint, node: StoredNode): ServerSpec {
  const standard = standardVariables(server, node);
  const values = { ...defaultsOf(blueprint), ...server.variables, ...standard };
  const startup = renderStartup(blueprint.startup, values);
  const environment = { ...builtinEnvironment(server), ...values, STARTUP: startup };
  return {
    id: server.id,
    image: server.image,
    startup,
    startupMode: blueprint.startupMode,
    environment,
    dataPath: blueprint.dataPath,
    memory: server.memory,
    swap: server.swap,
    cpu: server.cpu,
    disk: server.disk,
    pids: DEFAULT_PIDS_LIMIT,
    ports: server.ports,
    hostNetwork: node.hostNetwork,
    bindAddress: node.bindAddress,
    stop: blueprint.stop,
    done: blueprint.done,
    startTimeoutSeconds: blueprint.startTimeoutSeconds,
    stopGraceSeconds: blueprint.stopGraceSeconds,
    install: blueprint.install,
    restartPolicy: server.restartPolicy,
    configFiles: renderConfigFiles(blueprint.configFiles, {
      serverId: server.id,
      port: standard.SERVER_PORT,
      ip: standard.SERVER_IP,
      memory: String(server.memory),
      swap: String(server.swap),
      disk: String(server.disk),
      cpu: String(server.cpu),
      hostInterface: hostInterface(node),
      environment,
    }),
    query: queryOf(server, blueprint),
  };
}

/**
 * The players-online query goes to the game port the blueprint names: the server's port in
 * the same place of the list (servers get the blueprint's ports in order, with their own numbers).
 */
function queryOf(server: StoredServer, blueprint: Blueprint): ServerSpec['query'] {
  if (!blueprint.query) return null;
  const index = blueprint.ports.findIndex((p) => p.name === blueprint.query?.port);
  const port = server.ports[index]?.port ?? blueprint.ports[index]?.port;
  return port === undefined ? null : { type: blueprint.query.type, port };
}

function defaultsOf(blueprint: Blueprint): Record<string, string> {
  return Object.fromEntries(blueprint.variables.map((v) => [v.env, v.default]));
}
