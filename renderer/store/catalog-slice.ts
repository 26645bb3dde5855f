import type { StateCreator } from 'zustand';
import type { Blueprint } from '../../contracts/index.ts';
import type { AppStore, StoreDeps } from './app-store.ts';

export interface CatalogSlice {
  /** The blueprint catalogue, loaded once per sign-in and kept current by the pages that change it. */
  blueprints: { items: Blueprint[] | null; error: string | null };
  loadBlueprints(force?: boolean): Promise<void>;
  blueprintSaved(blueprint: Blueprint): void;
  blueprintRemoved(id: string): void;
}

export const createCatalogSlice = (deps: StoreDeps): StateCreator<AppStore, [], [], CatalogSlice> => {
  let loading: Promise<void> | null = null;
  return (set, get) => ({
    blueprints: { items: null, error: null },
    loadBlueprints(force = false) {
      if (!force && get().blueprints.items) return Promise.resolve();
      loading ??= deps.api.all<Blueprint>('/blueprints').then(
        (items) => set({ blueprints: { items, error: null } }),
        (error: unknown) => set((s) => ({ blueprints: { items: s.blueprints.items, error: (error as Error).message } })),
      ).finally(() => { loading = null; });
      return loading;
    },
    blueprintSaved(blueprint) {
      set((s) => {
        const items = s.blueprints.items ?? [];
        const next = items.some((b) => b.id === blueprint.id) ? items.map((b) => (b.id === blueprint.id ? blueprint : b)) : [...items, blueprint];
        return { blueprints: { items: next, error: null } };
      });
    },
    blueprintRemoved(id) {
      set((s) => ({ blueprints: { items: (s.blueprints.items ?? []).filter((b) => b.id !== id), error: s.blueprints.error } }));
    },
  });
};
