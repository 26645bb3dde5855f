import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DiskUsageOptions {
  /** How long a measurement is reused; stats run every second and must not walk the tree each time. */
  cacheMs?: number;
  now?: () => number;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The agent's own disk accounting for one server: the bytes of everything under its data
 * directory. Docker has no disk quota for bind mounts, so this is what the disk limit is
 * checked against. Symlinks are counted as links and never followed: a link to / must not
 * make a server look like it holds the whole disk. Hard links are counted once.
 */
export class DiskUsage {
  readonly #root: string;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #cached: { bytes: number; at: number } | null = null;
  #walking: Promise<number> | null = null;

  constructor(root: string, options: DiskUsageOptions = {}) {
    this.#root = root;
    this.#cacheMs = options.cacheMs ?? 5000;
    this.#now = options.now ?? Date.now;
  }

  /** Bytes in use; a recent measurement unless `fresh`. Concurrent callers share one walk. */
  async bytes(options: { fresh?: boolean } = {}): Promise<number> {
    const cached = this.#cached;
    if (options.fresh !== true && cached !== null && this.#now() - cached.at < this.#cacheMs) return cached.bytes;
    if (this.#walking !== null) return this.#walking;
    this.#walking = this.#walk().finally(() => {
      this.#walking = null;
    });
    return this.#walking;
  }

  /** Forgets the cached measurement, e.g. after files were written or deleted. */
  invalidate(): void {
    this.#cached = null;
  }

  async #walk(): Promise<number> {
    const startedAt = this.#now();
    const seenInodes = new Set<string>();
    let total = 0;
    // Iterative, so a deep tree cannot overflow the stack.
    const pending = [this.#root];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if (isMissing(error)) continue; // removed while we walked, or no data yet
        throw error;
      }
      const entries = await Promise.all(
        names.map(async (name) => {
          const path = join(dir, name);
          try {
            return { path, stat: await lstat(path) };
          } catch (error) {
            if (isMissing(error)) return null;
            throw error;
          }
        }),
      );
      for (const entry of entries) {
        if (entry === null) continue;
        const { path, stat } = entry;
        if (stat.isDirectory()) {
          pending.push(path);
          continue;
        }
        if (stat.nlink > 1) {
          const inode = `${stat.dev}:${stat.ino}`;
          if (seenInodes.has(inode)) continue;
          seenInodes.add(inode);
        }
        total += stat.size;
      }
    }
    this.#cached = { bytes: total, at: startedAt };
    return total;
  }
}
