import type { Settings } from '../../contracts/index.ts';
import type { DocumentStore } from './document-store.ts';

export class SettingsRepository {
  constructor(private readonly store: DocumentStore) {}

  get(): Settings {
    return { ...this.store.data.settings };
  }

  update(changes: Partial<Settings>): Promise<Settings> {
    return this.store.mutate((doc) => {
      Object.assign(doc.settings, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      return { ...doc.settings };
    });
  }
}
