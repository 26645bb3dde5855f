import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ServerSpecSchema, ServerStatusSchema } from '../../contracts/index.ts';

/**
 * What the agent remembers about a server across its own restarts: the spec (so servers can
 * be reattached before the controller is reachable), the last status, whether the install
 * ran, and the console backlog (users complain most about output gone after a restart).
 */
export const PersistedServerStateSchema = z.object({
  version: z.literal(1),
  spec: ServerSpecSchema,
  status: ServerStatusSchema,
  reason: z.string().nullable(),
  installed: z.boolean(),
  backlog: z.array(z.string()),
  /** A restart was under way: the agent that comes back completes it (files from older agents have none). */
  restartPending: z.boolean().default(false),
});
export type PersistedServerState = z.infer<typeof PersistedServerStateSchema>;

export class StateFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'StateFileError';
  }
}

/** Reads a state file; null when there is none. A file that does not parse is an error naming the file. */
export async function loadServerState(file: string): Promise<PersistedServerState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = PersistedServerStateSchema.safeParse(json);
  if (!parsed.success) throw new StateFileError(file, `unexpected content (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export interface ServerStateWriterOptions {
  /** A change is written at most this long after it happened; writes never come closer together. */
  delayMs: number;
  onError?: (error: unknown) => void;
}

/**
 * Writes a server's state file, coalescing changes: console output marks the state dirty many
 * times a second, and one write per period is plenty. Writes go to a temp file renamed over
 * the old one, so a crash mid-write leaves the previous file intact. No fsync: losing the last
 * second of backlog to a power cut is acceptable, a disk write per line is not.
 */
export class ServerStateWriter {
  readonly #file: string;
  readonly #snapshot: () => PersistedServerState;
  readonly #options: ServerStateWriterOptions;
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(file: string, snapshot: () => PersistedServerState, options: ServerStateWriterOptions) {
    this.#file = file;
    this.#snapshot = snapshot;
    this.#options = options;
  }

  /** Marks the state as changed; it is written within the delay. */
  schedule(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#write();
    }, this.#options.delayMs);
  }

  /** Writes now if a change is pending, and waits for any write in flight. */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.#write();
    }
    await this.#writing;
  }

  /** Flushes, then writes nothing more. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  /** Stops writing and deletes the file (the server was deleted). */
  async remove(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#writing;
    await rm(this.#file, { force: true });
  }

  #write(): Promise<void> {
    if (this.#closed) return this.#writing;
    // Writes are chained so two never race on the temp file.
    this.#writing = this.#writing.then(async () => {
      if (this.#closed) return;
      try {
        const text = JSON.stringify(this.#snapshot());
        const temp = `${this.#file}.tmp`;
        await mkdir(dirname(this.#file), { recursive: true });
        await writeFile(temp, text, 'utf8');
        await rename(temp, this.#file);
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    return this.#writing;
  }
}
