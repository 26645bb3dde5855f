import { ConfigFileParserSchema, type ConfigFile, type ConfigReplacement } from '../../../contracts/index.ts';
import { unknownConfigPlaceholders } from '../render-config-files.ts';
import type { ImportWarnings } from './import-warnings.ts';

/**
 * An egg's `config.files` — `{ "<path>": { "parser": "properties", "find": { "<key>": "<value>" } } }`
 * — to and from a blueprint's configFiles. A `find` value may itself be an object
 * `{ "<current value>": "<new value>" }`: replace only where the value is that one.
 */

const PATH_LIMIT = 500;

export function configFilesFromEgg(files: unknown, warnings: ImportWarnings): ConfigFile[] {
  if (files === null || files === undefined) return [];
  if (typeof files !== 'object' || Array.isArray(files)) {
    warnings.add('config.files', 'is not an object of files; left out');
    return [];
  }
  const out: ConfigFile[] = [];
  for (const [path, entry] of Object.entries(files as Record<string, unknown>)) {
    const field = `config.files.${path}`;
    if (path.trim() === '' || path.length > PATH_LIMIT) {
      warnings.add(field, 'has no usable path; left out');
      continue;
    }
    if (entry === null || typeof entry !== 'object') {
      warnings.add(field, 'is not an object with a parser and a find list; left out');
      continue;
    }
    const { parser, find } = entry as { parser?: unknown; find?: unknown };
    const parsed = ConfigFileParserSchema.safeParse(parser);
    if (!parsed.success) {
      warnings.add(field, `parser "${String(parser)}" is not supported (file, properties, ini, json, yaml, xml); left out`);
      continue;
    }
    const replace = replacementsOf(find, field, warnings);
    for (const replacement of replace) {
      const unknown = unknownConfigPlaceholders(replacement.value);
      if (unknown.length > 0) warnings.add(field, `the value of "${replacement.match}" uses ${unknown.join(', ')}, which StellarStack does not fill in; it is written as is`);
    }
    out.push({ path, parser: parsed.data, replace });
  }
  if (out.length > 50) {
    warnings.add('config.files', `has ${out.length} files; only the first 50 are kept`);
    return out.slice(0, 50);
  }
  return out;
}

function replacementsOf(find: unknown, field: string, warnings: ImportWarnings): ConfigReplacement[] {
  if (find === null || typeof find !== 'object' || Array.isArray(find)) {
    warnings.add(field, 'has no find object; nothing to replace');
    return [];
  }
  const out: ConfigReplacement[] = [];
  for (const [match, value] of Object.entries(find as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [ifValue, replacement] of Object.entries(value as Record<string, unknown>)) {
        out.push({ match, value: textOf(replacement), ifValue });
      }
    } else if (Array.isArray(value)) {
      warnings.add(`${field}.find.${match}`, 'a list as the new value is not supported; left out');
    } else {
      out.push({ match, value: textOf(value) });
    }
  }
  return out.slice(0, 200);
}

function textOf(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** The egg form of `files`; replacements of one key with conditions become one object. */
export function configFilesToEgg(files: readonly ConfigFile[]): Record<string, { parser: string; find: Record<string, unknown> }> {
  const out: Record<string, { parser: string; find: Record<string, unknown> }> = {};
  for (const file of files) {
    const find: Record<string, unknown> = {};
    for (const { match, value, ifValue } of file.replace) {
      if (ifValue === undefined) {
        find[match] = value;
      } else {
        const conditional = (find[match] ??= {}) as Record<string, string>;
        conditional[ifValue] = value;
      }
    }
    out[file.path] = { parser: file.parser, find };
  }
  return out;
}
