import type { VariableFormat, VariableRules } from './api/blueprints.ts';

/**
 * A blueprint variable's rules, applied to a value. Shared so the API (which decides) and the
 * UI (which tells a person before the round trip) say the same thing in the same words.
 */

const BOOLEAN_VALUES = new Set(['true', 'false', '1', '0']);
const INTEGER = /^-?\d+$/;

/**
 * Whether `value` matches the whole of an admin-supplied `pattern`. Both users pass a
 * linear-time RE2 matcher (controller/blueprints/variable-pattern.ts, renderer/lib/variable-check.ts);
 * the engine stays out of this module so the UI's first page load, which imports it, does not carry it.
 */
export type PatternMatcher = (pattern: string, value: string) => boolean;

/**
 * Why `value` breaks `rules`, or null. An optional variable may be left empty: its other
 * rules then do not apply (as Laravel's `nullable` in PTDL eggs). With `matchPattern` null
 * the pattern rule is not checked.
 */
export function valueProblem(value: string, rules: VariableRules, matchPattern: PatternMatcher | null): string | null {
  const problem = value === '' ? (rules.required ? { rule: 'required', message: 'is required' } : null) : typeProblem(value, rules) ?? patternProblem(value, rules, matchPattern) ?? listProblem(value, rules);
  // The rule is named as eggs' Laravel rules name it, so an admin can find it in the egg;
  // "is required" names itself.
  if (problem === null) return null;
  return problem.rule === 'required' ? problem.message : `${problem.message} (${problem.rule})`;
}

interface Problem {
  /** The failing rule, in Laravel's words (max, regex, not_in…). */
  rule: string;
  message: string;
}

function typeProblem(value: string, rules: VariableRules): Problem | null {
  if (rules.type === 'integer' || rules.type === 'numeric') {
    const number = rules.type === 'integer' ? parseInteger(value) : parseNumber(value);
    if (number === null) return { rule: rules.type, message: rules.type === 'integer' ? 'must be a whole number' : 'must be a number' };
    if (rules.min !== undefined && number < rules.min) return { rule: 'min', message: `must be at least ${rules.min}` };
    if (rules.max !== undefined && number > rules.max) return { rule: 'max', message: `must be at most ${rules.max}` };
    if (rules.size !== undefined && number !== rules.size) return { rule: 'size', message: `must be exactly ${rules.size}` };
    return null;
  }
  if (rules.type === 'boolean') return BOOLEAN_VALUES.has(value) ? null : { rule: 'boolean', message: 'must be true or false (or 1 or 0)' };
  const length = [...value].length;
  if (rules.min !== undefined && length < rules.min) return { rule: 'min', message: `must be at least ${rules.min} characters long` };
  if (rules.max !== undefined && length > rules.max) return { rule: 'max', message: `must be at most ${rules.max} characters long` };
  if (rules.size !== undefined && length !== rules.size) return { rule: 'size', message: `must be exactly ${rules.size} characters long` };
  if (rules.format !== undefined && !FORMATS[rules.format].test(value)) return { rule: rules.format, message: FORMAT_PROBLEMS[rules.format] };
  return null;
}

function patternProblem(value: string, rules: VariableRules, matchPattern: PatternMatcher | null): Problem | null {
  if (rules.pattern === undefined || matchPattern === null) return null;
  let matches: boolean;
  try {
    matches = matchPattern(rules.pattern, value);
  } catch {
    // Only a blueprint saved before its pattern was checked can get here; fail closed.
    return { rule: 'regex', message: 'cannot be checked: the blueprint has an invalid pattern' };
  }
  return matches ? null : { rule: 'regex', message: `must match the pattern ${rules.pattern}` };
}

function listProblem(value: string, rules: VariableRules): Problem | null {
  if (rules.options !== undefined && !rules.options.includes(value)) return { rule: 'in', message: `must be one of: ${rules.options.join(', ')}` };
  if (rules.notIn?.includes(value)) return { rule: 'not_in', message: `must not be one of: ${rules.notIn.join(', ')}` };
  return null;
}

function parseInteger(value: string): number | null {
  if (!INTEGER.test(value)) return null;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : null;
}

function parseNumber(value: string): number | null {
  if (!NUMBER.test(value)) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * Written out rather than using URL/net parsers so the UI (a browser) and the API (Node) run
 * the very same check. Like Laravel's rules, these accept ASCII letters only for alpha_*.
 */
const FORMATS: Record<VariableFormat, RegExp> = {
  alpha: /^[A-Za-z]+$/,
  alpha_num: /^[A-Za-z0-9]+$/,
  alpha_dash: /^[A-Za-z0-9_-]+$/,
  url: /^(?:https?|ftp):\/\/[^\s/?#]+(?:[/?#]\S*)?$/i,
  ip: new RegExp(`^(?:${IPV4_PART}(?:\\.${IPV4_PART}){3}|(?=.*:)[0-9A-Fa-f:.]{2,45})$`),
};

const FORMAT_PROBLEMS: Record<VariableFormat, string> = {
  alpha: 'may only contain letters',
  alpha_num: 'may only contain letters and digits',
  alpha_dash: 'may only contain letters, digits, dashes and underscores',
  url: 'must be an http, https or ftp URL',
  ip: 'must be an IP address',
};
