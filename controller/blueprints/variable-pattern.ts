import { RE2JS } from 're2js';
import type { PatternMatcher } from '../../contracts/index.ts';

/** Compiled patterns by source: a blueprint's few patterns are checked on every server create and change. */
const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

/**
 * Compiles an admin-supplied variable pattern with RE2 (re2js): matching takes time linear in
 * the value whatever the pattern, so `([a-z]+)+` cannot stall the controller the way a
 * backtracking engine would. RE2 has no backreferences or lookaround; such a pattern throws
 * here, and is refused when the blueprint is saved.
 */
export function compileVariablePattern(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = RE2JS.compile(pattern);
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Why RE2 cannot use `pattern`, or null. */
export function variablePatternProblem(pattern: string): string | null {
  const why = re2Problem(pattern);
  return why === null ? null : `pattern ${why}`;
}

const DONE_REGEX_PREFIX = 'regex:';

/**
 * Why a `done` pattern cannot be used, or null: the agent runs `regex:` patterns on RE2 too
 * (agent/server/done-matcher.ts), on every console line of a starting server.
 */
export function donePatternProblem(pattern: string): string | null {
  return pattern.startsWith(DONE_REGEX_PREFIX) ? re2Problem(pattern.slice(DONE_REGEX_PREFIX.length)) : null;
}

function re2Problem(source: string): string | null {
  try {
    RE2JS.compile(source);
    return null;
  } catch (error) {
    // re2js says "error parsing regexp: invalid or unsupported Perl syntax: `(?=`": keep the why.
    return `is not a valid regular expression for the linear-time engine (${(error as Error).message.replace(/^error parsing regexp: /, '')}); backreferences and lookaround are not supported`;
  }
}

/** The whole value must match, as the rule always meant: RE2's full match, no anchors to add. */
export const matchVariablePattern: PatternMatcher = (pattern, value) => compileVariablePattern(pattern).testExact(value);
