import { open, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What a store without coalescing would do per change: write a temp file, fsync it, rename it
 * over the data file, fsync the directory so the rename itself survives a crash.
 */
export async function writeDurably(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The same write with no fsync at all: fast, and lost on power failure. */
export async function writeWithoutSync(path: string, text: string): Promise<void> {
  await writeFile(path, text, 'utf8');
}
