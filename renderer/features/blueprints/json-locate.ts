/**
 * Where things are in a JSON text, for the blueprint editor: the first syntax error with its
 * line and column (browsers word JSON.parse errors differently, and some give no position at
 * all), and the line of each value by its path (`variables.0.env`), so the API's 422 details
 * can point at a line. A small scanner of the JSON grammar; JSON.parse still makes the value.
 */

export interface JsonSyntaxError {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export interface JsonScan {
  error: JsonSyntaxError | null;
  /** Path ('' for the whole text, `images.default`, `ports.0`) → offset where its key (or array item) starts. */
  positions: Map<string, number>;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class Stop extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

export function scanJson(text: string): JsonScan {
  const positions = new Map<string, number>();
  let i = 0;

  const describe = (at: number) => {
    const char = text[at];
    if (char === undefined) return 'the end of the text';
    return char === "'" ? `"'"` : `'${char}'`;
  };
  const fail = (expected: string, at = i): never => {
    throw new Stop(`Expected ${expected}, found ${describe(at)}`, at);
  };
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i += 1;
  };
  const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);
  /** After a value: a comma or the closer. A value on the next line most likely lost its comma at the end of this one. */
  const afterValue = (closer: '}' | ']'): 'next' | 'done' => {
    const valueEnd = i;
    skipSpace();
    if (text[i] === ',') {
      i += 1;
      return 'next';
    }
    if (text[i] === closer) {
      i += 1;
      return 'done';
    }
    const missingComma = i < text.length && text.slice(valueEnd, i).includes('\n');
    const hint = missingComma ? ` (is a comma missing at the end of line ${lineColumn(text, valueEnd).line}?)` : '';
    throw new Stop(`Expected a comma or ${closer}, found ${describe(i)}${hint}`, i);
  };

  function string(): string {
    const start = i;
    i += 1;
    let value = '';
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i += 1;
        return value;
      }
      if (char === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop('A \\u escape needs four hex digits', i);
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (next === undefined || !ESCAPES.has(next)) throw new Stop(`Unknown escape \\${next ?? ''} in a string`, i);
        value += next;
        i += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) throw new Stop(char === '\n' ? 'A string is not closed before the end of its line' : 'A control character must be escaped in a string', i);
      value += char;
      i += 1;
    }
    throw new Stop('A string is not closed', start);
  }

  function value(path: string): void {
    skipSpace();
    const char = text[i];
    if (char === '{') return object(path);
    if (char === '[') return array(path);
    if (char === '"') {
      string();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    if (char === "'") throw new Stop('Strings need double quotes, not single quotes', i);
    fail('a value (a string in double quotes, a number, true, false, null, { or [)');
  }

  function object(path: string): void {
    i += 1;
    skipSpace();
    if (text[i] === '}') {
      i += 1;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] === '}') throw new Stop('A comma before } is not allowed in JSON', i);
      if (text[i] !== '"') fail('a property name in double quotes');
      const keyStart = i;
      const key = string();
      positions.set(join(path, key), keyStart);
      skipSpace();
      if (text[i] !== ':') fail(`a colon after "${key}"`);
      i += 1;
      value(join(path, key));
      if (afterValue('}') === 'done') return;
    }
  }

  function array(path: string): void {
    i += 1;
    skipSpace();
    if (text[i] === ']') {
      i += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      skipSpace();
      if (text[i] === ']') throw new Stop('A comma before ] is not allowed in JSON', i);
      positions.set(join(path, String(index)), i);
      value(join(path, String(index)));
      if (afterValue(']') === 'done') return;
    }
  }

  try {
    skipSpace();
    positions.set('', i);
    value('');
    skipSpace();
    if (i < text.length) fail('nothing more after the end of the JSON value');
    return { error: null, positions };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { error: { message: error.message, offset: error.offset, ...lineColumn(text, error.offset) }, positions };
  }
}

/**
 * The line an API detail key points at: the key itself when the text has it, else its
 * nearest ancestor (`defaults.memory` missing → the `defaults` line). Null for keys about the
 * whole body (`body`, or a top-level field that is absent).
 */
export function lineOfPath(text: string, positions: ReadonlyMap<string, number>, path: string): number | null {
  const parts = path.split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const offset = positions.get(parts.slice(0, length).join('.'));
    if (offset !== undefined) return lineColumn(text, offset).line;
  }
  return null;
}
