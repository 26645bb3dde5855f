import { open, readFile, rm, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { DataFileError } from './data-file-error.ts';

/**
 * When this process started, to the millisecond: stamped on every lock it takes, as the lock
 * file's modification time. A process's own start time is a fact about the process, not state
 * this module has to keep.
 */
function startStamp(): Date {
  return new Date(Math.round(performance.timeOrigin));
}

/**
 * One writer per data dir: two controllers on one file would each overwrite the other's
 * acknowledged writes. The lock file holds the owner's pid, and its mtime the owner's start
 * time. A lock whose pid is not running (the owner died: SIGKILL, power loss) is taken over;
 * so is one that names this very pid but not this process's start time — a previous process
 * that had the same pid, as pid 1 in a container does after every restart — while a lock this
 * process took itself is refused like any other live one.
 */
export class DataDirLock {
  #released = false;

  private constructor(readonly path: string) {}

  /** Takes the lock at `lockPath`, or throws a DataFileError naming `dataPath` and the holder. */
  static async acquire(lockPath: string, dataPath: string): Promise<DataDirLock> {
    for (;;) {
      if (await create(lockPath)) return new DataDirLock(lockPath);
      const holder = await liveHolder(lockPath);
      if (holder !== null) {
        throw new DataFileError(dataPath, `is in use by another StellarStack (pid ${holder})`, `stop that one first, or delete ${lockPath} if no such process is running`);
      }
      await rm(lockPath, { force: true });
    }
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await rm(this.path, { force: true });
  }
}

/** Creates the lock file if there is none; false when one exists. */
async function create(lockPath: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    const stamp = startStamp();
    await handle.utimes(stamp, stamp);
  } catch (error) {
    await handle.close();
    await rm(lockPath, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

/** The pid of a process that really holds the lock, or null when the lock is stale (or unreadable). */
async function liveHolder(lockPath: string): Promise<number | null> {
  const [text, info] = await Promise.all([readFile(lockPath, 'utf8').catch(() => ''), stat(lockPath).catch(() => null)]);
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (pid === process.pid) return info !== null && Math.round(info.mtimeMs) === startStamp().getTime() ? pid : null;
  return processExists(pid) ? pid : null;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
