import type { Blueprint } from '../../../contracts/api/blueprints.ts';
import { ApiError } from '../../api/client.ts';

/** The import route takes eggs up to 1 MiB; a bigger file is refused before it is sent. */
export const MAX_EGG_BYTES = 1024 * 1024;

export type EggFile = { ok: true; name: string; egg: Record<string, unknown> } | { ok: false; problem: string };

/**
 * A dropped or picked file as an egg to send, or why not — checked here only as far as a
 * person can fix it before the round trip (size, JSON, an object); what an egg means is the
 * API's to say, in the dry run's warnings or its 422.
 */
export function readEggFile(name: string, size: number, text: string): EggFile {
  if (size > MAX_EGG_BYTES) return { ok: false, problem: `${name} is ${(size / 1024 / 1024).toFixed(1)} MiB; eggs up to 1 MiB can be imported.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${name} is not JSON (${(error as Error).message}). Eggs are the .json files panels export.` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: `${name} holds JSON, but not an egg: an egg is one object with meta, name, startup…` };
  }
  return { ok: true, name, egg: parsed as Record<string, unknown> };
}

/** What went wrong with an import, for the dialog: field problems listed, an earlier import offered to be replaced. */
export interface ImportProblem {
  message: string;
  fields: [string, string][];
  /** The egg was imported before: it can be imported again as a replacement. */
  canReplace: boolean;
}

export function importProblem(error: unknown): ImportProblem {
  if (!(error instanceof ApiError)) return { message: (error as Error).message, fields: [], canReplace: false };
  if (error.code === 'VALIDATION_ERROR') return { message: 'The egg cannot be imported:', fields: Object.entries(error.fieldErrors), canReplace: false };
  if (error.code === 'CONFLICT' && typeof error.details.uuid === 'string') return { message: error.message, fields: [], canReplace: true };
  if (error.code === 'PAYLOAD_TOO_LARGE') return { message: 'The egg is larger than the 1 MiB the server accepts.', fields: [], canReplace: false };
  return { message: error.message, fields: [], canReplace: false };
}

/** The file name an export downloads as. */
export function eggFileName(blueprint: Pick<Blueprint, 'id'>): string {
  return `egg-${blueprint.id}.json`;
}

/** Saves `egg` as a file through the browser's download (in the desktop window too). */
export function downloadEgg(blueprint: Pick<Blueprint, 'id'>, egg: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(egg, null, 2)}\n`], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = eggFileName(blueprint);
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download by the time the next task runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
