import type { BlueprintVariable } from '../../../../contracts/index.ts';
import { SelectField, TextField } from '../../../components/field.tsx';
import { describeRules } from './settings-form.ts';

interface Props {
  variable: BlueprintVariable;
  value: string;
  error: string | undefined;
  editable: boolean;
  onChange(value: string): void;
}

/** One blueprint variable: its name, what it is for, the rule it must meet and its default. */
export function VariableField({ variable, value, error, editable, onChange }: Props) {
  const hint = (
    <>
      {variable.description ? <span className="variable-description">{variable.description}</span> : null}
      <span className="variable-rules">
        {describeRules(variable)}
        {variable.default !== '' ? <> · default <code>{variable.default}</code></> : null}
        {!editable ? ' · only an admin can change it' : null}
      </span>
    </>
  );
  const label = (
    <span className="variable-label">
      {variable.name} <code className="faint">{variable.env}</code>
    </span>
  );
  const choices = variable.rules.options ?? (variable.rules.type === 'boolean' ? ['true', 'false'] : null);
  if (choices && editable) {
    const options = choices.includes(value) || value === '' ? choices : [value, ...choices];
    return (
      <SelectField label={label} hint={hint} error={error} value={value} aria-label={variable.name} onChange={(e) => onChange(e.target.value)}>
        {!variable.rules.required ? <option value="">(not set)</option> : value === '' ? <option value="" disabled>Choose…</option> : null}
        {options.map((option) => <option key={option} value={option}>{option}</option>)}
      </SelectField>
    );
  }
  return (
    <TextField label={label} hint={hint} error={error} value={value} aria-label={variable.name} readOnly={!editable}
      inputMode={variable.rules.type === 'integer' ? 'numeric' : undefined} className="mono"
      onChange={(e) => onChange(e.target.value)} />
  );
}
