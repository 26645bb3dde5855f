import { AppError, type Blueprint, type Egg, type ImportBlueprintResult } from '../../../contracts/index.ts';
import type { BlueprintsRepository } from '../../store/blueprints-repository.ts';
import { assertValidBlueprint } from '../blueprint-checks.ts';
import { eggToBlueprint } from './egg-to-blueprint.ts';
import { eggUuidOf } from './egg-uuid.ts';

export interface ImportEggOptions {
  dryRun: boolean;
  /** Replace the blueprint imported earlier from the same egg uuid instead of refusing with 409. */
  replace: boolean;
  /** The id asked for; without one, the egg's name gives it (with -2, -3… when taken). */
  id?: string | undefined;
}

/**
 * `POST /blueprints/import`: an egg becomes a blueprint (or, asked to, replaces the one that
 * came from the same egg before, or was exported as it), answered with the warnings of the
 * mapping. Built-ins are never replaced this way: their export imports as a copy.
 */
export async function importEgg(blueprints: BlueprintsRepository, egg: Egg, options: ImportEggOptions): Promise<ImportBlueprintResult> {
  const { id: suggested, body, warnings } = eggToBlueprint(egg);
  const previous = egg.uuid ? blueprints.list().find((b) => !b.builtin && eggUuidOf(b) === egg.uuid) : undefined;
  if (previous && !options.replace) {
    throw new AppError('CONFLICT', `This egg was imported before as ${previous.id}; import with replace=true to replace it`, {
      uuid: `is already the source of ${previous.id}`,
    });
  }
  if (previous) {
    if (options.id !== undefined && options.id !== previous.id) {
      throw new AppError('VALIDATION_ERROR', 'A replacement keeps the id of the blueprint it replaces', { id: `must be ${previous.id} or left out` });
    }
    assertValidBlueprint(body);
    const blueprint = options.dryRun ? present(previous.id, body) : await blueprints.replace(previous.id, body);
    return { blueprint, warnings, saved: !options.dryRun, replaced: true };
  }
  const id = options.id ?? freeId(blueprints, suggested);
  if (options.dryRun) {
    assertValidBlueprint(body);
    if (blueprints.get(id)) throw new AppError('CONFLICT', `A blueprint with the id ${id} already exists`, { id: 'is already taken' });
    return { blueprint: present(id, body), warnings, saved: false, replaced: false };
  }
  return { blueprint: await blueprints.create({ id, ...body }), warnings, saved: true, replaced: false };
}

function present(id: string, body: Omit<Blueprint, 'id' | 'builtin'>): Blueprint {
  return { ...body, id, builtin: false };
}

function freeId(blueprints: BlueprintsRepository, base: string): string {
  if (!blueprints.get(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base.slice(0, 60)}-${n}`;
    if (!blueprints.get(candidate)) return candidate;
  }
}
