import { AppError, valueProblem, type BlueprintBody } from '../../contracts/index.ts';
import { STANDARD_STARTUP_VARIABLES, startupPlaceholderHazards, startupPlaceholders } from './render-startup.ts';
import { ruleProblem } from './variable-rules.ts';
import { donePatternProblem, matchVariablePattern } from './variable-pattern.ts';

/** Names the controller or the agent set themselves; a variable with one of them would be silently overridden. */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set<string>([...STANDARD_STARTUP_VARIABLES, 'STARTUP', 'P_SERVER_UUID']);

/**
 * What the schema cannot see in a blueprint: the parts must agree with each other. Keys are
 * field paths like the schema's own (`variables.2.rules`, `startup`), so a 422 for a saved
 * blueprint reads the same whichever check refused it.
 */
export function blueprintProblems(body: BlueprintBody): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  body.variables.forEach((variable, i) => {
    if (RESERVED_VARIABLES.has(variable.env)) {
      problems[`variables.${i}.env`] = `${variable.env} is set by StellarStack itself; use {{${variable.env}}} without declaring it`;
    } else if (seen.has(variable.env)) {
      problems[`variables.${i}.env`] = `${variable.env} is declared more than once`;
    }
    seen.add(variable.env);
    const ruleIssue = ruleProblem(variable.rules);
    if (ruleIssue) {
      problems[`variables.${i}.rules`] = ruleIssue;
      return;
    }
    // An empty default on a required variable is allowed: it must then be given at creation.
    const defaultIssue = variable.default === '' ? null : valueProblem(variable.default, variable.rules, matchVariablePattern);
    if (defaultIssue) problems[`variables.${i}.default`] = `the default ${defaultIssue}`;
  });

  const resolvable = new Set<string>([...STANDARD_STARTUP_VARIABLES, ...seen]);
  const unknown = startupPlaceholders(body.startup).filter((name) => !resolvable.has(name));
  const hazards = startupPlaceholderHazards(body.startup);
  if (unknown.length > 0) {
    problems.startup = `uses ${unknown.map((n) => `{{${n}}}`).join(', ')}, which no variable declares`;
  } else if (hazards.length > 0) {
    problems.startup = hazards.join('; ');
  }

  body.done.forEach((pattern, i) => {
    const problem = donePatternProblem(pattern);
    if (problem) problems[`done.${i}`] = problem;
  });

  const ports = new Set<string>();
  body.ports.forEach(({ port, protocol }, i) => {
    const key = `${port}/${protocol}`;
    if (ports.has(key)) problems[`ports.${i}`] = `${key} is listed more than once`;
    ports.add(key);
  });

  if (body.query && !body.ports.some((p) => p.name === body.query?.port)) {
    problems['query.port'] = `names no port of this blueprint (ports: ${body.ports.map((p) => p.name).join(', ') || 'none'})`;
  }
  if (body.eula && !seen.has(body.eula.variable)) {
    problems['eula.variable'] = `${body.eula.variable} is not one of the blueprint's variables`;
  }
  return problems;
}

/** Throws VALIDATION_ERROR naming every inconsistent field of `body`. */
export function assertValidBlueprint(body: BlueprintBody): void {
  const problems = blueprintProblems(body);
  if (Object.keys(problems).length > 0) {
    throw new AppError('VALIDATION_ERROR', 'The blueprint is not consistent', problems);
  }
}
