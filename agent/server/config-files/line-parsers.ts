import type { ConfigReplacement } from '../../../contracts/index.ts';

/**
 * The parsers for line-based files: `file` (find a line by its start, replace the line),
 * `properties` (key=value) and `ini` (key=value in [sections]). Lines nobody asked about are
 * written back exactly as they were, comments included.
 */

function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return { lines, eol };
}

function joinLines(lines: string[], eol: string): string {
  return lines.length === 0 ? '' : `${lines.join(eol)}${eol}`;
}

/** `*` in a key matches any run of characters; everything else literally. */
function keyMatcher(key: string): (candidate: string) => boolean {
  if (!key.includes('*')) return (candidate) => candidate === key;
  const pattern = new RegExp(`^${key.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (candidate) => pattern.test(candidate);
}

/**
 * `file`: every line that starts with `match` becomes `value` (the whole line); the empty
 * match replaces the whole file. With `ifValue`, only lines whose rest after the match is it.
 */
export function patchPlainFile(text: string, replacements: readonly ConfigReplacement[]): string {
  let current = text;
  for (const { match, value, ifValue } of replacements) {
    if (match === '') {
      current = value.endsWith('\n') ? value : `${value}\n`;
      continue;
    }
    const { lines, eol } = splitLines(current);
    current = joinLines(
      lines.map((line) => (line.startsWith(match) && (ifValue === undefined || line.slice(match.length).trim() === ifValue) ? value : line)),
      eol,
    );
  }
  return current;
}

const PROPERTY = /^(\s*)([^=:\s#!][^=:]*?)(\s*[=:]\s*)(.*)$/;

/** `properties`: `key=value` lines; a key not in the file is added at its end. */
export function patchProperties(text: string, replacements: readonly ConfigReplacement[]): string {
  const { lines, eol } = splitLines(text);
  for (const { match, value, ifValue } of replacements) {
    const matches = keyMatcher(match);
    let found = false;
    lines.forEach((line, i) => {
      const parsed = PROPERTY.exec(line);
      if (!parsed || !matches(parsed[2] as string)) return;
      found = true;
      if (ifValue !== undefined && (parsed[4] as string).trim() !== ifValue) return;
      lines[i] = `${parsed[1] as string}${parsed[2] as string}${parsed[3] as string}${value}`;
    });
    if (!found && ifValue === undefined && !match.includes('*')) lines.push(`${match}=${value}`);
  }
  return joinLines(lines, eol);
}

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const INI_ENTRY = /^(\s*)([^=;#\s][^=]*?)(\s*=\s*)(.*)$/;

/**
 * `ini`: `section.key` (split at the first dot) or a bare `key` before any section. A key not
 * in the file is added to its section, and a section not in the file at the end.
 */
export function patchIni(text: string, replacements: readonly ConfigReplacement[]): string {
  const { lines, eol } = splitLines(text);
  for (const { match, value, ifValue } of replacements) {
    const dot = match.indexOf('.');
    const section = dot === -1 ? '' : match.slice(0, dot);
    const matches = keyMatcher(dot === -1 ? match : match.slice(dot + 1));
    let current = '';
    let found = false;
    let sectionEnd = section === '' ? firstSectionLine(lines) : -1;
    lines.forEach((line, i) => {
      const header = SECTION.exec(line);
      if (header) {
        current = (header[1] as string).trim();
        if (current === section) sectionEnd = i + 1;
        return;
      }
      if (current !== section) return;
      if (line.trim() !== '') sectionEnd = i + 1;
      const entry = INI_ENTRY.exec(line);
      if (!entry || !matches((entry[2] as string).trim())) return;
      found = true;
      if (ifValue !== undefined && (entry[4] as string).trim() !== ifValue) return;
      lines[i] = `${entry[1] as string}${entry[2] as string}${entry[3] as string}${value}`;
    });
    if (found || ifValue !== undefined || match.includes('*')) continue;
    const key = dot === -1 ? match : match.slice(dot + 1);
    if (sectionEnd === -1) {
      if (lines.length > 0 && lines.at(-1)?.trim() !== '') lines.push('');
      lines.push(`[${section}]`, `${key}=${value}`);
    } else {
      lines.splice(sectionEnd, 0, `${key}=${value}`);
    }
  }
  return joinLines(lines, eol);
}

/** Where keys outside any section end: before the first section header. */
function firstSectionLine(lines: readonly string[]): number {
  const index = lines.findIndex((line) => SECTION.test(line));
  return index === -1 ? lines.length : index;
}
