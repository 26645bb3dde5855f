import { open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DataFileError } from './data-file-error.ts';
import { syncDirectory } from './durable-json-file.ts';

/** What a journal holds: the snapshot it continues and the entries written since, in order. */
export interface JournalContents {
  /** The digest of the snapshot the entries apply to; a journal for any other snapshot is stale. */
  base: string;
  entries: unknown[];
  /** Bytes after the last whole entry: a write cut short by a crash, which was never acknowledged. */
  tornBytes: number;
}

/**
 * An append-only file of JSON entries, one a line, each behind the CRC-32 of its text, so a
 * line cut short by a crash is told apart from one that was written whole. The first line
 * names the snapshot the entries continue. An append resolves once it is on disk (fdatasync):
 * an acknowledged entry survives a power cut.
 *
 * Only the tail can be torn: an entry is acknowledged after its sync, and the next one is
 * appended only after that, so a bad line with good lines after it is corruption and is refused.
 */
export class JournalFile {
  readonly path: string;
  readonly #tempPath: string;
  #handle: FileHandle | null = null;
  /** Bytes of whole entries on disk: where a failed append is cut back to. */
  #size = 0;

  constructor(path: string) {
    this.path = path;
    this.#tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  }

  get size(): number {
    return this.#size;
  }

  get isOpen(): boolean {
    return this.#handle !== null;
  }

  /** The journal's entries, or null when there is none. Throws DataFileError on corruption before the tail. */
  async read(): Promise<JournalContents | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const lines = text.split('\n');
    // Whatever follows the last newline never finished its write.
    let tornBytes = Buffer.byteLength(lines.pop() ?? '');
    const values: unknown[] = [];
    for (let i = 0; i < lines.length; i += 1) {
      const value = parseLine(lines[i]!);
      if (value !== undefined) {
        values.push(value);
        continue;
      }
      if (i === lines.length - 1 && tornBytes === 0) {
        // The last line, whole in length but not in content: the sync of an unacknowledged write never finished.
        tornBytes = Buffer.byteLength(lines[i]!) + 1;
        break;
      }
      throw new DataFileError(this.path, `is corrupt at line ${i + 1} (entries after it are intact, so this is not a torn write)`);
    }
    const [header, ...entries] = values;
    const base = (header as { base?: unknown } | undefined)?.base;
    if (typeof base !== 'string') {
      if (values.length === 0) return { base: '', entries: [], tornBytes };
      throw new DataFileError(this.path, 'does not start with the snapshot it continues');
    }
    return { base, entries, tornBytes };
  }

  /**
   * Starts a fresh journal continuing the snapshot with digest `base`: written whole to a temp
   * file and renamed into place, so there is never a journal without its header.
   */
  async start(base: string): Promise<void> {
    await this.close();
    const header = formatLine({ base });
    const temp = await open(this.#tempPath, 'w', 0o600);
    try {
      await temp.writeFile(header, 'utf8');
      await temp.sync();
    } finally {
      await temp.close();
    }
    try {
      await rename(this.#tempPath, this.path);
    } catch (error) {
      await rm(this.#tempPath, { force: true });
      throw error;
    }
    await syncDirectory(dirname(this.path));
    this.#handle = await open(this.path, 'a', 0o600);
    this.#size = Buffer.byteLength(header);
  }

  /**
   * Appends one entry and resolves once it is on disk. If the write fails part-way the file is
   * cut back to its last whole entry; if even that fails, the caller must start a new journal.
   */
  async append(entry: unknown): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('the journal is not open');
    const line = formatLine(entry);
    try {
      await handle.write(line);
      await handle.datasync();
    } catch (error) {
      await this.#cutBack(handle);
      throw error;
    }
    this.#size += Buffer.byteLength(line);
  }

  /** Removes the journal (its entries are in a newer snapshot) and makes the removal durable. */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
    await syncDirectory(dirname(this.path));
    this.#size = 0;
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
  }

  /** A temp file a killed writer left while starting a journal; only safe while holding the data dir's lock. */
  async removeStaleTempFiles(): Promise<void> {
    const prefix = `.${basename(this.path)}.`;
    for (const name of await readdir(dirname(this.path))) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dirname(this.path), name), { force: true });
    }
  }

  async #cutBack(handle: FileHandle): Promise<void> {
    try {
      await handle.truncate(this.#size);
      await handle.datasync();
    } catch {
      // The tail may hold a partial line; appending after it would turn a torn tail into corruption.
      this.#handle = null;
      await handle.close().catch(() => {});
    }
  }
}

function formatLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

/** The entry a line holds, or undefined when the line is not one whole, intact entry. */
function parseLine(line: string): unknown {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
