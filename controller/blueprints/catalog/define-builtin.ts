import type { z } from 'zod';
import { BlueprintSchema, type Blueprint } from '../../../contracts/index.ts';

/** A catalog entry as written: the schema fills in every default, and `builtin` is implied. */
export type BuiltinDefinition = Omit<z.input<typeof BlueprintSchema>, 'builtin'>;

/**
 * Parses a catalog entry through the same schema as admin-made blueprints, so a typo in the
 * catalog fails at start-up instead of on some user's server, and freezes it: the catalog is
 * shared by every request and must never be changed in place.
 */
export function defineBuiltin(definition: BuiltinDefinition): Blueprint {
  return deepFreeze(BlueprintSchema.parse({ ...definition, builtin: true }));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
