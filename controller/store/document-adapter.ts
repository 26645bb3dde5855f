import { createHash } from 'node:crypto';
import type { Adapter } from 'lowdb';
import { DataFileError } from './data-file-error.ts';
import { applyChanges, diffDocuments, type DocumentChange } from './document-changes.ts';
import { DocumentSchema, type Document } from './document-schema.ts';
import type { DurableJsonFile } from './durable-json-file.ts';
import { JournalFile } from './journal-file.ts';
import { migrateForward } from './migrations.ts';

/**
 * Below this the journal is never folded into the snapshot: rewriting a small document on
 * every few writes would cost more syncs than it saves replaying.
 */
const MIN_COMPACTION_BYTES = 256 * 1024;

/** The journal next to a snapshot: `stellarstack.json` → `stellarstack.journal`. */
export function journalPathFor(snapshotPath: string): string {
  return snapshotPath.replace(/\.json$/, '') + '.journal';
}

/**
 * lowdb's seam for the data: a snapshot (the whole document, pretty JSON) plus an append-only
 * journal of what each write changed since. A write appends its changes and syncs them, so it
 * costs the change, not the document; once the journal outgrows the snapshot (and a floor),
 * the next write folds everything into a new snapshot instead, which keeps the cost per write
 * flat when averaged (each fold is paid for by at least as many journal bytes as it rewrites).
 *
 * read() parses the snapshot, replays the journal that continues it, migrates and validates,
 * or throws a DataFileError: files that cannot be trusted are never overwritten. A journal
 * continuing another snapshot (a fold that crashed before it removed the old journal) is
 * stale, its changes already in the snapshot; a torn last entry was never acknowledged. Either
 * way the first write after start-up folds, so the journal starts clean.
 */
export class DocumentAdapter implements Adapter<Document> {
  /** Set by read(): the snapshot is missing, was migrated or has a journal to fold, so it should be written at once. */
  needsWrite = false;
  /** What the last write changed, for indexes derived from the document; null when it was written whole without a diff. */
  lastChanges: readonly DocumentChange[] | null = null;
  readonly file: DurableJsonFile;
  readonly #journal: JournalFile;
  /** The document as it is on disk, records shared by reference with the store's committed one. */
  #written: Document | null = null;
  #snapshotDigest = '';
  #snapshotBytes = 0;
  /** Whether the journal holds acknowledged entries, which only a fold may discard. */
  #journalHoldsEntries = false;

  constructor(file: DurableJsonFile, journal: JournalFile = new JournalFile(journalPathFor(file.path))) {
    this.file = file;
    this.#journal = journal;
  }

  get journalPath(): string {
    return this.#journal.path;
  }

  async read(): Promise<Document | null> {
    const text = await this.file.read();
    const journal = await this.#journal.read();
    if (text === null) {
      if (journal && journal.entries.length > 0) {
        throw new DataFileError(this.#journal.path, `continues a snapshot that is missing (${this.file.path})`, 'restore the snapshot or move both away');
      }
      this.needsWrite = true;
      return null;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DataFileError(this.file.path, `is not valid JSON (${(error as Error).message})`);
    }
    if (journal && journal.base === digest(text)) this.#replay(raw, journal.entries);
    const migrated = migrateForward(raw, this.file.path);
    const parsed = DocumentSchema.safeParse(migrated.doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') || '(root)' : '(root)';
      const path = journal && journal.entries.length > 0 ? `${this.file.path} with its journal ${this.#journal.path}` : this.file.path;
      throw new DataFileError(path, `does not match the expected format at ${where}: ${issue?.message ?? 'invalid'}`);
    }
    this.needsWrite = migrated.changed || journal !== null;
    this.#written = parsed.data;
    this.#snapshotDigest = digest(text);
    this.#snapshotBytes = text.length;
    return parsed.data;
  }

  async write(doc: Document): Promise<void> {
    const changes = this.#written ? diffDocuments(this.#written, doc) : null;
    if (changes?.length === 0 && !this.needsWrite) {
      this.lastChanges = changes;
      return;
    }
    // A journal cut short by a failed append still holds acknowledged entries: only a fold may replace it.
    const journalLost = !this.#journal.isOpen && this.#journalHoldsEntries;
    if (changes === null || this.needsWrite || journalLost || this.#journal.size >= Math.max(MIN_COMPACTION_BYTES, this.#snapshotBytes)) {
      await this.#fold(doc);
    } else {
      await this.#append(changes);
    }
    this.#written = doc;
    this.lastChanges = changes;
    this.needsWrite = false;
  }

  /** Folds the journal into the snapshot and lets the journal go: after a clean close only the snapshot remains. */
  async close(): Promise<void> {
    if (this.#journalHoldsEntries && this.#written) await this.#fold(this.#written);
    await this.#journal.close();
  }

  async removeStaleTempFiles(): Promise<void> {
    await this.file.removeStaleTempFiles();
    await this.#journal.removeStaleTempFiles();
  }

  async #append(changes: readonly DocumentChange[]): Promise<void> {
    if (!this.#journal.isOpen) await this.#journal.start(this.#snapshotDigest);
    await this.#journal.append({ changes });
    this.#journalHoldsEntries = true;
  }

  /** Writes the whole document as the new snapshot (durably), then removes the journal it supersedes. */
  async #fold(doc: Document): Promise<void> {
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    await this.file.write(text);
    this.#snapshotDigest = digest(text);
    this.#snapshotBytes = text.length;
    this.#journalHoldsEntries = false;
    // The snapshot is on disk, so the write stands; a journal that cannot be removed is stale
    // (it names the old snapshot's digest) and the next append replaces it.
    await this.#journal.remove().catch(() => {});
  }

  #replay(raw: unknown, entries: readonly unknown[]): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const batches: unknown[][] = [];
    for (const entry of entries) {
      const changes = (entry as { changes?: unknown } | null)?.changes;
      if (!Array.isArray(changes)) throw new DataFileError(this.#journal.path, 'holds an entry without changes');
      batches.push(changes);
    }
    const problem = applyChanges(raw as Record<string, unknown>, batches);
    if (problem) throw new DataFileError(this.#journal.path, problem);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
