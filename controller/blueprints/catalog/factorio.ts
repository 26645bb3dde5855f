import { defineBuiltin } from './define-builtin.ts';

/**
 * Factorio's headless server from the factoriotools image, which ships the game and an
 * entrypoint that prepares settings, creates the first save and drops to its own user. The
 * agent starts containers with the startup line instead of the image's entrypoint, so the
 * startup line calls it, passing the server's port the way the entrypoint expects it.
 */
export const factorio = defineBuiltin({
  id: 'factorio',
  name: 'Factorio',
  description: "Wube's Factorio headless server, from the factoriotools image. A new map is created on the first start; settings live in config/server-settings.json.",
  category: 'simulation',
  images: {
    Stable: 'factoriotools/factorio:stable',
    'Latest (experimental)': 'factoriotools/factorio:latest',
  },
  startup: 'export PORT={{SERVER_PORT}}; exec /docker-entrypoint.sh',
  stop: { type: 'command', value: '/quit' },
  done: ['Hosting game at IP ADDR', 'regex:changing state from\\(CreatingGame\\) to\\(InGame\\)'],
  startTimeoutSeconds: 600,
  stopGraceSeconds: 60,
  ports: [
    { name: 'Game', port: 34197, protocol: 'udp', description: 'Players connect here' },
    { name: 'RCON', port: 27015, protocol: 'tcp', description: 'Remote console (password in config/rconpw)' },
  ],
  defaults: { memory: 2048, cpu: 200, disk: 8192 },
  variables: [
    {
      env: 'RCON_PORT',
      name: 'RCON port',
      description: 'Must match the RCON port of the server.',
      default: '27015',
      userEditable: false,
      rules: { required: true, type: 'integer', min: 1024, max: 65535 },
    },
    {
      env: 'LOAD_LATEST_SAVE',
      name: 'Load the latest save',
      description: 'true loads the newest save; false loads the save named in SAVE_NAME.',
      default: 'true',
      userEditable: true,
      rules: { required: true, type: 'string', options: ['true', 'false'] },
    },
    {
      env: 'SAVE_NAME',
      name: 'Save name',
      description: 'The save to load when LOAD_LATEST_SAVE is false, without .zip.',
      default: '',
      userEditable: true,
      rules: { required: false, type: 'string', max: 64, pattern: '[A-Za-z0-9_. -]+' },
    },
  ],
  dataPath: '/factorio',
  install: null,
});
