import { z } from 'zod';
import { MiB } from './common.ts';

export const BlueprintIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like minecraft-java');

export const PortProtocolSchema = z.enum(['tcp', 'udp']);

export const BlueprintPortSchema = z.object({
  name: z.string().min(1).max(50),
  port: z.number().int().min(1).max(65535),
  protocol: PortProtocolSchema,
  description: z.string().max(500).default(''),
});

/**
 * Formats a string value may be required to have (Laravel's `alpha_num`, `alpha_dash`, `url`,
 * `ip` in PTDL eggs): `alpha_num` letters and digits, `alpha_dash` also `-` and `_`, `url` an
 * absolute http(s)/ftp URL, `ip` an IPv4 or IPv6 address.
 */
export const VariableFormatSchema = z.enum(['alpha', 'alpha_num', 'alpha_dash', 'url', 'ip']);
export type VariableFormat = z.infer<typeof VariableFormatSchema>;

/** Structured validation rules for a variable's value (instead of Laravel-style rule strings). */
export const VariableRulesSchema = z
  .object({
    required: z.boolean().default(false),
    type: z.enum(['string', 'integer', 'numeric', 'boolean']).default('string').describe('numeric also takes decimals'),
    min: z.number().optional().describe('minimum length for strings, minimum value for integers'),
    max: z.number().optional().describe('maximum length for strings, maximum value for integers'),
    size: z.number().optional().describe('exact length for strings, exact value for integers and numbers'),
    pattern: z.string().max(500).optional().describe('a regular expression the whole value must match'),
    options: z.array(z.string()).optional().describe('the only values allowed'),
    notIn: z.array(z.string()).optional().describe('values that are refused'),
    format: VariableFormatSchema.optional().describe('a shape the value must have'),
  })
  .strict();
export type VariableRules = z.infer<typeof VariableRulesSchema>;

export const BlueprintVariableSchema = z.object({
  env: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an UPPER_SNAKE environment variable name'),
  name: z.string().min(1).max(100),
  description: z.string().max(1000).default(''),
  default: z.string().max(4096).default(''),
  userEditable: z.boolean().default(true),
  userViewable: z.boolean().default(true).describe("false: meant for admins only (eggs' user_viewable); kept, shown to the server's users all the same for now"),
  rules: VariableRulesSchema.default({ required: false, type: 'string' }),
});
export type BlueprintVariable = z.infer<typeof BlueprintVariableSchema>;

export const StopActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), value: z.string().min(1).max(200) }),
  z.object({ type: z.literal('signal'), value: z.enum(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGKILL', 'SIGUSR1', 'SIGUSR2']) }),
]);
export type StopAction = z.infer<typeof StopActionSchema>;

export const InstallScriptSchema = z.object({
  image: z.string().min(1).max(300),
  entrypoint: z.string().min(1).max(100).default('sh'),
  script: z.string().min(1).max(65536),
  timeoutSeconds: z.number().int().min(30).max(86400).default(900).describe('an install still running after this long is stopped and reported as failed'),
});

/**
 * How the agent asks a running game for its players: a GameDig game id (minecraft, mbe,
 * valheim, counterstrike2, rust, openttd, …) and which of the blueprint's ports (by name) the
 * query goes to. GameDig applies the game's own query-port offset (Valheim's is +1).
 */
export const BlueprintQuerySchema = z
  .object({
    type: z.string().min(1).max(50).regex(/^[a-z0-9]+$/, 'must be a GameDig game id such as minecraft or valheim'),
    port: z.string().min(1).max(50).describe("the name of one of the blueprint's ports"),
  })
  .strict();
export type BlueprintQuery = z.infer<typeof BlueprintQuerySchema>;

/**
 * A licence the server's owner must accept before the game may start (Minecraft's EULA): a
 * start is refused with EULA_NOT_ACCEPTED until `variable` is `true`.
 */
export const BlueprintEulaSchema = z
  .object({
    variable: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
    url: z.string().url().max(500),
  })
  .strict();
export type BlueprintEula = z.infer<typeof BlueprintEulaSchema>;

/**
 * How the startup line reaches the container: `shell` runs it with `/bin/sh -c` in place of the
 * image's entrypoint; `entrypoint` keeps the image's own entrypoint and hands the line over in
 * `STARTUP` (the convention of the game-image ecosystem, for images built to read it).
 */
export const StartupModeSchema = z.enum(['shell', 'entrypoint']);
export type StartupMode = z.infer<typeof StartupModeSchema>;

/** The parsers a configuration file can be patched with, as in PTDL eggs' `config.files`. */
export const ConfigFileParserSchema = z.enum(['file', 'properties', 'ini', 'json', 'yaml', 'xml']);
export type ConfigFileParser = z.infer<typeof ConfigFileParserSchema>;

export const ConfigReplacementSchema = z
  .object({
    match: z.string().max(500).describe('`file`: a line prefix ("" = the whole file); otherwise a key, dotted for nesting, `*` for any key or item'),
    value: z.string().max(65536).describe('the new value; may use {{server.build.default.port}}, {{server.build.memory}}, {{env.VAR}} and similar'),
    ifValue: z.string().max(4096).optional().describe('replace only where the current value is exactly this'),
  })
  .strict();
export type ConfigReplacement = z.infer<typeof ConfigReplacementSchema>;

export const ConfigFileSchema = z
  .object({
    path: z.string().min(1).max(500).describe("relative to the server's files; may not leave them"),
    parser: ConfigFileParserSchema,
    replace: z.array(ConfigReplacementSchema).max(200),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export const EggFormatSchema = z.enum(['PTDL_v1', 'PTDL_v2', 'PLCN_v1', 'PLCN_v2', 'PLCN_v3']);
export type EggFormat = z.infer<typeof EggFormatSchema>;

export const BlueprintSourceSchema = z
  .object({
    format: EggFormatSchema.describe('the egg format it was imported from'),
    uuid: z.string().max(100).nullable().describe("the egg's uuid: importing the same egg again can replace this blueprint"),
    author: z.string().max(200).default(''),
  })
  .strict();
export type BlueprintSource = z.infer<typeof BlueprintSourceSchema>;

export const BlueprintLogsSchema = z
  .object({ custom: z.boolean().default(false), location: z.string().max(500).default('') })
  .strict();

const ImageRefSchema = z.string().min(1).max(300).regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, 'must be a container image reference');

/** Everything needed to turn a server record into a container; fields as in PTDL eggs, structured. */
export const BlueprintBodySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).default(''),
    category: z.string().trim().min(1).max(50),
    images: z.record(z.string().min(1).max(50), ImageRefSchema).refine((m) => Object.keys(m).length > 0, 'needs at least one image'),
    startup: z.string().min(1).max(4096).describe('command line with {{VARIABLE}} placeholders'),
    startupMode: StartupModeSchema.default('shell'),
    stop: StopActionSchema,
    done: z.array(z.string().min(1).max(500)).default([]).describe('output that means "running"; a "regex:" prefix makes it a regular expression'),
    startTimeoutSeconds: z.number().int().min(1).max(3600).default(300),
    stopGraceSeconds: z.number().int().min(1).max(3600).default(30),
    ports: z.array(BlueprintPortSchema).max(32).default([]),
    defaults: z.object({ memory: MiB.min(16), cpu: z.number().int().min(1), disk: MiB.min(1) }),
    variables: z.array(BlueprintVariableSchema).max(100).default([]),
    dataPath: z.string().regex(/^\/[A-Za-z0-9._\-/]*$/, 'must be an absolute path').default('/home/container'),
    install: InstallScriptSchema.nullable().default(null),
    configFiles: z.array(ConfigFileSchema).max(50).default([]).describe('files patched before every start'),
    features: z.array(z.string().min(1).max(100)).max(50).default([]).describe("panel features an egg asks for (eula, java_version, pid_limit…); kept, not acted on"),
    fileDenylist: z.array(z.string().min(1).max(500)).max(200).default([]).describe('files users may not edit; kept, not enforced yet'),
    logs: BlueprintLogsSchema.nullable().default(null).describe("where the game writes its log; kept, not read yet"),
    source: BlueprintSourceSchema.nullable().default(null).describe('the egg this blueprint was imported from'),
    query: BlueprintQuerySchema.nullable().default(null).describe('players-online query; null when the game has none'),
    eula: BlueprintEulaSchema.nullable().default(null),
  })
  .strict();
export type BlueprintBody = z.infer<typeof BlueprintBodySchema>;

export const BlueprintSchema = BlueprintBodySchema.extend({
  id: BlueprintIdSchema,
  builtin: z.boolean(),
});
export type Blueprint = z.infer<typeof BlueprintSchema>;

export const CreateBlueprintBody = BlueprintBodySchema.extend({ id: BlueprintIdSchema }).strict();
export type CreateBlueprintBody = z.infer<typeof CreateBlueprintBody>;
