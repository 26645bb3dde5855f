import { defineBuiltin } from './define-builtin.ts';
import { steamcmdInstall } from './steamcmd-install.ts';

/**
 * Counter-Strike 2's dedicated server (Steam app 730). It needs the Steam Runtime "sniper"
 * environment, which the image provides.
 */
export const counterStrike2 = defineBuiltin({
  id: 'counter-strike-2',
  name: 'Counter-Strike 2',
  description: "Valve's Counter-Strike 2 dedicated server, installed from Steam (about 35 GB). Without a Game Server Login Token it can only be joined by address and is not listed publicly.",
  category: 'shooter',
  images: { 'SteamCMD (Steam Runtime sniper)': 'ghcr.io/parkervcp/steamcmd:sniper' },
  startup: 'export LD_LIBRARY_PATH="$PWD/game/bin/linuxsteamrt64:${LD_LIBRARY_PATH:-}"; exec ./game/bin/linuxsteamrt64/cs2 -dedicated -ip {{SERVER_IP}} -port {{SERVER_PORT}} -maxplayers {{MAX_PLAYERS}} -usercon +game_type {{GAME_TYPE}} +game_mode {{GAME_MODE}} +map {{MAP}} +hostname "{{SERVER_NAME}}" +sv_password "{{SERVER_PASSWORD}}" +rcon_password "{{RCON_PASSWORD}}" +sv_setsteamaccount "{{STEAM_GSLT}}"',
  stop: { type: 'command', value: 'quit' },
  done: ['Connection to Steam servers successful'],
  startTimeoutSeconds: 600,
  stopGraceSeconds: 30,
  ports: [
    { name: 'Game', port: 27015, protocol: 'udp', description: 'Players connect here' },
    { name: 'RCON', port: 27015, protocol: 'tcp', description: 'Remote console, when an RCON password is set' },
  ],
  defaults: { memory: 4096, cpu: 200, disk: 61440 },
  variables: [
    {
      env: 'SERVER_NAME',
      name: 'Server name',
      description: 'The name shown in the server browser.',
      default: 'A StellarStack CS2 server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 64 },
    },
    {
      env: 'SERVER_PASSWORD',
      name: 'Server password',
      description: 'Players need it to join; leave empty for an open server.',
      default: '',
      userEditable: true,
      rules: { required: false, type: 'string', max: 64 },
    },
    {
      env: 'RCON_PASSWORD',
      name: 'RCON password',
      description: 'Enables the remote console on the TCP port; leave empty to keep it off.',
      default: '',
      userEditable: true,
      rules: { required: false, type: 'string', min: 8, max: 64, pattern: '[A-Za-z0-9_.-]+' },
    },
    {
      env: 'MAX_PLAYERS',
      name: 'Max players',
      description: 'How many players can be connected at once.',
      default: '12',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 1, max: 64 },
    },
    {
      env: 'MAP',
      name: 'Start map',
      description: 'The map loaded at start, such as de_dust2, de_mirage or cs_office.',
      default: 'de_dust2',
      userEditable: true,
      rules: { required: true, type: 'string', max: 64, pattern: '[A-Za-z0-9_]+' },
    },
    {
      env: 'GAME_TYPE',
      name: 'Game type',
      description: 'With game mode, picks what is played: type 0 with mode 0 is casual, mode 1 competitive, mode 2 wingman; type 1 with mode 0 is arms race, mode 2 deathmatch.',
      default: '0',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 0, max: 3 },
    },
    {
      env: 'GAME_MODE',
      name: 'Game mode',
      description: 'See game type.',
      default: '1',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 0, max: 2 },
    },
    {
      env: 'STEAM_GSLT',
      name: 'Game Server Login Token',
      description: 'From https://steamcommunity.com/dev/managegameservers (app 730); needed to be listed publicly.',
      default: '',
      userEditable: true,
      rules: { required: false, type: 'string', pattern: '[A-Fa-f0-9]{32}' },
    },
  ],
  dataPath: '/home/container',
  install: steamcmdInstall({ appId: 730, expect: 'game/bin/linuxsteamrt64/cs2' }),
  query: { type: 'counterstrike2', port: 'Game' },
});
