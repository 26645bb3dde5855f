import type Docker from 'dockerode';
import type { ServerSpec } from '../../../contracts/index.ts';
import type { EnvironmentPaths } from '../process-environment.ts';
import { containerLabels, containerName } from './container-identity.ts';
import type { ContainerSettings } from './container-options.ts';
import { containerEnv, GAME_CAPABILITIES, hardenedHostConfig, resourceLimits } from './container-options.ts';

/** Where install scripts find the server's files: the ecosystem's convention. */
export const INSTALL_SERVER_DIR = '/mnt/server';
/** Read-only folder holding the script file. */
export const INSTALL_SCRIPT_DIR = '/mnt/install';
export const INSTALL_SCRIPT_NAME = 'install.sh';

/**
 * Install scripts download and unpack whole games: a server sized for a 512 MiB game should
 * not fail its install for lack of memory (wings gives its installer a floor for the same reason).
 */
const INSTALL_MEMORY_FLOOR_MIB = 1024;

/**
 * Install scripts run package managers (apt, apk) as root: unpacking needs to set owners and
 * modes on files it does not own yet (FOWNER, DAC_OVERRIDE) and keep setuid bits (FSETID).
 * Still never privileged, still no-new-privileges, still no raw network or device access.
 */
export const INSTALL_CAPABILITIES = [...GAME_CAPABILITIES, 'DAC_OVERRIDE', 'FOWNER', 'FSETID'] as const;

/** Create options for the throwaway container that runs `spec.install.script` against the server's files. */
export function buildInstallOptions(
  spec: ServerSpec,
  install: NonNullable<ServerSpec['install']>,
  paths: EnvironmentPaths,
  scriptHostDir: string,
  settings: ContainerSettings,
): Docker.ContainerCreateOptions {
  return {
    name: containerName(spec.id, 'install'),
    Image: install.image,
    Labels: containerLabels(spec.id, 'install'),
    User: settings.installUser,
    Env: containerEnv(spec, settings),
    WorkingDir: INSTALL_SERVER_DIR,
    Entrypoint: [install.entrypoint],
    Cmd: [`${INSTALL_SCRIPT_DIR}/${INSTALL_SCRIPT_NAME}`],
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      ...hardenedHostConfig(INSTALL_CAPABILITIES),
      ...resourceLimits({
        memoryMiB: spec.memory > 0 ? Math.max(spec.memory, INSTALL_MEMORY_FLOOR_MIB) : 0,
        swapMiB: spec.swap,
        cpuPercent: spec.cpu,
        pids: spec.pids,
      }),
      Mounts: [
        { Type: 'bind', Source: paths.hostDataDir, Target: INSTALL_SERVER_DIR, ReadOnly: false },
        { Type: 'bind', Source: scriptHostDir, Target: INSTALL_SCRIPT_DIR, ReadOnly: true },
      ],
      // Scripts download game files, so they need the network the server itself would have.
      NetworkMode: spec.hostNetwork ? 'host' : 'bridge',
    },
  };
}
