import { defineBuiltin } from './define-builtin.ts';

const INSTALL_SCRIPT = `#!/bin/bash
# Downloads the vanilla Terraria dedicated server from terraria.org and keeps its Linux build.
set -euo pipefail
cd /mnt/server
if [ "$TERRARIA_VERSION" = latest ]; then
  file=$(curl -fsSL https://terraria.org/api/get/dedicated-servers-names | python3 -c 'import json, sys; print(json.load(sys.stdin)[0])')
else
  file="terraria-server-$TERRARIA_VERSION.zip"
fi
echo "Downloading $file"
curl -fsSL -o terraria-server.zip "https://terraria.org/api/download/pc-dedicated-server/$file"
rm -rf terraria-unpacked
python3 -m zipfile -e terraria-server.zip terraria-unpacked
cp -R terraria-unpacked/*/Linux/. .
rm -rf terraria-unpacked terraria-server.zip
chmod +x TerrariaServer.bin.x86_64
mkdir -p worlds
echo "Install complete"
`;

/** The vanilla Terraria server; all its settings are passed on the command line. */
export const terraria = defineBuiltin({
  id: 'terraria',
  name: 'Terraria',
  description: "Re-Logic's vanilla Terraria dedicated server. The install downloads the chosen version from terraria.org; the world is created on the first start.",
  category: 'sandbox',
  images: { Debian: 'ghcr.io/parkervcp/yolks:debian' },
  startup: 'exec ./TerrariaServer.bin.x86_64 -ip {{SERVER_IP}} -port {{SERVER_PORT}} -maxplayers {{MAX_PLAYERS}} -world "$PWD/worlds/{{WORLD_NAME}}.wld" -worldname "{{WORLD_NAME}}" -autocreate {{WORLD_SIZE}} -password "{{PASSWORD}}" -motd "{{MOTD}}" -noupnp',
  stop: { type: 'command', value: 'exit' },
  done: ["Type 'help' for a list of commands"],
  // Creating a large world takes several minutes.
  startTimeoutSeconds: 900,
  stopGraceSeconds: 60,
  ports: [{ name: 'Game', port: 7777, protocol: 'tcp', description: 'Players connect here' }],
  defaults: { memory: 1024, cpu: 100, disk: 2048 },
  variables: [
    {
      env: 'TERRARIA_VERSION',
      name: 'Terraria version',
      description: 'latest, or the number in the download file name such as 1449 for 1.4.4.9. Takes effect when the server is reinstalled.',
      default: 'latest',
      userEditable: true,
      rules: { required: true, type: 'string', max: 16, pattern: 'latest|[0-9]{3,6}' },
    },
    {
      env: 'WORLD_NAME',
      name: 'World name',
      description: 'The world to load, created if it does not exist.',
      default: 'world',
      userEditable: true,
      rules: { required: true, type: 'string', max: 27, pattern: '[A-Za-z0-9_ -]+' },
    },
    {
      env: 'WORLD_SIZE',
      name: 'World size',
      description: 'Size of a new world: 1 small, 2 medium, 3 large.',
      default: '1',
      userEditable: true,
      rules: { required: true, type: 'integer', options: ['1', '2', '3'] },
    },
    {
      env: 'MAX_PLAYERS',
      name: 'Max players',
      description: 'How many players can be connected at once.',
      default: '8',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 1, max: 255 },
    },
    {
      env: 'PASSWORD',
      name: 'Server password',
      description: 'Players need it to join; leave empty for an open server.',
      default: '',
      userEditable: true,
      rules: { required: false, type: 'string', max: 64 },
    },
    {
      env: 'MOTD',
      name: 'Message of the day',
      description: 'Shown to players when they join.',
      default: 'Welcome!',
      userEditable: true,
      rules: { required: false, type: 'string', max: 128 },
    },
  ],
  dataPath: '/home/container',
  install: { image: 'ghcr.io/parkervcp/installers:debian', entrypoint: 'bash', script: INSTALL_SCRIPT },
});
