import type { VariableRules } from '../../../contracts/api/blueprints.ts';

/**
 * A variable's rules as a short phrase for a form hint or the blueprint detail:
 * "required · whole number from 1 to 64", "optional · 8 to 64 characters · matches [A-Za-z]+".
 */
export function describeRules(rules: VariableRules): string {
  const parts: string[] = [rules.required ? 'required' : 'optional'];
  if (rules.options !== undefined) {
    parts.push(`one of ${rules.options.join(', ')}`);
  } else if (rules.type === 'boolean') {
    parts.push('true or false');
  } else if (rules.type === 'integer') {
    parts.push(`whole number${range(rules.min, rules.max, '')}`);
  } else if (rules.min !== undefined || rules.max !== undefined) {
    parts.push(lengthRange(rules.min, rules.max));
  }
  if (rules.pattern !== undefined) parts.push(`matches ${rules.pattern}`);
  return parts.join(' · ');
}

function range(min: number | undefined, max: number | undefined, unit: string): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}${unit}`;
  if (min !== undefined) return ` of at least ${min}${unit}`;
  if (max !== undefined) return ` of at most ${max}${unit}`;
  return '';
}

function lengthRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min} characters` : `${min} to ${max} characters`;
  if (min !== undefined) return `at least ${min} characters`;
  return `up to ${max} characters`;
}
