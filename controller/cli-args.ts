import { parseArgs } from 'node:util';
import { defaultConfig, type ControllerConfig } from './config.ts';

export const CONTROLLER_HELP = `Usage: npm run serve -- [options]

Starts the StellarStack controller without a window (the same controller the desktop app embeds).

Options (each also an environment variable):
  --host <addr>              STELLAR_HOST              address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the LAN)
  --port <n>                 STELLAR_PORT              port (default 8420; 0 picks a free one)
  --data <dir>               STELLAR_DATA_DIR          data directory (default $XDG_DATA_HOME/stellarstack or ~/.local/share/stellarstack)
  --no-local-agent           STELLAR_LOCAL_AGENT=0     do not run the embedded agent for this machine
  --console-port <n>         STELLAR_CONSOLE_PORT      console port of the embedded agent (default 5000)
  --heartbeat-interval <s>   STELLAR_HEARTBEAT_INTERVAL seconds between agent heartbeats (default 30)
  --rate-limit-general <n>   STELLAR_RATE_LIMIT_GENERAL requests per minute per client (default 60)
  --rate-limit-auth <n>      STELLAR_RATE_LIMIT_AUTH    sign-in/sign-up attempts per minute per address (default 10)
  --rate-limit-admin <n>     STELLAR_RATE_LIMIT_ADMIN   admin requests per minute per admin (default 30)
  --allowed-origin <url>     STELLAR_ALLOWED_ORIGINS    extra browser origins allowed to use cookie sessions (comma-separated in the variable)
  --allowed-host <name>      STELLAR_ALLOWED_HOSTS      another host name or address browsers reach this controller by (repeatable; comma-separated in the variable)
  --trust-proxy              STELLAR_TRUST_PROXY=1      trust X-Forwarded-* from a reverse proxy
  --log-level <level>        STELLAR_LOG_LEVEL          fatal|error|warn|info|debug|silent (default warn)
  -h, --help                 show this help
`;

export class UsageError extends Error {}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function flagOrEnv(flag: string | undefined, env: string): string | undefined {
  return flag ?? (process.env[env] === '' ? undefined : process.env[env]);
}

export function parseControllerArgs(argv: string[]): ControllerConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'no-local-agent': { type: 'boolean' },
      'console-port': { type: 'string' },
      'heartbeat-interval': { type: 'string' },
      'rate-limit-general': { type: 'string' },
      'rate-limit-auth': { type: 'string' },
      'rate-limit-admin': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'trust-proxy': { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const config = defaultConfig();
  config.host = flagOrEnv(values.host, 'STELLAR_HOST') ?? config.host;
  const port = flagOrEnv(values.port, 'STELLAR_PORT');
  if (port !== undefined) config.port = integer('--port', port, 0, 65535);
  config.dataDir = flagOrEnv(values.data, 'STELLAR_DATA_DIR') ?? config.dataDir;
  if (values['no-local-agent'] || process.env.STELLAR_LOCAL_AGENT === '0') config.localAgent = false;
  const consolePort = flagOrEnv(values['console-port'], 'STELLAR_CONSOLE_PORT');
  if (consolePort !== undefined) config.localConsolePort = integer('--console-port', consolePort, 0, 65535);
  const heartbeat = flagOrEnv(values['heartbeat-interval'], 'STELLAR_HEARTBEAT_INTERVAL');
  if (heartbeat !== undefined) config.heartbeatIntervalSeconds = integer('--heartbeat-interval', heartbeat, 1, 3600);
  for (const bucket of ['general', 'auth', 'admin'] as const) {
    const raw = flagOrEnv(values[`rate-limit-${bucket}`], `STELLAR_RATE_LIMIT_${bucket.toUpperCase()}`);
    if (raw !== undefined) config.rateLimits[bucket] = integer(`--rate-limit-${bucket}`, raw, 1, 1_000_000);
  }
  config.allowedOrigins = values['allowed-origin'] ?? (process.env.STELLAR_ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? []);
  config.allowedHosts = values['allowed-host'] ?? (process.env.STELLAR_ALLOWED_HOSTS?.split(',').map((h) => h.trim()).filter(Boolean) ?? []);
  config.trustProxy = values['trust-proxy'] ?? process.env.STELLAR_TRUST_PROXY === '1';
  const level = flagOrEnv(values['log-level'], 'STELLAR_LOG_LEVEL') ?? 'warn';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'silent'].includes(level)) throw new UsageError(`--log-level must be one of fatal, error, warn, info, debug, silent`);
  config.logLevel = level as ControllerConfig['logLevel'];
  return config;
}

