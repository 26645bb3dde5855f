import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { AppError } from '../../contracts/index.ts';
import { CURRENT_SCHEMA_VERSION, DocumentSchema, MIGRATIONS, emptyDocument, type Document } from './document-schema.ts';
import { DurableJsonFile } from './durable-json-file.ts';

export const DATA_FILE_NAME = 'stellarstack.json';
export const LOCK_FILE_NAME = 'stellarstack.lock';

/** Start-up refused because the data file cannot be trusted; the message names the file and why. */
export class DataFileError extends Error {
  constructor(readonly path: string, reason: string, advice = 'fix or move it, then start again') {
    super(`Refusing to start: the data file ${path} ${reason}. It has been left untouched; ${advice}.`);
    this.name = 'DataFileError';
  }
}

type Mutation = {
  apply: (draft: Document) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * The one writer of the data file. Every mutation is queued; a flush applies the queued
 * mutations to a copy of the committed document (each to its own copy, so one that throws
 * leaves no half-change behind), writes the result durably once, and only then swaps it in
 * and acknowledges. Readers therefore only ever see what is on disk, and concurrent
 * requests coalesce into one fsync.
 */
export class DocumentStore {
  private readonly db: Low<Document>;
  private readonly adapter: DocumentAdapter;
  private queue: Mutation[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  /** Increments on every commit, so caches derived from the document know when to rebuild. */
  revision = 0;

  private constructor(file: DurableJsonFile) {
    this.adapter = new DocumentAdapter(file);
    this.db = new Low<Document>(this.adapter, emptyDocument());
  }

  static async open(dataDir: string): Promise<DocumentStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const file = new DurableJsonFile(join(dataDir, DATA_FILE_NAME));
    const releaseLock = await lockDataDir(join(dataDir, LOCK_FILE_NAME), file.path);
    try {
      await file.removeStaleTempFiles();
      const store = new DocumentStore(file);
      store.releaseLock = releaseLock;
      await store.db.read();
      // A new data dir gets its file at once, so a broken disk shows at start-up, not at the first write.
      if (store.adapter.needsWrite) await store.adapter.write(store.db.data);
      return store;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  private releaseLock: () => Promise<void> = async () => {};

  get path(): string {
    return this.adapter.file.path;
  }

  /** The committed document. Treat as read-only: change it only through mutate(). */
  get data(): Readonly<Document> {
    return this.db.data;
  }

  /**
   * Applies `apply` to a draft of the document and resolves with its return value once the
   * result is durably on disk. If `apply` throws, nothing changes and the promise rejects.
   */
  mutate<T>(apply: (draft: Document) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.commit(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async commit(batch: Mutation[]): Promise<void> {
    let working = this.db.data;
    const applied: { mutation: Mutation; result: unknown }[] = [];
    for (const mutation of batch) {
      const draft = structuredClone(working);
      try {
        const result = mutation.apply(draft);
        working = draft;
        applied.push({ mutation, result });
      } catch (error) {
        mutation.reject(error);
      }
    }
    if (applied.length === 0) return;
    try {
      // Straight to the adapter, not db.write(): memory must not run ahead of the disk.
      await this.adapter.write(working);
    } catch (error) {
      const refusal = storageFailure(error, this.path);
      for (const { mutation } of applied) mutation.reject(refusal);
      return;
    }
    this.db.data = working;
    this.revision += 1;
    for (const { mutation, result } of applied) mutation.resolve(result);
  }

  /** Waits for every queued write, then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.releaseLock();
  }
}

/** Lock files this process holds, so a pid reused after a crash (pid 1 in a container) is not mistaken for a live holder. */
const heldLocks = new Set<string>();

/**
 * One writer per data dir: two controllers on one file would each overwrite the other's
 * acknowledged writes. The lock file holds the owner's pid; one left by a process that died
 * (SIGKILL, power loss) is taken over.
 */
async function lockDataDir(lockPath: string, dataPath: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      heldLocks.add(lockPath);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        heldLocks.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
    const live = holder === process.pid ? heldLocks.has(lockPath) : Number.isInteger(holder) && holder > 0 && processExists(holder);
    if (live) {
      throw new DataFileError(dataPath, `is in use by another StellarStack (pid ${holder})`, `stop that one first, or delete ${lockPath} if no such process is running`);
    }
    await rm(lockPath, { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Reads the file into a validated, migrated document, or throws DataFileError: a file that
 * cannot be trusted is never overwritten.
 */
class DocumentAdapter implements Adapter<Document> {
  needsWrite = false;

  constructor(readonly file: DurableJsonFile) {}

  async read(): Promise<Document | null> {
    const text = await this.file.read();
    if (text === null) {
      this.needsWrite = true;
      return null;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DataFileError(this.file.path, `is not valid JSON (${(error as Error).message})`);
    }
    const migrated = migrate(raw, this.file.path);
    const parsed = DocumentSchema.safeParse(migrated.doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || '(root)' : '(root)';
      throw new DataFileError(this.file.path, `does not match the expected format at ${where}: ${issue?.message ?? 'invalid'}`);
    }
    this.needsWrite = migrated.changed;
    return parsed.data;
  }

  async write(doc: Document): Promise<void> {
    await this.file.write(serialise(doc));
    this.needsWrite = false;
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

function serialise(doc: Document): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function migrate(raw: unknown, path: string): { doc: unknown; changed: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DataFileError(path, 'does not hold a JSON object');
  }
  let doc = raw as Record<string, unknown>;
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) {
    throw new DataFileError(path, 'has no schema version');
  }
  let version: number = doc.version;
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new DataFileError(path, `was written by a newer StellarStack (schema version ${version}, this build reads up to ${CURRENT_SCHEMA_VERSION})`);
  }
  let changed = false;
  while (version < CURRENT_SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new DataFileError(path, `has schema version ${version}, which this build cannot migrate`);
    doc = step(doc);
    version = doc.version as number;
    changed = true;
  }
  return { doc, changed };
}
