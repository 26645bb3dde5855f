import type { ConfigFile } from '../../contracts/index.ts';

/**
 * The values a blueprint's configFiles may refer to, named as eggs name them
 * (`{{server.build.default.port}}`, `{{server.build.memory}}`, `{{env.VAR}}`…). The controller
 * fills them in, because it knows the server record; the agent only writes the results.
 */
export interface ConfigValues {
  serverId: string;
  port: string;
  ip: string;
  memory: string;
  swap: string;
  disk: string;
  cpu: string;
  /** The address game servers reach the host at (`config.docker.interface` in Wings' terms). */
  hostInterface: string;
  /** The server's environment: its variables and the standard ones. */
  environment: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;
const ENV_PREFIXES = ['server.build.env.', 'server.environment.', 'env.'];

type Lookup = (values: ConfigValues) => string;

const FIXED: Record<string, Lookup> = {
  'server.uuid': (v) => v.serverId,
  'server.allocations.default.port': (v) => v.port,
  'server.build.default.port': (v) => v.port,
  'server.allocations.default.ip': (v) => v.ip,
  'server.build.default.ip': (v) => v.ip,
  'server.build.memory': (v) => v.memory,
  'server.build.swap': (v) => v.swap,
  'server.build.disk': (v) => v.disk,
  'server.build.cpu_limit': (v) => v.cpu,
  'config.docker.interface': (v) => v.hostInterface,
};

function lookup(name: string): Lookup | null {
  const fixed = FIXED[name];
  if (fixed) return fixed;
  const prefix = ENV_PREFIXES.find((p) => name.startsWith(p));
  const env = prefix ? name.slice(prefix.length) : /^[A-Z][A-Z0-9_]*$/.test(name) ? name : null;
  // An environment name the server does not have reads as empty, as it does under Wings.
  return env === null ? null : (v) => v.environment[env] ?? '';
}

/** Placeholders in `text` that nothing fills in (they stay as written). */
export function unknownConfigPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].filter((m) => lookup(m[1] as string) === null).map((m) => m[0]))];
}

/** `text` with every known placeholder filled in; unknown ones are left as written. */
export function renderConfigValue(text: string, values: ConfigValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => lookup(name)?.(values) ?? whole);
}

/** The blueprint's files with their values filled in, as the agent receives them. */
export function renderConfigFiles(files: readonly ConfigFile[], values: ConfigValues): ConfigFile[] {
  return files.map((file) => ({
    ...file,
    replace: file.replace.map((r) => ({ ...r, value: renderConfigValue(r.value, values) })),
  }));
}
