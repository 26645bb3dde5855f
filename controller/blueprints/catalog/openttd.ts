import { defineBuiltin } from './define-builtin.ts';

const INSTALL_SCRIPT = `#!/bin/sh
# Downloads OpenTTD's generic Linux build and the OpenGFX base graphics from the OpenTTD CDN.
set -eu
apk add --no-cache xz unzip >/dev/null
cd /mnt/server
echo "Downloading OpenTTD $OPENTTD_VERSION"
curl -fsSL -o openttd.tar.xz "https://cdn.openttd.org/openttd-releases/$OPENTTD_VERSION/openttd-$OPENTTD_VERSION-linux-generic-amd64.tar.xz"
tar -xJf openttd.tar.xz --strip-components=1
rm openttd.tar.xz
echo "Downloading OpenGFX $OPENGFX_VERSION"
curl -fsSL -o opengfx.zip "https://cdn.openttd.org/opengfx-releases/$OPENGFX_VERSION/opengfx-$OPENGFX_VERSION-all.zip"
mkdir -p baseset
# OpenTTD reads a base set straight from its .tar, so the archive inside the zip is kept as is.
unzip -o -q opengfx.zip -d baseset
rm opengfx.zip
chmod +x openttd
echo "Install complete"
`;

/**
 * OpenTTD's dedicated server. Settings persist in openttd.cfg in the server folder; the server
 * name is applied at every start through scripts/on_dedicated.scr, the script OpenTTD runs
 * when a dedicated server starts (the file is rewritten each time).
 */
export const openttd = defineBuiltin({
  id: 'openttd',
  name: 'OpenTTD',
  description: 'The open-source transport simulation based on Transport Tycoon Deluxe. The install downloads OpenTTD and the free OpenGFX graphics from openttd.org.',
  category: 'simulation',
  images: { Debian: 'ghcr.io/parkervcp/yolks:debian' },
  startup: "mkdir -p scripts && printf 'server_name \"%s\"\\n' \"{{SERVER_NAME}}\" > scripts/on_dedicated.scr; exec ./openttd -D {{SERVER_IP}}:{{SERVER_PORT}} -c openttd.cfg",
  stop: { type: 'command', value: 'quit' },
  done: ['Map generated, starting game'],
  startTimeoutSeconds: 300,
  stopGraceSeconds: 30,
  ports: [
    { name: 'Game', port: 3979, protocol: 'tcp', description: 'Players connect here' },
    { name: 'Discovery', port: 3979, protocol: 'udp', description: 'LAN discovery and server queries' },
  ],
  defaults: { memory: 512, cpu: 100, disk: 1024 },
  variables: [
    {
      env: 'SERVER_NAME',
      name: 'Server name',
      description: 'The name shown in the server list.',
      default: 'A StellarStack OpenTTD server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 60, pattern: '[^"\\\\\\r\\n]+' },
    },
    {
      env: 'OPENTTD_VERSION',
      name: 'OpenTTD version',
      description: 'A release from https://cdn.openttd.org/openttd-releases/. Takes effect when the server is reinstalled.',
      default: '14.1',
      userEditable: false,
      rules: { required: true, type: 'string', max: 20, pattern: '[0-9]+\\.[0-9]+(?:\\.[0-9]+)?(?:-[A-Za-z0-9]+)?' },
    },
    {
      env: 'OPENGFX_VERSION',
      name: 'OpenGFX version',
      description: 'A release from https://cdn.openttd.org/opengfx-releases/. Takes effect when the server is reinstalled.',
      default: '7.1',
      userEditable: false,
      rules: { required: true, type: 'string', max: 20, pattern: '[0-9]+\\.[0-9]+(?:\\.[0-9]+)?' },
    },
  ],
  dataPath: '/home/container',
  install: { image: 'ghcr.io/pterodactyl/installers:alpine', entrypoint: 'sh', script: INSTALL_SCRIPT, timeoutSeconds: 900 },
  query: { type: 'openttd', port: 'Game' },
});
