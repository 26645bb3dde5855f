import { defineBuiltin } from './define-builtin.ts';
import { steamcmdInstall } from './steamcmd-install.ts';

/**
 * Rust's dedicated server (Steam app 258550). RustDedicated reads no console input on Linux,
 * so the image ships a small Node wrapper that runs the server and bridges the console to its
 * WebRCON (RCON_PORT and RCON_PASS from the environment). The wrapper runs its argument
 * through a second shell, so the game's own command line refers to the variables as
 * environment variables instead of placeholders: their values never pass through a parser
 * twice. The wrapper's path differs between image builds.
 */
export const rust = defineBuiltin({
  id: 'rust',
  name: 'Rust',
  description: "Facepunch's Rust dedicated server, installed from Steam. The console works through WebRCON, so an RCON password is required.",
  category: 'survival',
  images: { Rust: 'ghcr.io/pterodactyl/games:rust' },
  startup: `export LD_LIBRARY_PATH="$PWD/RustDedicated_Data/Plugins/x86_64:$PWD"; wrapper=/wrapper/wrapper.js; [ -f "$wrapper" ] || wrapper=/wrapper.js; exec node "$wrapper" './RustDedicated -batchmode +server.port "$SERVER_PORT" +server.queryport "$QUERY_PORT" +server.identity rust +rcon.port "$RCON_PORT" +rcon.web true +rcon.password "$RCON_PASS" +app.port "$APP_PORT" +server.hostname "$SERVER_HOSTNAME" +server.description "$DESCRIPTION" +server.level "$LEVEL" +server.worldsize "$WORLD_SIZE" +server.seed "$WORLD_SEED" +server.maxplayers "$MAX_PLAYERS" +server.saveinterval "$SAVE_INTERVAL"'`,
  stop: { type: 'command', value: 'quit' },
  done: ['Server startup complete'],
  // A first start generates the procedural map, which can take ten minutes or more.
  startTimeoutSeconds: 1800,
  stopGraceSeconds: 120,
  ports: [
    { name: 'Game', port: 28015, protocol: 'udp', description: 'Players connect here' },
    { name: 'RCON', port: 28016, protocol: 'tcp', description: 'WebRCON (the console uses it too)' },
    { name: 'Query', port: 28017, protocol: 'udp', description: 'Steam server list queries' },
    { name: 'Rust+', port: 28082, protocol: 'tcp', description: 'Companion app' },
  ],
  defaults: { memory: 10240, cpu: 300, disk: 30720 },
  variables: [
    {
      env: 'SERVER_HOSTNAME',
      name: 'Server name',
      description: 'The name shown in the server list.',
      default: 'A StellarStack Rust server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 64 },
    },
    {
      env: 'DESCRIPTION',
      name: 'Description',
      description: 'Shown under the name in the server list; \\n starts a new line.',
      default: 'Hosted with StellarStack',
      userEditable: true,
      rules: { required: false, type: 'string', max: 512 },
    },
    {
      env: 'RCON_PASS',
      name: 'RCON password',
      description: 'Protects WebRCON, which the console also goes through.',
      default: '',
      userEditable: true,
      rules: { required: true, type: 'string', min: 8, max: 64, pattern: '[A-Za-z0-9_.-]+' },
    },
    {
      env: 'LEVEL',
      name: 'Map',
      description: 'The map type, such as Procedural Map, Barren or HapisIsland.',
      default: 'Procedural Map',
      userEditable: true,
      rules: { required: true, type: 'string', max: 64 },
    },
    {
      env: 'WORLD_SIZE',
      name: 'World size',
      description: 'Size of a procedural map, in metres per side.',
      default: '3000',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 1000, max: 6000 },
    },
    {
      env: 'WORLD_SEED',
      name: 'World seed',
      description: 'The seed of a procedural map.',
      default: '12345',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 0, max: 2147483647 },
    },
    {
      env: 'MAX_PLAYERS',
      name: 'Max players',
      description: 'How many players can be connected at once.',
      default: '50',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 1, max: 500 },
    },
    {
      env: 'SAVE_INTERVAL',
      name: 'Save interval',
      description: 'Seconds between automatic saves.',
      default: '300',
      userEditable: true,
      rules: { required: true, type: 'integer', min: 60, max: 3600 },
    },
    {
      env: 'QUERY_PORT',
      name: 'Query port',
      description: 'Must match the Query port of the server.',
      default: '28017',
      userEditable: false,
      rules: { required: true, type: 'integer', min: 1024, max: 65535 },
    },
    {
      env: 'RCON_PORT',
      name: 'RCON port',
      description: 'Must match the RCON port of the server.',
      default: '28016',
      userEditable: false,
      rules: { required: true, type: 'integer', min: 1024, max: 65535 },
    },
    {
      env: 'APP_PORT',
      name: 'Rust+ port',
      description: 'Must match the Rust+ port of the server.',
      default: '28082',
      userEditable: false,
      rules: { required: true, type: 'integer', min: 1024, max: 65535 },
    },
  ],
  dataPath: '/home/container',
  install: steamcmdInstall({ appId: 258550, expect: 'RustDedicated' }),
  query: { type: 'rust', port: 'Query' },
});
