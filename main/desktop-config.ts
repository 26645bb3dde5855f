import { parseControllerArgs, type ControllerConfig } from '../controller/index.ts';
import type { DesktopSettings, SettingOverride } from '../contracts/index.ts';

/** The controller's flags (see controller/cli-args.ts) that take a value, and those that do not. */
const VALUE_FLAGS = new Set(['--host', '--port', '--data', '--console-port', '--heartbeat-interval', '--rate-limit-general', '--rate-limit-auth', '--rate-limit-admin', '--allowed-origin', '--allowed-host', '--log-level']);
const SWITCHES = new Set(['--no-local-agent', '--trust-proxy', '--help', '-h']);

/**
 * The controller's flags out of Electron's argv. Electron puts its own there: the executable,
 * the app path when run unpackaged, Chromium switches (`--no-sandbox`, `--remote-debugging-port=0`,
 * `--inspect=0` from a test driver). Anything that is not one of our flags is left to Electron.
 */
export function controllerArgs(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (SWITCHES.has(arg)) kept.push(arg);
    else if (VALUE_FLAGS.has(name)) {
      if (arg.includes('=')) kept.push(arg);
      else if (i + 1 < argv.length) kept.push(arg, argv[++i]!);
      else kept.push(arg);
    }
  }
  return kept;
}

export interface DesktopLaunch {
  config: ControllerConfig;
  /** Saved settings this run does not follow, because a flag or variable said otherwise. */
  overrides: SettingOverride[];
  /** The controller's data is in the app's userData folder unless --data or STELLAR_DATA_DIR moved it. */
  dataDirOverridden: boolean;
}

function given(args: readonly string[], flag: string): boolean {
  return args.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
}

function fromEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  return env[name] !== undefined && env[name] !== '';
}

/**
 * The desktop's controller configuration: the same flags and variables as `npm run serve`
 * (which win, for this run), then the saved desktop settings, with the data in userData.
 */
export function desktopLaunch(args: readonly string[], settings: DesktopSettings, userData: string, env: NodeJS.ProcessEnv = process.env): DesktopLaunch | 'help' {
  const parsed = parseControllerArgs([...args]);
  if (parsed === 'help') return 'help';
  const overrides: SettingOverride[] = [];
  const by = (flag: string, variable: string) => (given(args, flag) ? flag : fromEnv(env, variable) ? variable : null);

  const port = by('--port', 'STELLAR_PORT');
  if (port) overrides.push({ setting: 'port', by: port });
  else parsed.port = settings.port;

  const host = by('--host', 'STELLAR_HOST');
  if (host) overrides.push({ setting: 'exposeToLan', by: host });
  else parsed.host = settings.exposeToLan ? '0.0.0.0' : '127.0.0.1';

  if (!parsed.localAgent) overrides.push({ setting: 'localAgent', by: given(args, '--no-local-agent') ? '--no-local-agent' : 'STELLAR_LOCAL_AGENT=0' });
  else parsed.localAgent = settings.localAgent;

  const dataDirOverridden = given(args, '--data') || fromEnv(env, 'STELLAR_DATA_DIR');
  if (!dataDirOverridden) parsed.dataDir = userData;
  return { config: parsed, overrides, dataDirOverridden };
}
