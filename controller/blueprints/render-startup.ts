import { AppError } from '../../contracts/index.ts';

/**
 * Placeholders every startup line may use besides the blueprint's own variables, as in the
 * PTDL ecosystem. The controller fills them from the server record (memory, first port, bind
 * address), so a blueprint may not declare variables with these names.
 */
export const STANDARD_STARTUP_VARIABLES = ['SERVER_MEMORY', 'SERVER_PORT', 'SERVER_IP'] as const;
export type StandardStartupVariable = (typeof STANDARD_STARTUP_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/y;
const PLACEHOLDER_GLOBAL = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Characters that mean nothing to a POSIX shell, so a word made only of them needs no quotes. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Every placeholder name in `template`, once each, in order of first use. */
export function startupPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER_GLOBAL)].map((m) => m[1] as string))];
}

/**
 * Fills `{{NAME}}` placeholders with `values` (the server's variables plus the standard ones).
 *
 * The result runs through `/bin/sh -c`, and values come from users, so a value is always
 * inserted as data, never as shell syntax. Where it lands decides how: inside double quotes
 * it is escaped for double quotes, inside single quotes for single quotes, and unquoted it
 * is split into words like an unquoted `${NAME}` would be (ecosystem templates rely on that
 * for "extra arguments" variables), each word quoted on its own. So a PTDL startup line
 * behaves as it does on Pterodactyl, minus globbing and minus any way to inject a command.
 *
 * An unknown placeholder is refused rather than left in place: a literal `{{NAME}}` reaching
 * a game is a silent misconfiguration found only at run time. Blueprints are checked for
 * this when they are saved, so for a stored blueprint it cannot happen here.
 */
export function renderStartup(template: string, values: Readonly<Record<string, string>>): string {
  const unknown = startupPlaceholders(template).filter((name) => !Object.hasOwn(values, name));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_ERROR', `The startup command uses unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}`, {
      startup: `unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')}`,
    });
  }
  const hazards = startupPlaceholderHazards(template);
  if (hazards.length > 0) {
    throw new AppError('VALIDATION_ERROR', `The startup command ${hazards.join('; ')}`, { startup: hazards.join('; ') });
  }
  let out = '';
  walkStartup(template, {
    text: (chunk) => (out += chunk),
    placeholder: (name, context) => (out += quoteFor(context as Context, values[name] as string)),
  });
  return out;
}

/**
 * Placeholders in places no quoting can make safe, described for a 422: inside backticks (the
 * shell finds the closing backtick before it reads any quotes, so a value with a backtick
 * ends the substitution), inside bash's `$'…'` (backslash escapes there undo our quoting),
 * and after a heredoc operator (a heredoc body expands `$(…)` whatever quotes it holds).
 * Blueprints are refused with these when saved; no built-in blueprint has any.
 */
export function startupPlaceholderHazards(template: string): string[] {
  const hazards: string[] = [];
  walkStartup(template, {
    text: () => {},
    placeholder: (name, context) => {
      if (context === 'backtick') hazards.push(`uses {{${name}}} inside backticks: use $(…) instead`);
      else if (context === 'ansi') hazards.push(`uses {{${name}}} inside $'…': use plain single or double quotes`);
      else if (context === 'heredoc') hazards.push(`uses {{${name}}} after a heredoc (<<): pass it as an argument or environment variable instead`);
    },
  });
  return [...new Set(hazards)];
}

interface StartupVisitor {
  text(chunk: string): void;
  placeholder(name: string, context: Context | Hazard): void;
}

/** Reads a template once, telling the visitor each stretch of literal text and each placeholder with where it lands. */
function walkStartup(template: string, visitor: StartupVisitor): void {
  const lexer = new ShellContext();
  let i = 0;
  while (i < template.length) {
    PLACEHOLDER.lastIndex = i;
    const match = PLACEHOLDER.exec(template);
    if (match) {
      visitor.placeholder(match[1] as string, lexer.hazard ?? lexer.current);
      i += match[0].length;
      continue;
    }
    const consumed = lexer.advance(template, i);
    visitor.text(template.slice(i, i + consumed));
    i += consumed;
  }
}

type Context = 'unquoted' | 'single' | 'double';
/** Where a placeholder cannot be quoted safely at all. */
type Hazard = 'backtick' | 'ansi' | 'heredoc';

function quoteFor(context: Context, value: string): string {
  if (context === 'single') return value.replaceAll("'", `'\\''`);
  if (context === 'double') return value.replace(/[\\"$`]/g, '\\$&');
  return value.split(/\s+/).filter((word) => word.length > 0).map(shellWord).join(' ');
}

function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Where a `#` starts a comment: at the start of a word. */
const WORD_BOUNDARY = /[\s;&|()]/;

type Frame = { kind: 'single' | 'double' | 'backtick' | 'comment' | 'ansi' } | { kind: 'command'; depth: number };

/**
 * Just enough of a POSIX shell lexer to know, at any point of a command line, whether we are
 * inside single quotes, double quotes, or unquoted text (top level, `$(...)` or backticks,
 * which start a fresh unquoted context even inside double quotes, and comments).
 */
class ShellContext {
  readonly #frames: Frame[] = [];
  #afterHeredoc = false;

  /** Set when the position is one quoting cannot protect (see startupPlaceholderHazards). */
  get hazard(): Hazard | null {
    if (this.#frames.some((frame) => frame.kind === 'backtick')) return 'backtick';
    if (this.#frames.at(-1)?.kind === 'ansi') return 'ansi';
    return this.#afterHeredoc ? 'heredoc' : null;
  }

  get current(): Context {
    const top = this.#frames.at(-1);
    if (top?.kind === 'single') return 'single';
    if (top?.kind === 'double') return 'double';
    return 'unquoted';
  }

  /** Reads the construct at `i` and returns how many characters it spans. */
  advance(text: string, i: number): number {
    const top = this.#frames.at(-1);
    const ch = text[i];
    const next = text[i + 1];
    if (top?.kind === 'single') {
      if (ch === "'") this.#frames.pop();
      return 1;
    }
    if (top?.kind === 'ansi') {
      if (ch === '\\') return Math.min(2, text.length - i);
      if (ch === "'") this.#frames.pop();
      return 1;
    }
    // Quotes in a comment open nothing; it ends with its line.
    if (top?.kind === 'comment') {
      if (ch === '\n') this.#frames.pop();
      return 1;
    }
    if (ch === '\\') return Math.min(2, text.length - i);
    if (ch === '$' && next === '(') {
      this.#frames.push({ kind: 'command', depth: 0 });
      return 2;
    }
    if (ch === '`') {
      if (top?.kind === 'backtick') this.#frames.pop();
      else this.#frames.push({ kind: 'backtick' });
      return 1;
    }
    if (top?.kind === 'double') {
      if (ch === '"') this.#frames.pop();
      return 1;
    }
    if (ch === '$' && next === "'") {
      this.#frames.push({ kind: 'ansi' });
      return 2;
    }
    // `<<` and `<<-` open a heredoc; `<<<` is a here-string, an ordinary word.
    if (ch === '<' && next === '<') {
      if (text[i + 2] === '<') return 3;
      this.#afterHeredoc = true;
      return 2;
    }
    if (ch === '#' && (i === 0 || WORD_BOUNDARY.test(text[i - 1] as string))) this.#frames.push({ kind: 'comment' });
    else if (ch === "'") this.#frames.push({ kind: 'single' });
    else if (ch === '"') this.#frames.push({ kind: 'double' });
    else if (top?.kind === 'command' && ch === '(') top.depth += 1;
    else if (top?.kind === 'command' && ch === ')') {
      if (top.depth === 0) this.#frames.pop();
      else top.depth -= 1;
    }
    return 1;
  }
}
