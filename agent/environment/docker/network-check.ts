import type Docker from 'dockerode';
import { AppError } from '../../../contracts/index.ts';
import { inspectOrNull } from './container-state.ts';
import { isNotFound } from './docker-errors.ts';

/**
 * Refuses to start a bridge-mode container on an engine without Docker's bridge network. Docker
 * creates and starts such a container, with nothing published: the game would say `running`
 * while no player could connect. The controller refuses this already from the modes the agent
 * reported; this catches an engine reconfigured since (a daemon restarted with --bridge=none).
 */
export async function assertNetworkUsable(docker: Docker, container: Docker.Container): Promise<void> {
  const info = await inspectOrNull(container);
  if (info?.HostConfig.NetworkMode !== 'bridge') return;
  try {
    await docker.getNetwork('bridge').inspect();
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new AppError(
      'NETWORK_UNAVAILABLE',
      "This node's Docker has no bridge network, so the server's ports cannot be published and no player could connect: turn on host networking for the node, or give Docker its bridge network back",
    );
  }
}
