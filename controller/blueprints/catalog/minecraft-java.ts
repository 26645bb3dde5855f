import { defineBuiltin } from './define-builtin.ts';

const INSTALL_SCRIPT = `#!/bin/sh
# Downloads the vanilla server jar for MINECRAFT_VERSION from Mojang's version manifest.
set -eu
cd /mnt/server
manifest=$(curl -fsSL https://piston-meta.mojang.com/mc/game/version_manifest_v2.json)
version=$MINECRAFT_VERSION
if [ "$version" = latest ]; then
  version=$(printf '%s' "$manifest" | jq -r '.latest.release')
fi
version_url=$(printf '%s' "$manifest" | jq -r --arg v "$version" '.versions[] | select(.id == $v) | .url')
if [ -z "$version_url" ]; then
  echo "Mojang lists no Minecraft version called $version"
  exit 1
fi
jar_url=$(curl -fsSL "$version_url" | jq -r '.downloads.server.url // empty')
if [ -z "$jar_url" ]; then
  echo "Minecraft $version has no dedicated server download"
  exit 1
fi
echo "Downloading the Minecraft $version server to $SERVER_JARFILE"
curl -fsSL -o "$SERVER_JARFILE" "$jar_url"
echo "Install complete"
`;

/**
 * Mojang's vanilla server on Pterodactyl's Java images. Each Minecraft generation needs its
 * own Java, so the image list maps versions to runtimes; the newest comes first (default).
 */
export const minecraftJava = defineBuiltin({
  id: 'minecraft-java',
  name: 'Minecraft: Java Edition',
  description: "Mojang's official vanilla server for Java Edition. The install downloads the server jar for the chosen version from Mojang; set EULA to true to accept Mojang's EULA before the first start.",
  category: 'minecraft',
  images: {
    'Java 25 (Minecraft 26.1 and newer)': 'ghcr.io/pterodactyl/yolks:java_25',
    'Java 21 (Minecraft 1.20.5 to 1.21.x)': 'ghcr.io/pterodactyl/yolks:java_21',
    'Java 17 (Minecraft 1.18 to 1.20.4)': 'ghcr.io/pterodactyl/yolks:java_17',
    'Java 8 (Minecraft 1.16.5 and older)': 'ghcr.io/pterodactyl/yolks:java_8',
  },
  // The heap is a share of the container's memory limit, leaving room for the JVM's own use.
  startup: 'if [ {{EULA}} = true ]; then echo eula=true > eula.txt; fi; exec java -Xms128M -XX:MaxRAMPercentage=85.0 -Dterminal.jline=false -Dterminal.ansi=true -jar {{SERVER_JARFILE}} --port {{SERVER_PORT}} nogui',
  stop: { type: 'command', value: 'stop' },
  done: [')! For help, type '],
  // A first start generates the world, which takes minutes on a small share of a CPU.
  startTimeoutSeconds: 600,
  stopGraceSeconds: 60,
  ports: [{ name: 'Game', port: 25565, protocol: 'tcp', description: 'Java Edition clients connect here' }],
  defaults: { memory: 2048, cpu: 100, disk: 10240 },
  variables: [
    {
      env: 'EULA',
      name: "Accept Mojang's EULA",
      description: "Set to true to accept the Minecraft EULA (https://aka.ms/MinecraftEULA). Until it is accepted the server is not started.",
      default: 'false',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['true', 'false'] },
    },
    {
      env: 'MINECRAFT_VERSION',
      name: 'Minecraft version',
      description: 'latest for the newest release, or a version such as 1.21.4. Takes effect when the server is reinstalled.',
      default: 'latest',
      userEditable: true,
      rules: { required: true, type: 'string', max: 32, pattern: '[0-9A-Za-z][0-9A-Za-z._-]*' },
    },
    {
      env: 'SERVER_JARFILE',
      name: 'Server jar',
      description: 'The jar file the server runs, in the server folder.',
      default: 'server.jar',
      userEditable: false,
      rules: { required: true, type: 'string', max: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._-]*\\.jar' },
    },
  ],
  dataPath: '/home/container',
  install: { image: 'ghcr.io/pterodactyl/installers:alpine', entrypoint: 'sh', script: INSTALL_SCRIPT, timeoutSeconds: 900 },
  query: { type: 'minecraft', port: 'Game' },
  // A server without eula=true stops right after starting: refuse the start instead, and say why.
  eula: { variable: 'EULA', url: 'https://aka.ms/MinecraftEULA' },
});
