import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import type { CreateServerBody } from '../../../contracts/api/servers.ts';
import { formatCores } from '../../lib/format.ts';
import { sizeOfMiB } from '../blueprints/amounts.ts';
import { parsePorts } from '../../lib/port-text.ts';
import { checkInteger, checkVariable, type FieldErrors } from '../../lib/validation.ts';

/**
 * The create-server form as plain data: what the fields hold (numbers as typed, so a half
 * typed "20" is not a 2), the checks made before asking, the request body, and where the
 * API's answer lands. Kept free of React so it is tested on its own.
 */
export interface CreateFormState {
  name: string;
  description: string;
  nodeId: string;
  memory: string;
  cpu: string;
  disk: string;
  swap: string;
  /** The image reference (a value of `blueprint.images`). */
  image: string;
  /** '' = the admin creating it. */
  ownerId: string;
  restartOnCrash: boolean;
  /** '' = let the node place the blueprint's ports in its free ranges; else as typed, "25565/tcp". */
  ports: string;
  variables: Record<string, string>;
}

/** The fields a message can sit under; anything else goes to the banner. */
export const FORM_FIELDS = ['name', 'description', 'nodeId', 'memory', 'cpu', 'disk', 'swap', 'image', 'ownerId', 'restartPolicy', 'blueprintId', 'ports'] as const;

const MAX_RETRIES = 3;

export function initialCreateForm(blueprint: Blueprint, nodeId: string): CreateFormState {
  return {
    name: '',
    description: '',
    nodeId,
    ownerId: '',
    restartOnCrash: false,
    ports: '',
    ...blueprintFields(blueprint),
  };
}

/** Picking another game keeps what the person typed about the server, and takes the new game's defaults. */
export function switchBlueprint(state: CreateFormState, blueprint: Blueprint): CreateFormState {
  return { ...state, ...blueprintFields(blueprint) };
}

function blueprintFields(blueprint: Blueprint): Pick<CreateFormState, 'memory' | 'cpu' | 'disk' | 'swap' | 'image' | 'variables'> {
  return {
    memory: String(blueprint.defaults.memory),
    cpu: String(blueprint.defaults.cpu),
    disk: String(blueprint.defaults.disk),
    swap: '0',
    image: Object.values(blueprint.images)[0] ?? '',
    variables: Object.fromEntries(blueprint.variables.map((v) => [v.env, v.default])),
  };
}

/** A whole number typed in a field, or null while it is not one. */
export function wholeNumber(raw: string): number | null {
  if (raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isInteger(value) ? value : null;
}

/** "= 2 GiB", "= 1.5 cores": what a number typed in the API's units means to a person. */
export function humanAmount(field: 'memory' | 'cpu' | 'disk' | 'swap', raw: string): string {
  const value = wholeNumber(raw);
  if (value === null) return '';
  if (field === 'cpu') return value > 0 ? `= ${formatCores(value)}` : '';
  if (field === 'swap') {
    if (value === 0) return 'off';
    if (value === -1) return 'unlimited';
  }
  return value > 0 ? `= ${sizeOfMiB(value)}` : '';
}

/** The checks a person can be told about before the round trip; the API still decides. */
export function checkCreateForm(state: CreateFormState, blueprint: Blueprint): FieldErrors {
  const errors: FieldErrors = {};
  const name = state.name.trim();
  if (name === '') errors.name = 'Enter a name';
  else if (name.length > 100) errors.name = 'Use at most 100 characters';
  if (state.description.length > 2000) errors.description = 'Use at most 2000 characters';
  if (state.nodeId === '') errors.nodeId = 'Choose a node';
  const checks: [keyof CreateFormState & string, string | undefined][] = [
    ['memory', checkInteger(state.memory, { min: 16, label: 'the memory in MiB' })],
    ['cpu', checkInteger(state.cpu, { min: 1, max: 6400, label: 'the CPU limit in percent' })],
    ['disk', checkInteger(state.disk, { min: 1, label: 'the disk size in MiB' })],
    ['swap', state.swap.trim() === '' ? undefined : checkInteger(state.swap, { min: -1, label: 'the swap in MiB' })],
  ];
  for (const [field, problem] of checks) if (problem) errors[field] = problem;
  if (state.ports.trim() !== '') {
    const ports = parsePorts(state.ports);
    if ('error' in ports) errors.ports = ports.error;
  }
  if (state.image !== '' && !Object.values(blueprint.images).includes(state.image)) errors.image = 'Choose one of the images of this game';
  for (const variable of blueprint.variables) {
    const problem = checkVariable(state.variables[variable.env] ?? '', variable.rules);
    if (problem) errors[`variables.${variable.env}`] = problem;
  }
  return errors;
}

/** The POST /servers body for a form that passed its checks. */
export function buildCreateBody(state: CreateFormState, blueprint: Blueprint): CreateServerBody {
  const body: CreateServerBody = {
    name: state.name.trim(),
    nodeId: state.nodeId,
    blueprintId: blueprint.id,
    memory: Number(state.memory),
    cpu: Number(state.cpu),
    disk: Number(state.disk),
    swap: state.swap.trim() === '' ? 0 : Number(state.swap),
    // Only the blueprint's own variables: one left over from another game would be a 422.
    variables: Object.fromEntries(blueprint.variables.map((v) => [v.env, state.variables[v.env] ?? v.default])),
    restartPolicy: { enabled: state.restartOnCrash, maxRetries: MAX_RETRIES },
  };
  if (state.description.trim() !== '') body.description = state.description;
  // With one image the API takes it by itself; naming it only matters when there is a choice.
  if (Object.keys(blueprint.images).length > 1) body.image = state.image;
  if (state.ownerId !== '') body.ownerId = state.ownerId;
  const ports = state.ports.trim() === '' ? null : parsePorts(state.ports);
  if (ports && 'ports' in ports) body.ports = ports.ports;
  return body;
}

export interface ErrorLike {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface PlacedErrors {
  /** Messages under their fields, keyed like the form (`memory`, `variables.GREETING`). */
  fields: FieldErrors;
  /** What belongs to no field, for the banner above the Create button; null when nothing. */
  banner: string | null;
}

/**
 * Where an API failure shows. A 422 names fields in `details` (`memory`, `variables.GREETING`,
 * `restartPolicy.maxRetries`); a 409 INSUFFICIENT_CAPACITY names the resources that do not fit
 * ("128 requested, 64 free of 2048"), which sit under their fields with the message, and a 409
 * PORT_IN_USE or NO_FREE_PORTS sits under the ports. Keys the
 * form has no field for, and every other error, go to the banner in the API's words.
 */
export function placeApiError(error: ErrorLike, blueprint: Pick<Blueprint, 'variables'> | null): PlacedErrors {
  const details = Object.entries(error.details).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  if (error.code === 'INSUFFICIENT_CAPACITY') {
    const fields: FieldErrors = {};
    for (const [key, detail] of details) {
      if (key === 'memory' || key === 'cpu' || key === 'disk') fields[key] = `${error.message}: ${detail}${key === 'cpu' ? '%' : ' MiB'}`;
    }
    return { fields, banner: Object.keys(fields).length > 0 ? null : error.message };
  }
  // A held port or full ranges concern the ports field; the message names the port and its holder.
  if (error.code === 'PORT_IN_USE' || error.code === 'NO_FREE_PORTS') return { fields: { ports: error.message }, banner: null };
  if (error.code !== 'VALIDATION_ERROR') return { fields: {}, banner: error.message };
  const variables = new Set((blueprint?.variables ?? []).map((v) => v.env));
  const fields: FieldErrors = {};
  const leftovers: string[] = [];
  for (const [key, detail] of details) {
    const field = fieldOf(key, variables);
    if (field === null) leftovers.push(`${key}: ${detail}`);
    else fields[field] ??= sentence(detail);
  }
  if (leftovers.length > 0) return { fields, banner: `${error.message}: ${leftovers.join('; ')}` };
  return { fields, banner: Object.keys(fields).length > 0 ? null : error.message };
}

function fieldOf(key: string, variables: ReadonlySet<string>): string | null {
  if ((FORM_FIELDS as readonly string[]).includes(key)) return key;
  if (key.startsWith('restartPolicy.')) return 'restartPolicy';
  if (key.startsWith('ports.')) return 'ports';
  if (key.startsWith('variables.')) {
    const env = key.slice('variables.'.length);
    return variables.has(env) ? key : null;
  }
  return null;
}

/** The API writes details as predicates ("must be at least 16"); under a field they read as sentences. */
function sentence(detail: string): string {
  return detail.length > 0 ? detail[0]!.toUpperCase() + detail.slice(1) : detail;
}
