import type { Blueprint, BlueprintVariable, Server, UpdateServerBody } from '../../../../contracts/index.ts';
import { ApiError } from '../../../api/client.ts';
import { formatPorts, parsePorts } from '../../../lib/port-text.ts';
import { checkInteger, checkVariable, type FieldErrors } from '../../../lib/validation.ts';

/**
 * The server settings form without React: its values as text, which of them changed against
 * the current record, the checks the API would make, and where the API's answer lands.
 * Field keys are the API's own (`memory`, `variables.GREETING`), so a 422's details need no
 * translation to find their field.
 */

export interface SettingsValues {
  name: string;
  description: string;
  memory: string;
  cpu: string;
  disk: string;
  swap: string;
  /** As typed: "25565/tcp, 25565/udp". */
  ports: string;
  variables: Record<string, string>;
}

export const RESOURCE_FIELDS = ['memory', 'cpu', 'disk', 'swap'] as const;
export type ResourceField = (typeof RESOURCE_FIELDS)[number];

export function valuesOf(server: Server, blueprint: Blueprint | null): SettingsValues {
  const variables: Record<string, string> = {};
  for (const variable of blueprint?.variables ?? []) variables[variable.env] = server.variables[variable.env] ?? variable.default;
  return {
    name: server.name,
    description: server.description,
    memory: String(server.memory),
    cpu: String(server.cpu),
    disk: String(server.disk),
    swap: String(server.swap),
    ports: formatPorts(server.ports),
    variables,
  };
}

export function sameValues(a: SettingsValues, b: SettingsValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface FormContext {
  server: Server;
  blueprint: Blueprint | null;
  isAdmin: boolean;
}

export function canEditVariable(variable: BlueprintVariable, isAdmin: boolean): boolean {
  return isAdmin || variable.userEditable;
}

/** Only what differs from the record, and only what this person may change. */
export function changedBody(values: SettingsValues, { server, blueprint, isAdmin }: FormContext): UpdateServerBody {
  const current = valuesOf(server, blueprint);
  const body: UpdateServerBody = {};
  if (values.name.trim() !== current.name) body.name = values.name.trim();
  if (values.description !== current.description) body.description = values.description;
  if (isAdmin) {
    for (const field of RESOURCE_FIELDS) {
      if (values[field].trim() !== current[field]) body[field] = Number(values[field]);
    }
    const ports = parsePorts(values.ports);
    if ('ports' in ports && formatPorts(ports.ports) !== current.ports) body.ports = ports.ports;
  }
  const variables: Record<string, string> = {};
  for (const variable of blueprint?.variables ?? []) {
    const value = values.variables[variable.env] ?? '';
    if (value !== current.variables[variable.env] && canEditVariable(variable, isAdmin)) variables[variable.env] = value;
  }
  if (Object.keys(variables).length > 0) body.variables = variables;
  return body;
}

/**
 * Resources are checked here only for being whole numbers: their bounds (and whether the node
 * has room) are the API's to decide, and its 422 or 409 lands under the same field.
 */
const RESOURCE_LABELS: Record<ResourceField, string> = {
  memory: 'the memory in MiB',
  cpu: 'the CPU share',
  disk: 'the disk space in MiB',
  swap: 'the swap in MiB',
};

/** The API's own rules, checked before asking it (the API still decides). */
export function checkSettings(values: SettingsValues, { blueprint, isAdmin }: Omit<FormContext, 'server'>): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = 'Enter a name';
  else if (values.name.trim().length > 100) errors.name = 'Use at most 100 characters';
  if (values.description.length > 2000) errors.description = 'Use at most 2000 characters';
  if (isAdmin) {
    for (const field of RESOURCE_FIELDS) {
      const problem = checkInteger(values[field], { min: -Infinity, label: RESOURCE_LABELS[field] });
      if (problem) errors[field] = problem;
    }
    const ports = parsePorts(values.ports);
    if ('error' in ports) errors.ports = ports.error;
  }
  for (const variable of blueprint?.variables ?? []) {
    if (!canEditVariable(variable, isAdmin)) continue;
    const problem = checkVariable(values.variables[variable.env] ?? '', variable.rules);
    if (problem) errors[`variables.${variable.env}`] = problem;
  }
  return errors;
}

export const FORM_FIELDS = new Set<string>(['name', 'description', 'ports', ...RESOURCE_FIELDS]);

/**
 * Where a failed save's words go: a 422's details, a 409 INSUFFICIENT_CAPACITY's shortfalls and
 * a 409 PORT_IN_USE under their fields, everything else (and any detail with no field on this
 * form) in the banner above it.
 */
export function placeSaveError(error: unknown, variables: readonly string[]): { fields: FieldErrors; banner: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, banner: error instanceof Error ? error.message : String(error) };
  const known = (key: string) => FORM_FIELDS.has(key) || (key.startsWith('variables.') && variables.includes(key.slice('variables.'.length)));
  let details: Record<string, string> = {};
  if (error.code === 'VALIDATION_ERROR') details = portsAsOneField(error.fieldErrors);
  // A held port is the ports field's problem; the message names the port and its holder.
  else if (error.code === 'PORT_IN_USE') details = { ports: error.message };
  else if (error.code === 'INSUFFICIENT_CAPACITY') {
    details = Object.fromEntries(Object.entries(error.details)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, text]) => [key, `Not enough room on the node: ${text}`]));
  }
  const fields: FieldErrors = {};
  const leftover: string[] = [];
  for (const [key, text] of Object.entries(details)) {
    if (known(key)) fields[key] = sentence(text);
    else leftover.push(`${key}: ${text}`);
  }
  if (Object.keys(fields).length === 0 || leftover.length > 0) {
    return { fields, banner: leftover.length > 0 ? `${error.message} (${leftover.join('; ')})` : error.message };
  }
  return { fields, banner: null };
}

/** `ports.1.port` → `ports`: the form has one field for the list. */
function portsAsOneField(details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(details)) out[key.startsWith('ports.') ? 'ports' : key] ??= text;
  return out;
}

function sentence(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** One line saying what a variable accepts, from its rules. */
export function describeRules(variable: BlueprintVariable): string {
  const { rules } = variable;
  const parts: string[] = [rules.required ? 'Required' : 'Optional'];
  if (rules.options) parts.push(`one of ${rules.options.join(', ')}`);
  else if (rules.type === 'integer') {
    parts.push('a whole number');
    if (rules.min !== undefined && rules.max !== undefined) parts.push(`${rules.min}–${rules.max}`);
    else if (rules.min !== undefined) parts.push(`at least ${rules.min}`);
    else if (rules.max !== undefined) parts.push(`at most ${rules.max}`);
  } else if (rules.type === 'boolean') parts.push('true or false');
  else {
    if (rules.min !== undefined && rules.max !== undefined) parts.push(`${rules.min}–${rules.max} characters`);
    else if (rules.min !== undefined) parts.push(`at least ${rules.min} characters`);
    else if (rules.max !== undefined) parts.push(`up to ${rules.max} characters`);
  }
  if (rules.pattern) parts.push(`matching ${rules.pattern}`);
  return parts.join(' · ');
}
