import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { NODE_TOKEN_PREFIX } from '../contracts/index.ts';

export const AgentConfigSchema = z.object({
  controller: z.url({ protocol: /^https?$/, error: 'must be the controller URL, like http://192.0.2.10:8420' }),
  token: z.string().startsWith(NODE_TOKEN_PREFIX, `must be a node token (${NODE_TOKEN_PREFIX}…)`),
  consolePort: z.coerce.number().int().min(0).max(65535).default(5000),
  consoleHost: z.string().min(1).default('0.0.0.0'),
  data: z.string().min(1).default('/var/lib/stellarstack-agent'),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

export const AGENT_HELP = `Usage: npm run agent -- --controller <url> --token <strk_node_…> [options]

Runs the StellarStack agent on a game node: it dials the controller, drives Docker, and serves
the console WebSocket.

Options (each also an environment variable, or a key in the --config JSON file):
  --controller <url>     STELLAR_CONTROLLER_URL   controller URL, e.g. http://192.0.2.10:8420      (controller)
  --token <token>        STELLAR_NODE_TOKEN       node token from POST /admin/nodes/:id/token      (token)
  --console-port <n>     STELLAR_CONSOLE_PORT     console WebSocket port (default 5000)          (consolePort)
  --console-host <addr>  STELLAR_CONSOLE_HOST     console bind address (default 0.0.0.0)        (consoleHost)
  --data <dir>           STELLAR_AGENT_DATA_DIR   server files and state (default /var/lib/stellarstack-agent) (data)
  --config <file>        STELLAR_AGENT_CONFIG     JSON file with any of the keys above
  -h, --help
Flags win over environment variables, which win over the config file.
`;

const ENV: Record<keyof AgentConfig, string> = {
  controller: 'STELLAR_CONTROLLER_URL',
  token: 'STELLAR_NODE_TOKEN',
  consolePort: 'STELLAR_CONSOLE_PORT',
  consoleHost: 'STELLAR_CONSOLE_HOST',
  data: 'STELLAR_AGENT_DATA_DIR',
};

const FLAGS: Record<keyof AgentConfig, string> = {
  controller: '--controller',
  token: '--token',
  consolePort: '--console-port',
  consoleHost: '--console-host',
  data: '--data',
};

export class AgentConfigError extends Error {}

export function parseAgentConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        controller: { type: 'string' },
        token: { type: 'string' },
        'console-port': { type: 'string' },
        'console-host': { type: 'string' },
        data: { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new AgentConfigError((error as Error).message);
  }
  if (values.help) return 'help';
  const fromFile = readConfigFile(values.config ?? env.STELLAR_AGENT_CONFIG);
  const fromFlags: Partial<Record<keyof AgentConfig, string>> = {
    controller: values.controller,
    token: values.token,
    consolePort: values['console-port'],
    consoleHost: values['console-host'],
    data: values.data,
  };
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(ENV) as (keyof AgentConfig)[]) {
    const value = fromFlags[key] ?? (env[ENV[key]] || undefined);
    if (value !== undefined) merged[key] = value;
  }
  const parsed = AgentConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = i.path[0] as keyof AgentConfig | undefined;
      // zod would say "expected string, received undefined"; say where the value can come from.
      if (key !== undefined && key in ENV && merged[key] === undefined) return `${key}: missing: pass ${FLAGS[key]}, set ${ENV[key]} or put "${key}" in the --config file`;
      return `${i.path.join('.') || 'config'}: ${i.message}`;
    }).join('; ');
    throw new AgentConfigError(problems);
  }
  return parsed.data;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AgentConfigError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new AgentConfigError(`the config file ${path} is not a JSON object: ${(error as Error).message}`);
  }
}
