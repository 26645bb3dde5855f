import type { DocumentChange } from './document-changes.ts';
import type { Document } from './document-schema.ts';

/** The document's lists of records, each record with an `id`. */
export type Collection = 'users' | 'sessions' | 'apiKeys' | 'nodes' | 'servers' | 'blueprints';
export type RecordOf<C extends Collection> = Document[C][number];

/**
 * Records by id, per collection, built on first use and then kept in step with each commit's
 * changes, so a lookup costs the same with 10 records or 10,000 and a write costs its change.
 */
export class RecordIndex {
  readonly #byCollection = new Map<string, Map<string, unknown>>();

  find<C extends Collection>(doc: Readonly<Document>, collection: C, id: string): RecordOf<C> | undefined {
    let records = this.#byCollection.get(collection);
    if (!records) {
      records = new Map((doc[collection] as readonly { id: string }[]).map((record) => [record.id, record]));
      this.#byCollection.set(collection, records);
    }
    return records.get(id) as RecordOf<C> | undefined;
  }

  /** Follows a commit; `null` (the document replaced whole) drops every index, to be rebuilt when next needed. */
  update(changes: readonly DocumentChange[] | null): void {
    if (changes === null) {
      this.#byCollection.clear();
      return;
    }
    for (const change of changes) {
      if ('set' in change) {
        this.#byCollection.delete(change.set);
      } else if ('put' in change) {
        this.#byCollection.get(change.put)?.set(change.record.id, change.record);
      } else {
        this.#byCollection.get(change.delete)?.delete(change.id);
      }
    }
  }
}
