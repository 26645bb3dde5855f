import { chown, lchown, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Creates a server's host data directory before it is mounted (a bind mount of a missing
 * path fails, and Docker would otherwise create it owned by root). When a root agent runs
 * containers as a fixed numeric user, that user gets the directory.
 */
export async function prepareDataDir(hostDataDir: string, user: string | undefined): Promise<void> {
  await mkdir(hostDataDir, { recursive: true });
  const owner = user ? /^(\d+)(?::(\d+))?$/.exec(user) : null;
  if (owner?.[1] && process.getuid?.() === 0) {
    const uid = Number(owner[1]);
    await chown(hostDataDir, uid, owner[2] ? Number(owner[2]) : uid);
  }
}

/**
 * Gives every file under `dir` to `user` (numeric `uid:gid`), when the agent is root. Symbolic
 * links are re-owned themselves (lchown), never followed: an install script must not be able
 * to hand the agent a link to a host file.
 */
export async function chownTree(dir: string, user: string | undefined): Promise<void> {
  const owner = user ? /^(\d+)(?::(\d+))?$/.exec(user) : null;
  if (!owner?.[1] || process.getuid?.() !== 0) return;
  const uid = Number(owner[1]);
  const gid = owner[2] ? Number(owner[2]) : uid;
  const walk = async (path: string): Promise<void> => {
    await lchown(path, uid, gid);
    const entries = await readdir(path, { withFileTypes: true });
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else await lchown(child, uid, gid);
    }
  };
  await walk(dir);
}
