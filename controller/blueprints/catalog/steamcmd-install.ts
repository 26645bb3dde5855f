import type { Blueprint } from '../../../contracts/index.ts';

/** Debian with curl, CA certificates and the 32-bit libraries SteamCMD needs. */
export const STEAMCMD_INSTALLER_IMAGE = 'ghcr.io/parkervcp/installers:debian';

export interface SteamAppInstall {
  /** The dedicated server's Steam app id. */
  appId: number;
  /** A file the finished install must contain, relative to the server's files. */
  expect: string;
}

/**
 * Install script for a dedicated server distributed through SteamCMD with an anonymous
 * login. Running it again updates the game in place (a reinstall is how servers update).
 */
export function steamcmdInstall({ appId, expect }: SteamAppInstall): NonNullable<Blueprint['install']> {
  const script = `#!/bin/bash
# Installs or updates Steam app ${appId} in the server's files with SteamCMD (anonymous login).
set -uo pipefail
cd /mnt/server
mkdir -p steamcmd steamapps
if [ ! -x steamcmd/steamcmd.sh ]; then
  curl -fsSL https://steamcdn-a.akamaihd.net/client/installer/steamcmd_linux.tar.gz | tar -xzf - -C steamcmd || exit 1
fi
# SteamCMD keeps its state under $HOME; inside the server's files it is reused by updates.
export HOME=/mnt/server
# On its first run SteamCMD updates itself and may stop before the game is complete.
for attempt in 1 2 3; do
  ./steamcmd/steamcmd.sh +force_install_dir /mnt/server +login anonymous +app_update ${appId} validate +quit
  [ -e '${expect}' ] && break
  echo "SteamCMD attempt $attempt left the install incomplete; trying again"
done
if [ ! -e '${expect}' ]; then
  echo "Install failed: ${expect} is missing after SteamCMD ran"
  exit 1
fi
# Steam games load the Steam client library from ~/.steam, and ~ is the server's files at run time.
mkdir -p .steam/sdk32 .steam/sdk64
cp steamcmd/linux32/steamclient.so .steam/sdk32/steamclient.so
cp steamcmd/linux64/steamclient.so .steam/sdk64/steamclient.so
echo "Install complete"
`;
  return { image: STEAMCMD_INSTALLER_IMAGE, entrypoint: 'bash', script, timeoutSeconds: 1800 };
}
