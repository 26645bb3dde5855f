/**
 * Laravel's `regex:` rule holds a PHP (PCRE) pattern with delimiters and flags
 * (`/^[a-z]+$/i`) and *searches* the value; a blueprint's `pattern` has neither and must match
 * the whole value. These two functions translate between the two without changing what is
 * accepted, and so that a pattern exported and imported again comes back as it was.
 */

/** Delimiter pairs PCRE accepts besides a repeated punctuation character. */
const BRACKET_PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/** Flags that change nothing for our values (u: we always match in Unicode mode; D: `$` is already the very end). */
const HARMLESS_FLAGS = new Set(['u', 'D']);
const ANY = '[\\s\\S]*';

export interface TranslatedPattern {
  pattern: string;
  /** Flags that could not be carried over (each changes what matches). */
  droppedFlags: string[];
}

/** A PCRE `regex:` argument as a whole-value pattern, or null when it has no delimiters. */
export function patternFromPhpRegex(source: string): TranslatedPattern | null {
  const open = source[0];
  if (open === undefined || /[A-Za-z0-9\\\s]/.test(open)) return null;
  const close = BRACKET_PAIRS[open] ?? open;
  const end = source.lastIndexOf(close);
  if (end <= 0) return null;
  const flags = source.slice(end + 1);
  if (!/^[a-zA-Z]*$/.test(flags)) return null;
  let body = source.slice(1, end);
  // Inside the delimiters the delimiter itself is escaped; in our patterns it needs no escape.
  if (close === '/') body = body.replaceAll('\\/', '/');
  const droppedFlags = [...new Set(flags)].filter((flag) => !HARMLESS_FLAGS.has(flag));
  return { pattern: anchorWhole(body), droppedFlags };
}

/** A whole-value pattern as a PCRE `regex:` argument that accepts exactly the same values. */
export function phpRegexFromPattern(pattern: string): string {
  return `/^(?:${pattern.replaceAll('/', '\\/')})$/`;
}

/**
 * `preg_match` finds the pattern anywhere; ours must match the whole value. An egg pattern
 * anchored at both ends with no alternative at its top level already means "the whole value",
 * so the anchors go (and `^(?:X)$`, how we export, becomes X again). Anything else is wrapped
 * so that it may match anywhere: `^` and `$` inside keep meaning start and end of the value.
 */
function anchorWhole(body: string): string {
  if (body.startsWith('^') && endsWithAnchor(body) && !hasTopLevelAlternative(body)) {
    const inner = body.slice(1, -1);
    return isOneGroup(inner) && inner.startsWith('(?:') ? inner.slice(3, -1) : inner;
  }
  return `${ANY}(?:${body})${ANY}`;
}

function endsWithAnchor(body: string): boolean {
  if (!body.endsWith('$') || body.length < 2) return false;
  let backslashes = 0;
  for (let i = body.length - 2; i >= 0 && body[i] === '\\'; i -= 1) backslashes += 1;
  return backslashes % 2 === 0;
}

/** Walks the pattern's structure: depth of groups outside character classes, skipping escapes. */
function scan(body: string, visit: (ch: string, depth: number, index: number) => boolean | void): void {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i] as string;
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    if (visit(ch, depth, i) === true) return;
  }
}

function hasTopLevelAlternative(body: string): boolean {
  let found = false;
  scan(body, (ch, depth) => {
    if (ch === '|' && depth === 0) found = true;
    return found;
  });
  return found;
}

/** Whether `text` is one group: its first `(` closes at its last character. */
function isOneGroup(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let closesAt = -1;
  scan(text, (ch, depth, index) => {
    if (ch === ')' && depth === 0) {
      closesAt = index;
      return true;
    }
    return false;
  });
  return closesAt === text.length - 1;
}
