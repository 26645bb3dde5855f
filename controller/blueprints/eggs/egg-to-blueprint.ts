import { z } from 'zod';
import {
  AppError,
  BlueprintBodySchema,
  BlueprintIdSchema,
  BlueprintLogsSchema,
  type BlueprintBody,
  type BlueprintVariable,
  type Egg,
  type ImportWarning,
} from '../../../contracts/index.ts';
import { RESERVED_VARIABLES, blueprintProblems } from '../blueprint-checks.ts';
import { STANDARD_STARTUP_VARIABLES } from '../render-startup.ts';
import { configFilesFromEgg } from './egg-config-files.ts';
import { jsonTextOrObject } from './egg-json-text.ts';
import { ImportWarnings } from './import-warnings.ts';
import { rulesFromLaravel, splitRuleString } from './laravel-rules.ts';
import { stopFromEgg } from './stop-action.ts';

/** What an egg becomes: the blueprint, the id it asks for (or one made from its name) and the warnings. */
export interface MappedEgg {
  id: string;
  body: BlueprintBody;
  warnings: ImportWarning[];
}

/** Eggs say nothing about resources or ports: a modest server, changed per server at creation. */
export const IMPORTED_DEFAULTS = { memory: 1024, cpu: 100, disk: 10240 };
const IMPORTED_PORTS = [
  { name: 'game', port: 27015, protocol: 'tcp' as const, description: '' },
  { name: 'game-udp', port: 27015, protocol: 'udp' as const, description: '' },
];

/** StellarStack's own fields in an egg it exported, so a blueprint comes back as it left. */
const ExtensionSchema = BlueprintBodySchema.pick({
  category: true,
  defaults: true,
  ports: true,
  startupMode: true,
  query: true,
  eula: true,
  startTimeoutSeconds: true,
  stopGraceSeconds: true,
  dataPath: true,
})
  .partial()
  .extend({ id: BlueprintIdSchema.optional(), installTimeoutSeconds: z.number().int().min(30).max(86400).optional() });

/** Built-ins eggs sometimes write as dotted panel references in the startup line. */
const DOTTED_STARTUP: Record<string, string> = {
  'server.build.default.port': 'SERVER_PORT',
  'server.allocations.default.port': 'SERVER_PORT',
  'server.build.default.ip': 'SERVER_IP',
  'server.allocations.default.ip': 'SERVER_IP',
  'server.build.memory': 'SERVER_MEMORY',
};

/**
 * Maps an egg (already checked against EggSchema) onto a blueprint. Anything the product does
 * not do, or that had to change to fit, is a warning; only an egg no blueprint can come from
 * (no image, JSON text that does not parse) is refused, with a 422 naming the field.
 */
export function eggToBlueprint(egg: Egg): MappedEgg {
  const warnings = new ImportWarnings();
  const extension = readExtension(egg, warnings);
  const config = egg.config ?? {};
  const startupConfig = jsonTextOrObject(config.startup, 'config.startup') as { done?: unknown } | null;
  const files = jsonTextOrObject(config.files, 'config.files');
  const logs = jsonTextOrObject(config.logs, 'config.logs');
  const variables = variablesFromEgg(egg, warnings);
  const declared = new Set(variables.map((v) => v.env));

  const candidate = {
    name: clip(egg.name.trim(), 100, 'name', warnings),
    description: clip((egg.description ?? '').trim(), 2000, 'description', warnings),
    category: extension.category ?? categoryOf(egg),
    images: imagesFromEgg(egg, warnings),
    startup: startupFromEgg(egg, declared, warnings),
    startupMode: extension.startupMode ?? 'entrypoint',
    stop: stopFromEgg(config.stop, warnings),
    done: doneFromEgg(startupConfig?.done, warnings),
    ...(extension.startTimeoutSeconds === undefined ? {} : { startTimeoutSeconds: extension.startTimeoutSeconds }),
    ...(extension.stopGraceSeconds === undefined ? {} : { stopGraceSeconds: extension.stopGraceSeconds }),
    ports: extension.ports ?? IMPORTED_PORTS,
    defaults: extension.defaults ?? IMPORTED_DEFAULTS,
    variables,
    ...(extension.dataPath === undefined ? {} : { dataPath: extension.dataPath }),
    ...(extension.query === undefined ? {} : { query: extension.query }),
    ...(extension.eula === undefined ? {} : { eula: extension.eula }),
    install: installFromEgg(egg, extension.installTimeoutSeconds, warnings),
    configFiles: configFilesFromEgg(files, warnings),
    features: listOf(egg.features, 'features', 100, warnings),
    fileDenylist: listOf(egg.file_denylist, 'file_denylist', 500, warnings),
    logs: logsFromEgg(logs, warnings),
    source: { format: egg.meta.version, uuid: egg.uuid ?? null, author: (egg.author ?? '').slice(0, 200) },
  };
  if (extension.ports === undefined) {
    warnings.add('ports', "eggs do not say which ports a game uses: the blueprint offers 27015 (tcp and udp); choose each server's ports when creating it");
  }
  if (config.extends !== undefined && config.extends !== null) {
    warnings.add('config.extends', "configuration inherited from another egg is not imported; only this egg's own config is used");
  }
  warnUnused(candidate, warnings);

  const parsed = BlueprintBodySchema.safeParse(candidate);
  if (!parsed.success) {
    const details = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || 'egg', issue.message]));
    throw new AppError('VALIDATION_ERROR', 'The egg cannot become a blueprint', details);
  }
  const body = settleProblems(parsed.data, warnings);
  return { id: extension.id ?? slugOf(egg.name), body, warnings: warnings.list };
}

function readExtension(egg: Egg, warnings: ImportWarnings): z.infer<typeof ExtensionSchema> {
  if (egg.stellarstack === undefined) return {};
  const parsed = ExtensionSchema.safeParse(egg.stellarstack);
  if (parsed.success) return parsed.data;
  warnings.add('stellarstack', `is not readable (${parsed.error.issues[0]?.message ?? 'invalid'}); ignored`);
  return {};
}

function categoryOf(egg: Egg): string {
  const tag = egg.tags?.find((t) => t.trim() !== '');
  return tag ? tag.trim().slice(0, 50) : 'imported';
}

function imagesFromEgg(egg: Egg, warnings: ImportWarnings): Record<string, string> {
  const listed: [string, string][] = egg.docker_images
    ? Object.entries(egg.docker_images)
    : [...(egg.images ?? []), ...(egg.image ? [egg.image] : [])].map((image) => [image, image]);
  const images: Record<string, string> = {};
  for (const [label, image] of listed) {
    const ref = image.trim();
    if (!/^[a-z0-9][a-z0-9._\-/:@]*$/i.test(ref) || ref.length > 300) {
      warnings.add('docker_images', `"${image}" is not a container image reference; left out`);
      continue;
    }
    const name = label.trim().slice(0, 50) || ref.slice(0, 50);
    images[Object.hasOwn(images, name) ? ref.slice(-50) : name] = ref;
  }
  if (Object.keys(images).length === 0) {
    throw new AppError('VALIDATION_ERROR', 'The egg names no usable image', { docker_images: 'needs at least one container image' });
  }
  return images;
}

/**
 * The startup line. PLCN_v3 eggs may offer several (`startup_commands`): the first is used.
 * Dotted panel references become our built-ins; a `{{NAME}}` nothing declares becomes `${NAME}`,
 * which the shell fills from the environment as the ecosystem's images do.
 */
function startupFromEgg(egg: Egg, declared: ReadonlySet<string>, warnings: ImportWarnings): string {
  const commands = Object.entries(egg.startup_commands ?? {});
  let startup = egg.startup ?? commands[0]?.[1] ?? '';
  if (egg.startup == null && commands.length > 1) {
    warnings.add('startup_commands', `offers ${commands.length} startup commands; "${commands[0]?.[0] ?? ''}" is used`);
  }
  startup = startup.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g, (whole, name: string) => {
    const builtin = DOTTED_STARTUP[name] ?? (name.startsWith('server.build.env.') ? name.slice('server.build.env.'.length) : name);
    if ((STANDARD_STARTUP_VARIABLES as readonly string[]).includes(builtin) || declared.has(builtin)) return `{{${builtin}}}`;
    warnings.add('startup', `${whole} is not a variable of this egg; it is read from the environment as \${${builtin}}`);
    return `\${${builtin}}`;
  });
  if (startup.trim() === '') {
    throw new AppError('VALIDATION_ERROR', 'The egg has no startup command', { startup: 'is required' });
  }
  return startup;
}

function doneFromEgg(done: unknown, warnings: ImportWarnings): string[] {
  const list = Array.isArray(done) ? done : done === undefined || done === null || done === '' ? [] : [done];
  const out: string[] = [];
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item === '' || item.length > 500) {
      warnings.add(`config.startup.done.${i}`, 'is not a usable done pattern; left out');
      return;
    }
    out.push(item);
  });
  if (out.length === 0) warnings.add('config.startup.done', 'is empty: the server counts as running as soon as it starts');
  return out;
}

function variablesFromEgg(egg: Egg, warnings: ImportWarnings): BlueprintVariable[] {
  const out: BlueprintVariable[] = [];
  const seen = new Set<string>();
  (egg.variables ?? []).forEach((variable, i) => {
    const field = `variables.${i}`;
    const env = variable.env_variable.trim();
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(env)) {
      warnings.add(`${field}.env_variable`, `"${env}" is not an UPPER_SNAKE environment variable name; the variable is left out`);
      return;
    }
    if (RESERVED_VARIABLES.has(env)) {
      warnings.add(`${field}.env_variable`, `${env} is set by StellarStack itself; the variable is left out`);
      return;
    }
    if (seen.has(env)) {
      warnings.add(`${field}.env_variable`, `${env} is declared twice; the second is left out`);
      return;
    }
    seen.add(env);
    const named = `variables.${env}`;
    const rules = typeof variable.rules === 'string' ? splitRuleString(variable.rules) : (variable.rules ?? []);
    const viewable = variable.user_viewable === undefined || variable.user_viewable === null ? true : Boolean(variable.user_viewable);
    const editable = Boolean(variable.user_editable ?? false) && viewable;
    if (!viewable) warnings.add(`${named}.user_viewable`, `${env} is meant for admins only: users cannot change it, but they can see it`);
    out.push({
      env,
      name: clip(variable.name, 100, `${named}.name`, warnings),
      description: clip(variable.description ?? '', 1000, `${named}.description`, warnings),
      default: clip(variable.default_value === null || variable.default_value === undefined ? '' : String(variable.default_value), 4096, `${named}.default_value`, warnings),
      userEditable: editable,
      userViewable: viewable,
      rules: rulesFromLaravel(rules, `${named}.rules`, warnings),
    });
  });
  if (out.length > 100) {
    warnings.add('variables', `has ${out.length} variables; only the first 100 are kept`);
    return out.slice(0, 100);
  }
  return out;
}

function installFromEgg(egg: Egg, timeoutSeconds: number | undefined, warnings: ImportWarnings): BlueprintBody['install'] {
  const installation = egg.scripts?.installation;
  // Panels save scripts written on Windows with CRLF; a shell would read "\r" as part of each word.
  const script = (installation?.script ?? '').replace(/\r\n?/g, '\n');
  if (script.trim() === '') return null;
  if (script.length > 65536) {
    throw new AppError('VALIDATION_ERROR', 'The egg is malformed', { 'scripts.installation.script': 'is longer than 65536 characters' });
  }
  let image = (installation?.container ?? '').trim();
  if (image === '') {
    image = Object.values(imagesFromEgg(egg, new ImportWarnings()))[0] as string;
    warnings.add('scripts.installation.container', `is empty; the install runs in the game image ${image}`);
  }
  const entrypoint = (installation?.entrypoint ?? '').trim() || 'bash';
  const extra = installation as Record<string, unknown> | null | undefined;
  if (extra?.privileged === true || extra?.is_privileged === true) {
    warnings.add('scripts.installation', 'asks for a privileged container; StellarStack runs installs unprivileged and hardened');
  }
  return { image, entrypoint, script, timeoutSeconds: timeoutSeconds ?? 900 };
}

function logsFromEgg(logs: unknown, warnings: ImportWarnings): BlueprintBody['logs'] {
  if (logs === null || typeof logs !== 'object' || Object.keys(logs).length === 0) return null;
  const parsed = BlueprintLogsSchema.safeParse(logs);
  if (!parsed.success) {
    warnings.add('config.logs', 'is not {custom, location}; left out');
    return null;
  }
  return parsed.data;
}

function listOf(list: string[] | null | undefined, field: string, max: number, warnings: ImportWarnings): string[] {
  const items = (list ?? []).map((item) => item.trim()).filter((item) => item !== '');
  const usable = items.filter((item) => item.length <= max);
  if (usable.length < items.length) warnings.add(field, `entries longer than ${max} characters are left out`);
  return usable.slice(0, field === 'features' ? 50 : 200);
}

/** The things eggs carry that nothing here acts on yet: kept on the blueprint, said once each. */
function warnUnused(candidate: Pick<BlueprintBody, 'features' | 'fileDenylist' | 'logs'>, warnings: ImportWarnings): void {
  if (candidate.features.length > 0) {
    warnings.add('features', `${candidate.features.join(', ')}: kept on the blueprint; StellarStack does not act on panel features yet`);
  }
  if (candidate.fileDenylist.length > 0) {
    warnings.add('file_denylist', 'kept on the blueprint; StellarStack has no file manager yet, so nothing enforces it');
  }
  if (candidate.logs !== null) warnings.add('config.logs', 'kept on the blueprint; StellarStack reads the console, not log files');
}

/**
 * The checks a saved blueprint must pass, settled the forgiving way an import should: a
 * default that breaks its own rules is dropped, a rule that cannot work is left out, a done
 * pattern that is not a valid regular expression is left out. Each is a warning.
 */
function settleProblems(body: BlueprintBody, warnings: ImportWarnings): BlueprintBody {
  const settled = structuredClone(body);
  for (const [field, problem] of Object.entries(blueprintProblems(settled))) {
    const variable = /^variables\.(\d+)\.(rules|default)$/.exec(field);
    const done = /^done\.(\d+)$/.exec(field);
    if (variable) {
      const target = settled.variables[Number(variable[1])] as BlueprintVariable;
      if (variable[2] === 'rules') {
        warnings.add(`variables.${target.env}.rules`, `${problem}; only required and the type are kept`);
        target.rules = { required: target.rules.required, type: target.rules.type };
      } else {
        warnings.add(`variables.${target.env}.default_value`, `${problem}; the default is left empty`);
        target.default = '';
      }
    } else if (done) {
      warnings.add(`config.startup.done.${done[1]}`, `${problem}; left out`);
      settled.done[Number(done[1])] = '';
    }
  }
  settled.done = settled.done.filter((pattern) => pattern !== '');
  // A rule dropped above may have made a default acceptable, or a default may still break the
  // type the rules kept: one more pass, for defaults only.
  for (const [field, problem] of Object.entries(blueprintProblems(settled))) {
    const variable = /^variables\.(\d+)\.default$/.exec(field);
    if (!variable) continue;
    const target = settled.variables[Number(variable[1])] as BlueprintVariable;
    warnings.add(`variables.${target.env}.default_value`, `${problem}; the default is left empty`);
    target.default = '';
  }
  return settled;
}

/** A blueprint id from an egg's name: "Paper (1.20+)" → "paper-1-20". */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `egg-${slug || 'imported'}`;
}

function clip(text: string, max: number, field: string, warnings: ImportWarnings): string {
  if ([...text].length <= max) return text;
  warnings.add(field, `is longer than ${max} characters; shortened`);
  return [...text].slice(0, max).join('');
}
