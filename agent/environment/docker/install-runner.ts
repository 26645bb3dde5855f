import type Docker from 'dockerode';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerSpec } from '../../../contracts/index.ts';
import type { EnvironmentPaths, ExitInfo } from '../process-environment.ts';
import { attachConsole } from './console-attachment.ts';
import { containerName } from './container-identity.ts';
import type { ContainerSettings } from './container-options.ts';
import { exitInfoOf, inspectOrNull, settleWithin } from './container-state.ts';
import { chownTree, prepareDataDir } from './data-dir.ts';
import { daemonLine } from './daemon-line.ts';
import { isAlreadyInState, isNotFound } from './docker-errors.ts';
import { ensureImage, type PullProgress } from './ensure-image.ts';
import { buildInstallOptions, INSTALL_SCRIPT_NAME } from './install-options.ts';

export interface InstallRunOptions {
  pullStallTimeoutMs?: number;
  /** Progress of the installer image's pull; by default its lines go to the output. */
  onPull?: PullProgress;
  /** Aborting it kills the script's container. */
  signal?: AbortSignal;
}

/** How long to wait for the last output after the install process ended. */
const OUTPUT_DRAIN_MS = 2000;

/**
 * Runs a server's install script in its own throwaway container, streaming its output, and
 * always removes that container afterwards. No install script means nothing to do.
 */
export async function runInstall(
  docker: Docker,
  spec: ServerSpec,
  paths: EnvironmentPaths,
  settings: ContainerSettings,
  onOutput: (chunk: string) => void,
  options: InstallRunOptions = {},
): Promise<ExitInfo> {
  const install = spec.install;
  if (!install) return { exitCode: 0, oomKilled: false };
  const onPull: PullProgress = options.onPull ?? ((line) => onOutput(daemonLine(line)));
  await ensureImage(docker, install.image, onPull, { stallTimeoutMs: options.pullStallTimeoutMs });
  await prepareDataDir(paths.hostDataDir, settings.installUser);
  // A leftover from an agent that died mid-install would hold the name.
  await removeInstallContainer(docker, spec.id);

  const scriptDir = await mkdtemp(join(tmpdir(), 'stellar-install-'));
  try {
    // mkdtemp makes the folder private; the container may run as another user.
    await chmod(scriptDir, 0o755);
    // Scripts pasted from Windows editors carry CRLF, which shells read as part of each command.
    await writeFile(join(scriptDir, INSTALL_SCRIPT_NAME), install.script.replace(/\r\n/g, '\n'), { mode: 0o755 });
    const container = await docker.createContainer(buildInstallOptions(spec, install, paths, scriptDir, settings));
    try {
      const attachment = await attachConsole(docker, container, { stdin: false, onOutput });
      if (options.signal?.aborted) throw new Error('the install was stopped before its script ran');
      await container.start();
      // Cancelled or timed out: the script's container is killed, and its end is the result.
      const kill = (): void => void container.kill().catch(() => undefined);
      options.signal?.addEventListener('abort', kill, { once: true });
      try {
        // The container is started, so waiting for "not running" cannot miss the exit.
        await container.wait({ condition: 'not-running' });
      } finally {
        options.signal?.removeEventListener('abort', kill);
      }
      await settleWithin(attachment.ended, OUTPUT_DRAIN_MS);
      attachment.close();
      const info = await inspectOrNull(container);
      if (!info) throw new Error(`install container of ${spec.id} vanished before its result was read`);
      // Installers run as root; the game runs as its own user and must own what they wrote.
      if (settings.user !== settings.installUser) await chownTree(paths.hostDataDir, settings.user);
      return exitInfoOf(info);
    } finally {
      await container.remove({ force: true, v: true }).catch(() => undefined);
    }
  } finally {
    await rm(scriptDir, { recursive: true, force: true });
  }
}

export async function removeInstallContainer(docker: Docker, serverId: string): Promise<void> {
  try {
    await docker.getContainer(containerName(serverId, 'install')).remove({ force: true, v: true });
  } catch (error) {
    if (!isNotFound(error) && !isAlreadyInState(error)) throw error;
  }
}
