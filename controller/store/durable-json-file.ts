import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * lowdb adapter whose write is durable before it resolves: temp file, fsync, rename over the
 * old file, fsync the directory. lowdb's own TextFile adapter (steno) renames but never
 * fsyncs, so an acknowledged write could vanish on power loss.
 *
 * read() returns the raw text; parsing and validation belong to the caller, which must
 * refuse to start on a file it cannot read rather than overwrite it.
 */
export class DurableJsonFile implements Adapter<string> {
  readonly path: string;
  readonly #tempPath: string;

  constructor(path: string) {
    this.path = path;
    this.#tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * Removes temp files a writer killed mid-write left behind (they carry its pid, so they are
   * never reused). Only safe while holding the data dir's lock.
   */
  async removeStaleTempFiles(): Promise<void> {
    const prefix = `.${basename(this.path)}.`;
    for (const name of await readdir(dirname(this.path))) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dirname(this.path), name), { force: true });
    }
  }

  async write(text: string): Promise<void> {
    const file = await open(this.#tempPath, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(this.#tempPath, this.path);
    } catch (error) {
      await rm(this.#tempPath, { force: true });
      throw error;
    }
    await syncDirectory(dirname(this.path));
  }
}

/** Makes the rename itself durable: without it the directory entry may still point at the old file after a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
