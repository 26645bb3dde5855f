import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { lineOfPath, scanJson, type JsonSyntaxError } from './json-locate.ts';

/**
 * The blueprint JSON editor's logic: the text it starts from, turning the text into a request,
 * and placing the API's 422 details on lines of the text.
 */

export type EditorMode = { kind: 'new' } | { kind: 'edit'; id: string; builtin: boolean };

/** A blueprint to start from: every field present, so an admin edits rather than remembers. */
export const NEW_BLUEPRINT_TEMPLATE = {
  id: 'my-game',
  name: 'My game',
  description: 'What this server is, in one line.',
  category: 'custom',
  images: { Default: 'ghcr.io/example/my-game:latest' },
  startup: './server --port {{SERVER_PORT}} --name "{{SERVER_NAME}}"',
  stop: { type: 'signal', value: 'SIGTERM' },
  done: ['Server started'],
  startTimeoutSeconds: 300,
  stopGraceSeconds: 30,
  ports: [{ name: 'Game', port: 27015, protocol: 'udp', description: 'Players connect here' }],
  defaults: { memory: 2048, cpu: 100, disk: 10240 },
  variables: [
    {
      env: 'SERVER_NAME',
      name: 'Server name',
      description: 'The name players see.',
      default: 'A StellarStack server',
      userEditable: true,
      rules: { required: true, type: 'string', max: 64 },
    },
  ],
  dataPath: '/home/container',
  install: null,
};

/** The editor's starting text: the template, or the blueprint without `builtin` (the API decides that), id first. */
export function editorText(blueprint: Blueprint | null): string {
  if (!blueprint) return JSON.stringify(NEW_BLUEPRINT_TEMPLATE, null, 2);
  const { id, builtin: _builtin, ...body } = blueprint;
  return JSON.stringify({ id, ...body }, null, 2);
}

export interface BlueprintRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
}

/** Problems keyed by path, as the API's 422 details are, plus the syntax error when the text does not parse. */
export interface EditorProblems {
  syntax: JsonSyntaxError | null;
  details: Record<string, string>;
}

export type ReadResult = { ok: true; request: BlueprintRequest } | { ok: false; problems: EditorProblems };

/**
 * The request the text stands for, or why there is none yet. New: POST with the id in the
 * body. Edit: PUT to the blueprint's id, whose body has no `id` (the API's body is strict);
 * an `id` left in the text must still be the same one, since PUT cannot rename.
 */
export function readEditor(text: string, mode: EditorMode): ReadResult {
  const scan = scanJson(text);
  if (scan.error) return { ok: false, problems: { syntax: scan.error, details: {} } };
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: { syntax: null, details: { body: 'must be a JSON object: { "id": …, "name": …, … }' } } };
  }
  const { builtin: _builtin, ...body } = value as Record<string, unknown>;
  if (mode.kind === 'new') return { ok: true, request: { method: 'POST', path: '/blueprints', body } };
  const { id, ...rest } = body;
  if (id !== undefined && id !== mode.id) {
    return { ok: false, problems: { syntax: null, details: { id: `cannot change here (this is ${mode.id}); to copy it under a new id, use New blueprint` } } };
  }
  return { ok: true, request: { method: 'PUT', path: `/blueprints/${encodeURIComponent(mode.id)}`, body: rest } };
}

export interface PlacedProblem {
  path: string;
  message: string;
  /** The line of the text it points at, when the text has that key or an ancestor of it. */
  line: number | null;
}

/**
 * API details on the lines of the text. `body` (the whole request) and an absent top-level
 * key have no line. An edit's body has no `id` but its text may: the scan is of the text, so
 * paths line up either way.
 */
export function placeProblems(text: string, details: Record<string, unknown>): PlacedProblem[] {
  const { positions } = scanJson(text);
  return Object.entries(details)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([path, message]) => ({ path, message, line: path === 'body' ? null : lineOfPath(text, positions, path) }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path));
}
