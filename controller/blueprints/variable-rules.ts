import { AppError, valueProblem, type Blueprint, type VariableRules } from '../../contracts/index.ts';
import { matchVariablePattern, variablePatternProblem } from './variable-pattern.ts';

/**
 * Why `rules` cannot be used, or null. Checked when a blueprint is saved, so a broken rule is
 * the admin's 422 instead of every user's mystery later.
 */
export function ruleProblem(rules: VariableRules): string | null {
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max) return 'min is greater than max';
  if (rules.size !== undefined && ((rules.min !== undefined && rules.size < rules.min) || (rules.max !== undefined && rules.size > rules.max))) {
    return 'size is outside min and max';
  }
  if (rules.format !== undefined && rules.type !== 'string') return `format ${rules.format} applies to strings only`;
  if (rules.pattern !== undefined) {
    const problem = variablePatternProblem(rules.pattern);
    if (problem) return problem;
  }
  if (rules.options !== undefined) {
    if (rules.options.length === 0) return 'options is empty, so no value could ever be valid';
    // Each allowed value must also pass the other rules, or choosing it would be refused.
    const { options, ...others } = rules;
    for (const option of options) {
      const problem = valueProblem(option, { ...others, required: false }, matchVariablePattern);
      if (problem) return `option "${option}" ${problem}`;
    }
  }
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
    const problem = valueProblem(values[variable.env] as string, variable.rules, matchVariablePattern);
    if (problem) problems[key] = problem;
  }
  if (Object.keys(problems).length > 0) {
    throw new AppError('VALIDATION_ERROR', 'Some variables are not valid for this blueprint', problems);
  }
  return values;
}
