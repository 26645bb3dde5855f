import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { AppError } from '../../contracts/index.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { DocumentAdapter, journalPathFor } from './document-adapter.ts';
import { emptyDocument, type Document } from './document-schema.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import type { DocumentChange } from './document-changes.ts';
import { draftOf, freezeChanged, freezeDocument } from './frozen-records.ts';
import { RecordIndex, type Collection, type RecordOf } from './record-index.ts';
import { WriteQueue } from './write-queue.ts';

export { DataFileError } from './data-file-error.ts';

export type CommitListener = (changes: readonly DocumentChange[] | null, next: Readonly<Document>) => void;

export const DATA_FILE_NAME = 'stellarstack.json';
export const LOCK_FILE_NAME = 'stellarstack.lock';
/** What each write appends to until it is folded into the data file (see document-adapter.ts). */
export const JOURNAL_FILE_NAME = journalPathFor(DATA_FILE_NAME);

/**
 * The one writer of the data files: the data dir's lock, lowdb over a validating, durable,
 * journalling adapter, and a write queue in front of it. Every mutation goes through the
 * queue, which coalesces concurrent ones into one `db.write()`; the committed document is
 * swapped in only once that write is on disk, so readers only ever see what is on disk.
 *
 * Committed records are frozen and a mutation works on a draft whose lists are copies holding
 * the same records, so a write replaces the records it changes (see frozen-records.ts): the
 * copy costs pointers, not records, and the adapter finds what changed by reference.
 */
export class DocumentStore {
  readonly path: string;
  readonly #db: Low<Document>;
  readonly #lock: DataDirLock;
  readonly #writes: WriteQueue<Document>;
  readonly #adapter: DocumentAdapter;
  readonly #index = new RecordIndex();
  readonly #commitListeners: CommitListener[] = [];
  /** What is on disk. lowdb's own `data` is the document being written while a write is under way. */
  #committed: Document;
  /** Increments on every commit, so caches derived from the document know when to rebuild. */
  revision = 0;

  private constructor(db: Low<Document>, adapter: DocumentAdapter, lock: DataDirLock, path: string) {
    this.#db = db;
    this.#adapter = adapter;
    this.#lock = lock;
    this.path = path;
    this.#committed = freezeDocument(db.data);
    this.#writes = new WriteQueue<Document>({
      committed: () => this.#committed,
      copy: draftOf,
      commit: (next) => this.#commit(next),
    });
  }

  static async open(dataDir: string): Promise<DocumentStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, DATA_FILE_NAME);
    const lock = await DataDirLock.acquire(join(dataDir, LOCK_FILE_NAME), path);
    try {
      const adapter = new DocumentAdapter(new DurableJsonFile(path));
      await adapter.removeStaleTempFiles();
      const db = new Low<Document>(adapter, emptyDocument());
      await db.read();
      // A new data dir gets its file at once, so a broken disk shows at start-up, not at the
      // first write; a journal left by the last run is folded into the snapshot now.
      if (adapter.needsWrite) await db.write();
      return new DocumentStore(db, adapter, lock, path);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** The committed document. Treat as read-only: change it only through mutate(). */
  get data(): Readonly<Document> {
    return this.#committed;
  }

  /**
   * Applies `apply` to a draft of the document and resolves with its return value once the
   * result is durably on disk. If `apply` throws, nothing changes and the promise rejects.
   */
  mutate<T>(apply: (draft: Document) => T): Promise<T> {
    return this.#writes.mutate(apply);
  }

  /** The committed record of `collection` with `id`, found through an index kept in step with every commit. */
  findById<C extends Collection>(collection: C, id: string): RecordOf<C> | undefined {
    return this.#index.find(this.#committed, collection, id);
  }

  /**
   * Calls `listener` with each commit's changes (null: the document was written whole), once
   * they are on disk and just before they become visible: `data` and findById() still show the
   * state before, so a derived index can take out what a change replaced.
   */
  onCommit(listener: CommitListener): void {
    this.#commitListeners.push(listener);
  }

  /** Waits for every queued write, folds the journal into the snapshot, then lets the data dir go. */
  async close(): Promise<void> {
    await this.#writes.close();
    try {
      await this.#adapter.close();
    } finally {
      await this.#lock.release();
    }
  }

  async #commit(next: Document): Promise<void> {
    this.#db.data = next;
    try {
      await this.#db.write();
    } catch (error) {
      this.#db.data = this.#committed;
      throw storageFailure(error, this.path);
    }
    const changes = this.#adapter.lastChanges;
    freezeChanged(next, changes);
    for (const listener of this.#commitListeners) listener(changes, next);
    this.#index.update(changes);
    this.#committed = next;
    this.revision += 1;
  }
}

/**
 * A write that did not reach the disk (full, read-only, gone) is the admin's problem to fix,
 * not a bug: say so with a 503 and the reason. Nothing changed, in memory or on disk.
 */
function storageFailure(error: unknown, path: string): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' ? 'the file system is read-only' : `the write failed (${code ?? 'unknown error'})`;
  return new AppError('STORAGE_UNAVAILABLE', `Could not save the change: ${why}. Nothing was changed; free space or fix ${path} and retry`);
}
