import { RE2JS } from 're2js';
import type { VariableRules } from '../../contracts/index.ts';
import { valueProblem, type PatternMatcher } from '../../contracts/variable-rules.ts';

/**
 * Patterns run on RE2 here as on the controller, so an admin's pattern cannot freeze the
 * page either. Only the create and settings forms (loaded on demand) import this module,
 * which keeps the engine out of the first page load.
 */
const matchPattern: PatternMatcher = (pattern, value) => RE2JS.compile(pattern).testExact(value);

/** A blueprint variable's value against its rules, in the API's own words (the same function decides there). */
export function checkVariable(value: string, rules: VariableRules): string | undefined {
  const problem = valueProblem(value, rules, matchPattern);
  if (problem === null) return undefined;
  const sentence = problem === 'is required' ? 'required' : problem;
  return sentence[0]!.toUpperCase() + sentence.slice(1);
}
