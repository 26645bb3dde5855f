import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { AppError } from '../../contracts/index.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { DocumentAdapter } from './document-adapter.ts';
import { emptyDocument, type Document } from './document-schema.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { WriteQueue } from './write-queue.ts';

export { DataFileError } from './data-file-error.ts';

export const DATA_FILE_NAME = 'stellarstack.json';
export const LOCK_FILE_NAME = 'stellarstack.lock';

/**
 * The one writer of the data file: the data dir's lock, lowdb over a validating, durable
 * adapter, and a write queue in front of it. Every mutation goes through the queue, which
 * coalesces concurrent ones into one `db.write()`; the committed document is swapped in only
 * once that write is on disk, so readers only ever see what is on disk.
 */
export class DocumentStore {
  readonly path: string;
  readonly #db: Low<Document>;
  readonly #lock: DataDirLock;
  readonly #writes: WriteQueue<Document>;
  /** What is on disk. lowdb's own `data` is the document being written while a write is under way. */
  #committed: Document;
  /** Increments on every commit, so caches derived from the document know when to rebuild. */
  revision = 0;

  private constructor(db: Low<Document>, lock: DataDirLock, path: string) {
    this.#db = db;
    this.#lock = lock;
    this.path = path;
    this.#committed = db.data;
    this.#writes = new WriteQueue<Document>({
      committed: () => this.#committed,
      copy: (doc) => structuredClone(doc),
      commit: (next) => this.#commit(next),
    });
  }

  static async open(dataDir: string): Promise<DocumentStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, DATA_FILE_NAME);
    const lock = await DataDirLock.acquire(join(dataDir, LOCK_FILE_NAME), path);
    try {
      const file = new DurableJsonFile(path);
      await file.removeStaleTempFiles();
      const adapter = new DocumentAdapter(file);
      const db = new Low<Document>(adapter, emptyDocument());
      await db.read();
      // A new data dir gets its file at once, so a broken disk shows at start-up, not at the first write.
      if (adapter.needsWrite) await db.write();
      return new DocumentStore(db, lock, path);
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

  /** Waits for every queued write, then refuses new ones and lets the data dir go. */
  async close(): Promise<void> {
    await this.#writes.close();
    await this.#lock.release();
  }

  async #commit(next: Document): Promise<void> {
    this.#db.data = next;
    try {
      await this.#db.write();
    } catch (error) {
      this.#db.data = this.#committed;
      throw storageFailure(error, this.path);
    }
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
