import { defineBuiltin } from './define-builtin.ts';
import { steamcmdInstall } from './steamcmd-install.ts';

/**
 * Valheim's dedicated server (Steam app 896660). It saves the world when interrupted, which
 * is why it stops with SIGINT rather than a console command: it reads no console input.
 */
export const valheim = defineBuiltin({
  id: 'valheim',
  name: 'Valheim',
  description: 'The Valheim dedicated server, installed from Steam. Players join by the server list, the join code (with crossplay) or the address; a password of at least 5 characters is required.',
  category: 'survival',
  images: { 'Valheim (SteamCMD Debian)': 'ghcr.io/parkervcp/games:valheim' },
  // SteamAppId is the game's client app id; the server needs it to talk to Steam.
  startup: 'export LD_LIBRARY_PATH="$PWD/linux64:${LD_LIBRARY_PATH:-}" SteamAppId=892970; exec ./valheim_server.x86_64 -nographics -batchmode -name "{{SERVER_NAME}}" -port {{SERVER_PORT}} -world "{{WORLD}}" -password "{{PASSWORD}}" -public {{PUBLIC}} $([ {{CROSSPLAY}} = true ] && echo -crossplay)',
  stop: { type: 'signal', value: 'SIGINT' },
  done: ['Game server connected', 'DungeonDB Start'],
  startTimeoutSeconds: 600,
  stopGraceSeconds: 90,
  ports: [
    { name: 'Game', port: 2456, protocol: 'udp', description: 'Players connect here' },
    { name: 'Query', port: 2457, protocol: 'udp', description: 'Steam server list queries (game port + 1)' },
  ],
  defaults: { memory: 4096, cpu: 200, disk: 10240 },
  variables: [
    {
      env: 'SERVER_NAME',
      name: 'Server name',
      description: 'The name shown in the server list.',
      default: 'A StellarStack Valheim server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 60 },
    },
    {
      env: 'WORLD',
      name: 'World name',
      description: 'The world to load, created if it does not exist.',
      default: 'Dedicated',
      userEditable: true,
      rules: { required: true, type: 'string', max: 32, pattern: '[A-Za-z0-9_-]+' },
    },
    {
      env: 'PASSWORD',
      name: 'Server password',
      description: 'Players need it to join. At least 5 characters, and it must not contain the server name.',
      default: '',
      userEditable: true,
      rules: { required: true, type: 'string', min: 5, max: 64 },
    },
    {
      env: 'PUBLIC',
      name: 'List publicly',
      description: '1 lists the server in the community server list; 0 keeps it joinable by address only.',
      default: '1',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['1', '0'] },
    },
    {
      env: 'CROSSPLAY',
      name: 'Crossplay',
      description: 'true lets Xbox and Microsoft Store players join (through a join code).',
      default: 'false',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['true', 'false'] },
    },
  ],
  dataPath: '/home/container',
  install: steamcmdInstall({ appId: 896660, expect: 'valheim_server.x86_64' }),
  // GameDig adds Valheim's query offset (+1) to the game port itself.
  query: { type: 'valheim', port: 'Game' },
});
