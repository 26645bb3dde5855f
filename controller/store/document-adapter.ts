import type { Adapter } from 'lowdb';
import { DataFileError } from './data-file-error.ts';
import { DocumentSchema, type Document } from './document-schema.ts';
import type { DurableJsonFile } from './durable-json-file.ts';
import { migrateForward } from './migrations.ts';

/**
 * lowdb's seam for the data file: read() parses, migrates and validates, or throws a
 * DataFileError — a file that cannot be trusted is never overwritten; write() serialises and
 * hands the text to the durable file (temp file, fsync, rename, directory fsync), resolving
 * only once it is on disk.
 */
export class DocumentAdapter implements Adapter<Document> {
  /** Set by read(): the file is missing or was migrated, so it should be written back at once. */
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
    const migrated = migrateForward(raw, this.file.path);
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
    await this.file.write(`${JSON.stringify(doc, null, 2)}\n`);
    this.needsWrite = false;
  }
}
