/**
 * Eggs written for the tests, in the shapes the panels export (none copied from anywhere):
 * one per format version, between them every parser, rule and placeholder the import maps.
 * `structuredClone` them before changing anything.
 */

/** PTDL_v2, a Minecraft-Paper-like Java server: JSON text in config.*, rules as `|` strings, CRLF in the script. */
export const PAPER_LIKE_PTDL_V2 = {
  _comment: 'Written for the StellarStack tests',
  meta: { version: 'PTDL_v2', update_url: null },
  exported_at: '2026-01-10T12:00:00+00:00',
  name: 'Paperlike (Java)',
  author: 'tests@stellarstack.invalid',
  description: 'A high-performance Java game server, as a test egg.',
  features: ['eula', 'java_version', 'pid_limit'],
  docker_images: {
    'Java 21': 'ghcr.io/example/yolks:java_21',
    'Java 17': 'ghcr.io/example/yolks:java_17',
  },
  file_denylist: ['server.jar'],
  startup: 'java -Xms128M -Xmx{{SERVER_MEMORY}}M -Dterminal.jline=false -jar {{SERVER_JARFILE}} --port {{server.build.default.port}}',
  config: {
    files: JSON.stringify({
      'server.properties': {
        parser: 'properties',
        find: { 'server-ip': '0.0.0.0', 'server-port': '{{server.build.default.port}}', 'query.port': '{{server.allocations.default.port}}' },
      },
    }),
    startup: JSON.stringify({ done: ')! For help, type ' }),
    logs: '{}',
    stop: 'stop',
  },
  scripts: {
    installation: {
      script: '#!/bin/ash\r\ncd /mnt/server\r\necho "fetching build ${MINECRAFT_VERSION}"\r\n',
      container: 'ghcr.io/example/installers:alpine',
      entrypoint: 'ash',
    },
  },
  variables: [
    {
      name: 'Game version',
      description: 'The version to install, or latest.',
      env_variable: 'MINECRAFT_VERSION',
      default_value: 'latest',
      user_viewable: true,
      user_editable: true,
      rules: 'nullable|string|max:20',
      field_type: 'text',
    },
    {
      name: 'Server jar file',
      description: 'The jar to run.',
      env_variable: 'SERVER_JARFILE',
      default_value: 'server.jar',
      user_viewable: true,
      user_editable: true,
      rules: 'required|regex:/^([\\w\\d._-]+)(\\.jar)$/',
      field_type: 'text',
    },
    {
      name: 'Build number',
      description: '',
      env_variable: 'BUILD_NUMBER',
      default_value: 'latest',
      user_viewable: true,
      user_editable: false,
      rules: 'required|string|max:20',
      field_type: 'text',
    },
    {
      name: 'View distance',
      description: 'Chunks around each player.',
      env_variable: 'VIEW_DISTANCE',
      default_value: '10',
      user_viewable: true,
      user_editable: true,
      rules: 'required|integer|between:3,32',
      field_type: 'text',
    },
  ],
};

/** PTDL_v1, a SteamCMD-like game: a list of images, ^C to stop, regex done patterns, ini config, numeric/in/not_in/size/ip rules. */
export const STEAMCMD_LIKE_PTDL_V1 = {
  meta: { version: 'PTDL_v1' },
  exported_at: '2021-03-01T09:00:00+00:00',
  name: 'Steamlike Dedicated Server',
  author: 'tests@stellarstack.invalid',
  description: 'A Source-engine-like dedicated server installed with SteamCMD.',
  images: ['ghcr.io/example/games:source'],
  startup: './srcds_run -game {{GAME}} -console -port {{SERVER_PORT}} +ip 0.0.0.0 +map {{SRCDS_MAP}} -tickrate {{TICKRATE}} +maxplayers {{MAX_PLAYERS}} {{EXTRA_FLAGS}}',
  config: {
    files: JSON.stringify({
      'game/cfg/server.ini': {
        parser: 'ini',
        find: { 'Network.Port': '{{server.build.default.port}}', 'Network.Bind': '{{server.build.default.ip}}', 'General.Hostname': '{{server.build.env.HOSTNAME}}' },
      },
    }),
    startup: JSON.stringify({ done: ['regex:^Connection to Steam servers (successful|established)', 'VAC secure mode is activated.'], userInteraction: [] }),
    logs: JSON.stringify({ custom: true, location: 'logs/latest.log' }),
    stop: '^C',
  },
  scripts: {
    installation: {
      script: '#!/bin/bash\nmkdir -p /mnt/server/steamcmd\n./steamcmd.sh +force_install_dir /mnt/server +login anonymous +app_update ${SRCDS_APPID} +quit\n',
      container: 'ghcr.io/example/installers:debian',
      entrypoint: 'bash',
    },
  },
  variables: [
    { name: 'Game', description: 'Game folder', env_variable: 'GAME', default_value: 'garrysmod', user_viewable: 1, user_editable: 0, rules: 'required|alpha_dash|max:30' },
    { name: 'Map', description: 'First map', env_variable: 'SRCDS_MAP', default_value: 'gm_flatgrass', user_viewable: 1, user_editable: 1, rules: 'required|string|not_in:gm_banned,gm_broken|max:64' },
    { name: 'App ID', description: '', env_variable: 'SRCDS_APPID', default_value: 4020, user_viewable: 0, user_editable: 0, rules: 'required|numeric|in:4020,232250' },
    { name: 'Tick rate', description: '', env_variable: 'TICKRATE', default_value: '66', user_viewable: 1, user_editable: 1, rules: 'required|integer|in:33,66,100' },
    { name: 'Max players', description: '', env_variable: 'MAX_PLAYERS', default_value: '32', user_viewable: 1, user_editable: 1, rules: 'required|integer|min:1|max:128' },
    { name: 'Region code', description: 'Two letters', env_variable: 'REGION', default_value: 'eu', user_viewable: 1, user_editable: 1, rules: 'required|string|size:2' },
    { name: 'Public IP', description: '', env_variable: 'PUBLIC_IP', default_value: '', user_viewable: 1, user_editable: 1, rules: 'nullable|ip' },
    { name: 'Host name', description: '', env_variable: 'HOSTNAME', default_value: 'A test server', user_viewable: 1, user_editable: 1, rules: 'required|string|max:60' },
    { name: 'Extra flags', description: '', env_variable: 'EXTRA_FLAGS', default_value: '', user_viewable: 1, user_editable: 1, rules: 'nullable|string|digits_between:1,3' },
  ],
};

/** PLCN_v1, a Node.js chat bot: config.* inline objects, rules as lists, json parser, url and alpha_num rules. */
export const NODE_BOT_PLCN_V1 = {
  _comment: 'Written for the StellarStack tests',
  meta: { version: 'PLCN_v1', update_url: null },
  exported_at: '2024-06-01T00:00:00+00:00',
  name: 'Node.js chat bot',
  author: 'tests@stellarstack.invalid',
  uuid: '7d1c3a56-0c41-4b8c-9d6e-1a2b3c4d5e6f',
  description: 'Runs a Node.js bot from a git repository.',
  tags: ['bots', 'nodejs'],
  features: [],
  docker_images: { 'Node 22': 'ghcr.io/example/yolks:nodejs_22', 'Node 20': 'ghcr.io/example/yolks:nodejs_20' },
  file_denylist: [],
  startup: 'if [[ -n "{{GIT_ADDRESS}}" ]]; then git pull; fi; /usr/local/bin/node /home/container/{{BOT_JS_FILE}}',
  config: {
    files: { 'config/settings.json': { parser: 'json', find: { 'http.port': '{{server.build.default.port}}', 'http.host': '0.0.0.0', 'bot.name': '{{env.BOT_NAME}}', 'debug': 'false', 'owners.*.notify': 'true' } } },
    startup: { done: ['Bot is online'] },
    logs: {},
    stop: '^^C',
  },
  scripts: { installation: { script: 'apt update\ngit clone ${GIT_ADDRESS} /mnt/server || true\n', container: 'ghcr.io/example/installers:nodejs', entrypoint: 'bash' } },
  variables: [
    { name: 'Git repository', description: '', env_variable: 'GIT_ADDRESS', default_value: '', user_viewable: true, user_editable: true, rules: ['nullable', 'string', 'url'], sort: 1 },
    { name: 'Bot file', description: '', env_variable: 'BOT_JS_FILE', default_value: 'index.js', user_viewable: true, user_editable: true, rules: ['required', 'string'], sort: 2 },
    { name: 'Bot name', description: '', env_variable: 'BOT_NAME', default_value: 'helper01', user_viewable: true, user_editable: true, rules: ['required', 'alpha_num', 'min:3', 'max:16'], sort: 3 },
  ],
};

/** PLCN_v2, a Python bot: yaml with dotted paths and wildcards, the `file` parser (a line and the whole file), boolean rules. */
export const PYTHON_BOT_PLCN_V2 = {
  meta: { version: 'PLCN_v2', update_url: null },
  name: 'Python bot',
  author: 'tests@stellarstack.invalid',
  uuid: '0f9e8d7c-6b5a-4c3d-8e2f-112233445566',
  description: 'Runs a Python bot.',
  tags: ['bots'],
  features: ['python_version'],
  docker_images: { 'Python 3.12': 'ghcr.io/example/yolks:python_3.12' },
  file_denylist: ['.env'],
  startup: 'python3 /home/container/{{PY_FILE}}',
  config: {
    files: {
      'bot.yml': { parser: 'yaml', find: { 'server.port': '{{server.build.default.port}}', 'server.memory': '{{server.build.memory}}', 'plugins.*.enabled': 'true', 'listeners[0].host': '0.0.0.0:{{server.build.default.port}}' } },
      'motd.txt': { parser: 'file', find: { '': 'Welcome to {{env.BOT_NAME}}' } },
      'run.conf': { parser: 'file', find: { 'PORT=': 'PORT={{server.build.default.port}}', 'MODE=': { debug: 'MODE=release' } } },
    },
    startup: { done: 'Logged in as' },
    logs: { custom: false, location: 'logs/bot.log' },
    stop: '^C',
  },
  scripts: { installation: { script: '', container: 'ghcr.io/example/installers:python', entrypoint: 'bash' } },
  variables: [
    { name: 'Entry file', description: '', env_variable: 'PY_FILE', default_value: 'bot.py', user_viewable: true, user_editable: true, rules: ['required', 'string', 'regex:/^[\\w.-]+\\.py$/'] },
    { name: 'Bot name', description: '', env_variable: 'BOT_NAME', default_value: 'Pybot', user_viewable: true, user_editable: true, rules: ['required', 'string', 'max:32'] },
    { name: 'Auto update', description: '', env_variable: 'AUTO_UPDATE', default_value: '0', user_viewable: true, user_editable: true, rules: ['required', 'boolean'] },
  ],
};

/** PLCN_v3, a voice server: several startup commands, xml with an attribute, {{config.docker.interface}}, a case-insensitive regex. */
export const VOICE_PLCN_V3 = {
  meta: { version: 'PLCN_v3', update_url: null },
  exported_at: '2025-05-05T05:05:05+00:00',
  name: 'Voicelike Server',
  author: 'tests@stellarstack.invalid',
  uuid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  description: 'A voice chat server, as a test egg.',
  tags: ['voice'],
  features: [],
  docker_images: { Debian: 'ghcr.io/example/yolks:debian' },
  file_denylist: [],
  startup_commands: { Default: './voiced --port={{SERVER_PORT}} --name={{SERVER_NAME}}', Debug: './voiced --debug --port={{SERVER_PORT}}' },
  config: {
    files: { 'voiced.xml': { parser: 'xml', find: { 'voiced.network.port': '{{server.build.default.port}}', 'voiced.network.@bind': '{{config.docker.interface}}', 'voiced.name': '{{server.environment.SERVER_NAME}}', 'voiced.token': '{{server.secret.token}}' } } },
    startup: { done: ['regex:listening on port \\d+'] },
    logs: {},
    stop: 'quit',
  },
  scripts: { installation: { script: 'echo install\n', container: 'ghcr.io/example/installers:debian', entrypoint: 'bash' } },
  variables: [
    { name: 'Server name', description: '', env_variable: 'SERVER_NAME', default_value: 'Voice', user_viewable: true, user_editable: true, rules: ['required', 'string', 'regex:/^[a-z ]+$/i', 'max:40'] },
  ],
};

/** One egg per format version, for tests that go over all of them. */
export const EGGS_BY_VERSION = {
  PTDL_v1: STEAMCMD_LIKE_PTDL_V1,
  PTDL_v2: PAPER_LIKE_PTDL_V2,
  PLCN_v1: NODE_BOT_PLCN_V1,
  PLCN_v2: PYTHON_BOT_PLCN_V2,
  PLCN_v3: VOICE_PLCN_V3,
} as const;
