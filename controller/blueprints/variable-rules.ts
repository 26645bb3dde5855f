import { AppError, type Blueprint, type VariableRules } from '../../contracts/index.ts';

const BOOLEAN_VALUES = new Set(['true', 'false', '1', '0']);
const INTEGER = /^-?\d+$/;

/**
 * Why `rules` cannot be used, or null. Checked when a blueprint is saved, so a broken rule is
 * the admin's 422 instead of every user's mystery later.
 */
export function ruleProblem(rules: VariableRules): string | null {
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) return 'min is greater than max';
  if (rules.pattern !== undefined) {
    const problem = patternProblem(rules.pattern);
    if (problem) return problem;
  }
  if (rules.options !== undefined) {
    if (rules.options.length === 0) return 'options is empty, so no value could ever be valid';
    // Each allowed value must also pass the other rules, or choosing it would be refused.
    const { options, ...others } = rules;
    for (const option of options) {
      const problem = valueProblem(option, { ...others, required: false });
      if (problem) return `option "${option}" ${problem}`;
    }
  }
  return null;
}

/**
 * A pattern is compiled exactly as it will be used, anchored and with the `u` flag, so what
 * passes here cannot throw later. Patterns come from admins only; values are capped at 4 KiB.
 */
function patternProblem(pattern: string): string | null {
  try {
    compilePattern(pattern);
    return null;
  } catch (error) {
    return `pattern is not a valid regular expression (${(error as Error).message})`;
  }
}

function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/**
 * Why `value` breaks `rules`, or null. An optional variable may be left empty: its other
 * rules then do not apply (as Laravel's `nullable` in PTDL eggs).
 */
export function valueProblem(value: string, rules: VariableRules): string | null {
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
  if (rules.pattern !== undefined) {
    let matches: boolean;
    try {
      matches = compilePattern(rules.pattern).test(value);
    } catch {
      // Only a blueprint saved before its pattern was checked can get here; fail closed.
      return 'cannot be checked: the blueprint has an invalid pattern';
    }
    if (!matches) return `must match the pattern ${rules.pattern}`;
  }
  if (rules.options !== undefined && !rules.options.includes(value)) return `must be one of: ${rules.options.join(', ')}`;
  return null;
}

export interface ValidateVariablesOptions {
  /** Admins may set variables that are not user-editable. */
  asAdmin: boolean;
  /** The server's current values, when changing an existing server. */
  previous?: Readonly<Record<string, string>>;
}

/**
 * The complete set of a server's variable values: `provided` over the previous values over
 * the blueprint's defaults, each checked against its rules. Refused with one VALIDATION_ERROR
 * naming every bad variable as `variables.<ENV>`: a variable the blueprint does not have, a
 * non-editable variable a user tried to change, or a value that breaks its rules.
 *
 * Sending a non-editable variable's current value back unchanged is not a change, so clients
 * may echo the whole map; likewise a previous value for a variable the blueprint no longer
 * has is dropped rather than refused.
 */
export function validateVariables(
  blueprint: Pick<Blueprint, 'variables'>,
  provided: Readonly<Record<string, string>>,
  options: ValidateVariablesOptions,
): Record<string, string> {
  const previous = options.previous ?? {};
  const declared = new Map(blueprint.variables.map((v) => [v.env, v]));
  const problems: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const variable of blueprint.variables) {
    values[variable.env] = Object.hasOwn(previous, variable.env) ? (previous[variable.env] as string) : variable.default;
  }
  for (const [env, value] of Object.entries(provided)) {
    const variable = declared.get(env);
    if (!variable) {
      if (previous[env] !== value) problems[`variables.${env}`] = 'is not a variable of this blueprint';
      continue;
    }
    if (!variable.userEditable && !options.asAdmin && value !== values[env]) {
      problems[`variables.${env}`] = 'can only be changed by an admin';
      continue;
    }
    values[env] = value;
  }
  for (const variable of blueprint.variables) {
    const key = `variables.${variable.env}`;
    if (problems[key]) continue;
    const problem = valueProblem(values[variable.env] as string, variable.rules);
    if (problem) problems[key] = problem;
  }
  if (Object.keys(problems).length > 0) {
    throw new AppError('VALIDATION_ERROR', 'Some variables are not valid for this blueprint', problems);
  }
  return values;
}
