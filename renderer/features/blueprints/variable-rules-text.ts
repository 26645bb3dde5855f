import type { VariableFormat, VariableRules } from '../../../contracts/api/blueprints.ts';

const FORMAT_TEXT: Record<VariableFormat, string> = {
  alpha: 'letters only',
  alpha_num: 'letters and digits',
  alpha_dash: 'letters, digits, - and _',
  url: 'a URL',
  ip: 'an IP address',
};

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
  } else if (rules.type === 'integer' || rules.type === 'numeric') {
    const kind = rules.type === 'integer' ? 'whole number' : 'number';
    parts.push(rules.size !== undefined ? `${kind} equal to ${rules.size}` : `${kind}${range(rules.min, rules.max, '')}`);
  } else if (rules.size !== undefined) {
    parts.push(lengthRange(rules.size, rules.size));
  } else if (rules.min !== undefined || rules.max !== undefined) {
    parts.push(lengthRange(rules.min, rules.max));
  }
  if (rules.format !== undefined) parts.push(FORMAT_TEXT[rules.format]);
  if (rules.notIn !== undefined) parts.push(`not ${rules.notIn.join(', ')}`);
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
