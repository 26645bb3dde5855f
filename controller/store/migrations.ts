import { CURRENT_SCHEMA_VERSION } from './document-schema.ts';
import { DataFileError } from './data-file-error.ts';

/** Takes the raw document of one schema version and returns the next version's shape. */
export type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Forward migrations, keyed by the version they upgrade from. Bump CURRENT_SCHEMA_VERSION in
 * document-schema.ts and add the step from the old version here when the document changes shape.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export interface MigrationPlan {
  /** The version this build reads and writes. */
  current: number;
  steps: Readonly<Record<number, Migration>>;
}

const THIS_BUILD: MigrationPlan = { current: CURRENT_SCHEMA_VERSION, steps: MIGRATIONS };

/**
 * Brings a parsed data file up to the current schema version, one step at a time. A file with
 * no version, from a newer build, or from a version no step starts at is refused with a
 * DataFileError naming `path` — never guessed at, so it is never overwritten. `changed` says
 * whether any step ran, i.e. whether the file should be written back in the current shape.
 */
export function migrateForward(raw: unknown, path: string, plan: MigrationPlan = THIS_BUILD): { doc: Record<string, unknown>; changed: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DataFileError(path, 'does not hold a JSON object');
  }
  let doc = raw as Record<string, unknown>;
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) {
    throw new DataFileError(path, 'has no schema version');
  }
  let version: number = doc.version;
  if (version > plan.current) {
    throw new DataFileError(path, `was written by a newer StellarStack (schema version ${version}, this build reads up to ${plan.current})`);
  }
  let changed = false;
  while (version < plan.current) {
    const step = plan.steps[version];
    if (!step) throw new DataFileError(path, `has schema version ${version}, which this build cannot migrate`);
    doc = step(doc);
    // A step that does not move the version on is a bug in this build, not in the file.
    if (typeof doc.version !== 'number' || doc.version <= version) {
      throw new Error(`the migration from schema version ${version} did not advance the version (got ${String(doc.version)})`);
    }
    version = doc.version;
    changed = true;
  }
  return { doc, changed };
}
