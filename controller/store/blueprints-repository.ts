import { AppError, type Blueprint, type BlueprintBody, type CreateBlueprintBody } from '../../contracts/index.ts';
import { assertValidBlueprint } from '../blueprints/blueprint-checks.ts';
import { BUILTIN_BLUEPRINTS } from '../blueprints/catalog/index.ts';
import type { DocumentStore } from './document-store.ts';
import type { Document } from './document-schema.ts';

/**
 * The built-in catalog (code) merged with the blueprints admins added or replaced (stored).
 * A stored blueprint with a built-in's id replaces it; deleting that override brings the
 * built-in back. `builtin` on a blueprint means "its id belongs to the catalog", so a client
 * knows a delete restores instead of removes.
 *
 * A pure built-in cannot be deleted (409 CONFLICT): the catalog is code, so hiding one would
 * need a tombstone in the data file and a way to bring it back, and an admin who wants a
 * different version can replace it instead.
 */
export class BlueprintsRepository {
  readonly #catalog: ReadonlyMap<string, Blueprint>;
  #listed: { from: readonly Blueprint[]; blueprints: readonly Blueprint[] } | null = null;

  readonly #store: DocumentStore;

  constructor(
    store: DocumentStore,
    builtins: readonly Blueprint[] = BUILTIN_BLUEPRINTS,
  ) {
    this.#store = store;
    this.#catalog = new Map(builtins.map((b) => [b.id, b]));
  }

  /**
   * Every blueprint, sorted by name (then id) so pages are stable. Merged and sorted again only
   * when the committed list of stored blueprints is a new one (a commit never edits a list in
   * place), so a catalog read costs its page, not a locale-aware sort.
   */
  list(): readonly Blueprint[] {
    const stored = this.#store.data.blueprints;
    if (this.#listed?.from !== stored) {
      const merged = new Map(this.#catalog);
      for (const blueprint of stored) merged.set(blueprint.id, this.#present(blueprint));
      const sorted = [...merged.values()].sort((a, b) => BY_NAME.compare(a.name, b.name) || a.id.localeCompare(b.id));
      this.#listed = { from: stored, blueprints: sorted };
    }
    return this.#listed.blueprints;
  }

  get(id: string): Blueprint | undefined {
    const stored = this.#store.data.blueprints.find((b) => b.id === id);
    return stored ? this.#present(stored) : this.#catalog.get(id);
  }

  isBuiltin(id: string): boolean {
    return this.#catalog.has(id);
  }

  /** How many servers use the blueprint. */
  inUse(id: string): number {
    return countServers(this.#store.data, id);
  }

  /** Adds a blueprint; an id already taken (stored or built-in) is a 409 CONFLICT. */
  create(input: CreateBlueprintBody): Promise<Blueprint> {
    const { id, ...body } = input;
    assertValidBlueprint(body);
    return this.#store.mutate((doc) => {
      if (this.#catalog.has(id) || doc.blueprints.some((b) => b.id === id)) {
        throw new AppError('CONFLICT', `A blueprint with the id ${id} already exists; replace it with PUT /blueprints/${id}`, { id: 'is already taken' });
      }
      const blueprint = this.#toStored(id, body);
      doc.blueprints.push(blueprint);
      return this.#present(blueprint);
    });
  }

  /**
   * Replaces a blueprint as a whole (PUT). Replacing a built-in stores an override. Servers
   * that use the blueprint keep running; they pick the change up at their next start.
   */
  replace(id: string, body: BlueprintBody): Promise<Blueprint> {
    assertValidBlueprint(body);
    return this.#store.mutate((doc) => {
      const index = doc.blueprints.findIndex((b) => b.id === id);
      if (index === -1 && !this.#catalog.has(id)) throw notFound();
      const blueprint = this.#toStored(id, body);
      if (index === -1) doc.blueprints.push(blueprint);
      else doc.blueprints[index] = blueprint;
      return this.#present(blueprint);
    });
  }

  /**
   * Deletes a stored blueprint, or an admin's override of a built-in (which restores the
   * built-in). Refused with BLUEPRINT_IN_USE while any server uses the id, overrides included:
   * restoring the built-in would change those servers' startup under them.
   */
  delete(id: string): Promise<{ restoredBuiltin: boolean }> {
    return this.#store.mutate((doc) => {
      const index = doc.blueprints.findIndex((b) => b.id === id);
      if (index === -1) {
        if (!this.#catalog.has(id)) throw notFound();
        throw new AppError('CONFLICT', 'Built-in blueprints cannot be deleted; replace it with PUT to change it', { id: 'is a built-in blueprint' });
      }
      const servers = countServers(doc, id);
      if (servers > 0) {
        throw new AppError('BLUEPRINT_IN_USE', `${servers} server(s) use this blueprint; delete them or move them to another blueprint first`, { servers });
      }
      doc.blueprints.splice(index, 1);
      return { restoredBuiltin: this.#catalog.has(id) };
    });
  }

  #toStored(id: string, body: BlueprintBody): Blueprint {
    return { ...structuredClone(body), id, builtin: this.#catalog.has(id) };
  }

  /** A stored record as clients see it: `builtin` follows the catalog of this build, not what was stored. */
  #present(stored: Blueprint): Blueprint {
    const builtin = this.#catalog.has(stored.id);
    return stored.builtin === builtin ? stored : { ...stored, builtin };
  }
}

/** Case- and accent-insensitive, as a person reads a list of names; one collator, not one per comparison. */
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' });

function countServers(doc: Readonly<Document>, blueprintId: string): number {
  return doc.servers.filter((s) => s.blueprintId === blueprintId).length;
}

function notFound(): AppError {
  return new AppError('NOT_FOUND', 'Blueprint not found');
}
