import { AppError } from '../../contracts/index.ts';
import { RE2JS } from 're2js';

// Many images colour their log lines; a pattern written against the text the admin reads
// must still match, so colour and cursor escapes are removed before matching.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

const REGEX_PREFIX = 'regex:';

type LineTest = (line: string) => boolean;

/**
 * A plain pattern is a substring; a `regex:` one runs on RE2 (re2js), in time linear in the
 * line whatever the pattern: it sees every console line of a starting server.
 */
function compile(pattern: string): LineTest {
  if (!pattern.startsWith(REGEX_PREFIX)) return (line) => line.includes(pattern);
  try {
    const regex = RE2JS.compile(pattern.slice(REGEX_PREFIX.length));
    return (line) => regex.test(line);
  } catch (error) {
    throw new AppError('VALIDATION_ERROR', `done pattern "${pattern}" is not a valid regular expression: ${(error as Error).message}`, {
      done: pattern,
    });
  }
}

/**
 * Decides when a starting server is "running", from the blueprint's done patterns (as in
 * PTDL eggs' config.startup.done): a plain pattern is a substring, a `regex:` prefix makes the
 * rest a regular expression, run in linear time. It sees whole
 * lines: the console pipeline joins chunks that split a line before anything is matched.
 */
export class DoneMatcher {
  readonly #tests: LineTest[];

  /** Throws VALIDATION_ERROR for a regular expression that does not compile. */
  constructor(patterns: readonly string[]) {
    this.#tests = patterns.map(compile);
  }

  /** No patterns: the server counts as running as soon as its process has started. */
  get isEmpty(): boolean {
    return this.#tests.length === 0;
  }

  matches(line: string): boolean {
    if (this.#tests.length === 0) return false;
    const plain = line.includes('\u001b') ? line.replace(ANSI_ESCAPES, '') : line;
    return this.#tests.some((test) => test(plain));
  }
}
