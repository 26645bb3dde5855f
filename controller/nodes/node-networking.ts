import { DEFAULT_BIND_ADDRESS, type NetworkModes } from '../../contracts/index.ts';
import type { StoredNode } from '../store/document-schema.ts';

type NodeNetworking = Pick<StoredNode, 'name' | 'hostNetwork' | 'bindAddress'>;

/**
 * Why a game on this node could not be reached the way the node is set up, or null. Unknown
 * modes (no agent with Docker has connected yet) are no reason to refuse: the check runs
 * again at start, when the agent is there to have said.
 */
export function networkProblem(node: NodeNetworking, modes: NetworkModes | null): string | null {
  if (!modes) return null;
  if (node.hostNetwork && !modes.host) {
    return `Node ${node.name} runs games with host networking, but its Docker engine offers no host network: turn host networking off for the node (its ports are then published through Docker's bridge)`;
  }
  if (!node.hostNetwork && !modes.bridge) {
    return `Node ${node.name} publishes game ports through Docker's bridge network, but its Docker engine has none (dockerd runs with --bridge=none?), so no player could connect: turn on host networking for the node, or give Docker its bridge network back`;
  }
  return null;
}

/** Where a game's ports can be reached with the node's settings, for the node detail. */
export function describeExposure(node: NodeNetworking): string {
  const everywhere = node.bindAddress === DEFAULT_BIND_ADDRESS || node.bindAddress === '::';
  if (node.hostNetwork) {
    return everywhere
      ? 'Host networking: games listen directly on every interface of the machine (LAN, internet, VPN alike) on their own ports; only a firewall on the machine stands in between.'
      : `Host networking: games are told to listen on ${node.bindAddress} (SERVER_IP); a game that ignores SERVER_IP still listens on every interface of the machine.`;
  }
  return everywhere
    ? "Published ports: each server's ports are published by Docker on every interface of the machine; nothing else in its container is reachable from outside."
    : `Published ports: each server's ports are published by Docker on ${node.bindAddress} only; nothing else in its container is reachable from outside.`;
}
