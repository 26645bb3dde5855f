import type { Settings } from '../../contracts/index.ts';
import { definedOnly } from './defined-only.ts';
import type { DocumentStore } from './document-store.ts';

export class SettingsRepository {
  readonly #store: DocumentStore;

  constructor(store: DocumentStore) {
    this.#store = store;
  }

  get(): Settings {
    return { ...this.#store.data.settings };
  }

  update(changes: Partial<Settings>): Promise<Settings> {
    return this.#store.mutate((doc) => {
      Object.assign(doc.settings, definedOnly(changes));
      return { ...doc.settings };
    });
  }
}
