import { chown, mkdir } from 'node:fs/promises';

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
