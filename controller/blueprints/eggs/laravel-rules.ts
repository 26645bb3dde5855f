import type { VariableFormat, VariableRules } from '../../../contracts/index.ts';
import type { ImportWarnings } from './import-warnings.ts';
import { patternFromPhpRegex, phpRegexFromPattern } from './php-regex.ts';

/**
 * Laravel validation rules, as eggs write them (`required|string|max:20`, or a list in
 * Pelican's formats), to and from our structured VariableRules. Rules we have no equivalent
 * for are left out with a warning, never a refusal: the egg still imports.
 */

const FORMAT_RULES = new Set<string>(['alpha', 'alpha_num', 'alpha_dash', 'url', 'ip']);
/** Rules that only say what the value's type is not, or that Laravel applies to arrays or files. */
const NEUTRAL_RULES = new Set(['sometimes', 'present', 'bail', 'filled']);

/**
 * Splits a PTDL rule string on `|`. A `regex:` rule may contain `|` itself (Laravel would
 * break it apart; panels' users work around it): its pieces are joined again until the
 * pattern's closing delimiter is reached.
 */
export function splitRuleString(rules: string): string[] {
  const parts = rules.split('|');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    let part = parts[i] as string;
    if (part.trim().startsWith('regex:')) {
      while (i + 1 < parts.length && patternFromPhpRegex(part.trim().slice('regex:'.length)) === null) {
        i += 1;
        part += `|${parts[i] as string}`;
      }
    }
    if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}

/** The structured form of `rules`; `field` names the egg's field in warnings. */
export function rulesFromLaravel(rules: readonly string[], field: string, warnings: ImportWarnings): VariableRules {
  const out: VariableRules = { required: false, type: 'string' };
  const sizes: { min?: number; max?: number; size?: number } = {};
  for (const rule of rules) {
    const colon = rule.indexOf(':');
    const name = (colon === -1 ? rule : rule.slice(0, colon)).trim().toLowerCase();
    const argument = colon === -1 ? '' : rule.slice(colon + 1);
    const list = () => argument.split(',').map((item) => item.trim());
    const number = () => {
      const value = Number(argument.trim());
      if (argument.trim() === '' || !Number.isFinite(value)) {
        warnings.add(field, `rule "${rule}" has no number; left out`);
        return undefined;
      }
      return value;
    };
    switch (name) {
      case 'required':
        out.required = true;
        break;
      case 'nullable':
        out.required = false;
        break;
      case 'string':
        break;
      case 'integer':
      case 'int':
        out.type = 'integer';
        break;
      case 'numeric':
        out.type = 'numeric';
        break;
      case 'boolean':
      case 'bool':
        out.type = 'boolean';
        break;
      case 'in':
        out.options = list();
        break;
      case 'not_in':
        out.notIn = list();
        break;
      case 'min':
        sizes.min = number();
        break;
      case 'max':
        sizes.max = number();
        break;
      case 'size':
        sizes.size = number();
        break;
      case 'between': {
        const [low, high] = list().map(Number);
        if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) {
          warnings.add(field, `rule "${rule}" needs two numbers; left out`);
        } else {
          sizes.min = low;
          sizes.max = high;
        }
        break;
      }
      case 'regex': {
        const translated = patternFromPhpRegex(argument);
        if (translated === null) {
          warnings.add(field, `rule "${rule}" is not a delimited pattern; left out`);
          break;
        }
        out.pattern = translated.pattern;
        if (translated.droppedFlags.length > 0) {
          warnings.add(field, `rule "${rule}": the flag(s) ${translated.droppedFlags.join('')} are not supported and were dropped`);
        }
        break;
      }
      default:
        if (FORMAT_RULES.has(name)) out.format = name as VariableFormat;
        else if (!NEUTRAL_RULES.has(name)) warnings.add(field, `rule "${rule}" is not supported; left out`);
    }
  }
  Object.assign(out, Object.fromEntries(Object.entries(sizes).filter(([, value]) => value !== undefined)));
  if (out.format !== undefined && out.type !== 'string') {
    warnings.add(field, `rule "${out.format}" applies to text only; left out for a ${out.type} value`);
    delete out.format;
  }
  return out;
}

/** Laravel rules saying what `rules` says, in the order eggs usually write them. */
export function rulesToLaravel(rules: VariableRules): string[] {
  const out = [rules.required ? 'required' : 'nullable', rules.type];
  if (rules.format !== undefined) out.push(rules.format);
  if (rules.size !== undefined) out.push(`size:${rules.size}`);
  if (rules.min !== undefined) out.push(`min:${rules.min}`);
  if (rules.max !== undefined) out.push(`max:${rules.max}`);
  if (rules.options !== undefined) out.push(`in:${rules.options.join(',')}`);
  if (rules.notIn !== undefined) out.push(`not_in:${rules.notIn.join(',')}`);
  if (rules.pattern !== undefined) out.push(`regex:${phpRegexFromPattern(rules.pattern)}`);
  return out;
}
