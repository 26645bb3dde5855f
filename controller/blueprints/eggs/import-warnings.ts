import type { ImportWarning } from '../../../contracts/index.ts';

/**
 * Collects what an import could not carry over or had to change. Each warning names the egg
 * field it is about (`variables.2.rules`, `config.files`, `features`), like the 422's details.
 */
export class ImportWarnings {
  readonly #list: ImportWarning[] = [];

  add(field: string, message: string): void {
    this.#list.push({ field, message });
  }

  get list(): ImportWarning[] {
    return [...this.#list];
  }
}
