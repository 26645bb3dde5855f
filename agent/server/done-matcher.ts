import { AppError } from '../../contracts/index.ts';

const REGEX_PREFIX = 'regex:';

// Many images colour their log lines; a pattern written against the text the admin reads
// must still match, so colour and cursor escapes are removed before matching.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

type LineTest = (line: string) => boolean;

function compile(pattern: string): LineTest {
  if (!pattern.startsWith(REGEX_PREFIX)) return (line) => line.includes(pattern);
  const source = pattern.slice(REGEX_PREFIX.length);
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch (error) {
    throw new AppError('VALIDATION_ERROR', `done pattern "${pattern}" is not a valid regular expression: ${(error as Error).message}`, {
      done: pattern,
    });
  }
  return (line) => regex.test(line);
}

/**
 * Decides when a starting server is "running", from the blueprint's done patterns (as in
 * PTDL eggs' config.startup.done): a plain pattern is a substring, a `regex:` prefix makes the
 * rest a regular expression. It sees whole lines: the console pipeline joins chunks that
 * split a line before anything is matched.
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
