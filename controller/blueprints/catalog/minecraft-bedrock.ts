import { defineBuiltin } from './define-builtin.ts';

const INSTALL_SCRIPT = `#!/bin/bash
# Downloads Mojang's Bedrock Dedicated Server for Linux, keeping the settings of an earlier install.
set -euo pipefail
cd /mnt/server
# Mojang's download service turns away clients that do not look like a browser.
browser='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36'
if [ "$BEDROCK_VERSION" = latest ]; then
  url=$(curl -fsSL -A "$browser" https://net-secondary.web.minecraft-services.net/api/v1.0/download/links \\
    | python3 -c 'import json, sys; print(next(l["downloadUrl"] for l in json.load(sys.stdin)["result"]["links"] if l["downloadType"] == "serverBedrockLinux"))')
else
  url="https://www.minecraft.net/bedrockdedicatedserver/bin-linux/bedrock-server-$BEDROCK_VERSION.zip"
fi
echo "Downloading $url"
curl -fsSL -A "$browser" -o bedrock-server.zip "$url"
kept='server.properties permissions.json allowlist.json'
for file in $kept; do
  if [ -f "$file" ]; then cp "$file" "$file.keep"; fi
done
python3 -m zipfile -e bedrock-server.zip .
rm bedrock-server.zip
for file in $kept; do
  if [ -f "$file.keep" ]; then mv "$file.keep" "$file"; fi
done
chmod +x bedrock_server
echo "Install complete"
`;

/** A value that is safe inside a sed replacement: no delimiter, no back-reference, one line. */
const SED_SAFE_TEXT = '[^/\\\\&\\r\\n]+';

/**
 * Mojang's Bedrock Dedicated Server. It reads its settings only from server.properties, so
 * the startup line writes the variables into that file before starting (the ecosystem's
 * panels do the same with their config-file parsers).
 */
export const minecraftBedrock = defineBuiltin({
  id: 'minecraft-bedrock',
  name: 'Minecraft: Bedrock Edition',
  description: "Mojang's official Bedrock Dedicated Server, for players on consoles, phones and Windows. The install downloads the chosen version from Mojang; using it means accepting the Minecraft EULA and Privacy Policy.",
  category: 'minecraft',
  images: { Debian: 'ghcr.io/parkervcp/yolks:debian' },
  startup: "if [ -f server.properties ]; then sed -i -e 's/^server-port=.*/server-port={{SERVER_PORT}}/' -e 's/^server-name=.*/server-name={{SERVER_NAME}}/' -e 's/^level-name=.*/level-name={{LEVEL_NAME}}/' -e 's/^gamemode=.*/gamemode={{GAMEMODE}}/' -e 's/^difficulty=.*/difficulty={{DIFFICULTY}}/' server.properties; fi; LD_LIBRARY_PATH=. exec ./bedrock_server",
  stop: { type: 'command', value: 'stop' },
  done: ['Server started.'],
  startTimeoutSeconds: 300,
  stopGraceSeconds: 60,
  ports: [{ name: 'Game', port: 19132, protocol: 'udp', description: 'Bedrock clients connect here (IPv4)' }],
  defaults: { memory: 1024, cpu: 100, disk: 4096 },
  variables: [
    {
      env: 'BEDROCK_VERSION',
      name: 'Bedrock version',
      description: 'latest, or a version such as 1.21.50.07. Takes effect when the server is reinstalled.',
      default: 'latest',
      userEditable: true,
      rules: { required: true, type: 'string', max: 32, pattern: 'latest|[0-9]+(?:\\.[0-9]+){1,3}' },
    },
    {
      env: 'SERVER_NAME',
      name: 'Server name',
      description: 'The name players see in their server list.',
      default: 'Bedrock Dedicated Server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 50, pattern: SED_SAFE_TEXT },
    },
    {
      env: 'LEVEL_NAME',
      name: 'World name',
      description: 'The world folder to load (created if missing).',
      default: 'Bedrock level',
      userEditable: true,
      rules: { required: true, type: 'string', max: 50, pattern: SED_SAFE_TEXT },
    },
    {
      env: 'GAMEMODE',
      name: 'Game mode',
      description: 'The mode new players start in.',
      default: 'survival',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['survival', 'creative', 'adventure'] },
    },
    {
      env: 'DIFFICULTY',
      name: 'Difficulty',
      description: 'The world difficulty.',
      default: 'easy',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['peaceful', 'easy', 'normal', 'hard'] },
    },
  ],
  dataPath: '/home/container',
  install: { image: 'ghcr.io/parkervcp/installers:debian', entrypoint: 'bash', script: INSTALL_SCRIPT },
  query: { type: 'mbe', port: 'Game' },
});
