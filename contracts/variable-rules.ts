import type { VariableRules } from './api/blueprints.ts';

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
  if (value === '') return rules.required ? 'is required' : null;
  const length = [...value].length;
  if (rules.type === 'integer') {
    if (!INTEGER.test(value) || !Number.isSafeInteger(Number(value))) return 'must be a whole number';
    const number = Number(value);
    if (rules.min !== undefined && number < rules.min) return `must be at least ${rules.min}`;
    if (rules.max !== undefined && number > rules.max) return `must be at most ${rules.max}`;
  } else if (rules.type === 'boolean') {
    if (!BOOLEAN_VALUES.has(value)) return 'must be true or false (or 1 or 0)';
  } else {
    if (rules.min !== undefined && length < rules.min) return `must be at least ${rules.min} characters long`;
    if (rules.max !== undefined && length > rules.max) return `must be at most ${rules.max} characters long`;
  }
  if (rules.pattern !== undefined && matchPattern !== null) {
    let matches: boolean;
    try {
      matches = matchPattern(rules.pattern, value);
    } catch {
      // Only a blueprint saved before its pattern was checked can get here; fail closed.
      return 'cannot be checked: the blueprint has an invalid pattern';
    }
    if (!matches) return `must match the pattern ${rules.pattern}`;
  }
  if (rules.options !== undefined && !rules.options.includes(value)) return `must be one of: ${rules.options.join(', ')}`;
  return null;
}
