import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError, DEFAULT_DESKTOP_SETTINGS, DesktopSettingsSchema, UpdateDesktopSettingsBody, fieldDetails, type DesktopSettings } from '../contracts/index.ts';
import { DurableJsonFile } from '../controller/index.ts';

export const SETTINGS_FILE = 'desktop-settings.json';
const SETTINGS_VERSION = 1;

/**
 * The file: a version and the settings. A key it lacks takes its default (a file from an older
 * app has fewer keys); a key of the wrong type makes the whole file untrustworthy.
 */
const SettingsFileSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  settings: DesktopSettingsSchema.partial(),
});

export interface OpenedSettings {
  store: SettingsStore;
  /** Set when the file could not be used: what happened, where the old file went. */
  problem: string | null;
}

/**
 * The desktop app's own settings (port, LAN, local agent, login, tray), as JSON in the app's
 * userData folder. Writes are atomic and one at a time; memory changes only after a write is on
 * disk. A file that does not parse or validate is never overwritten: it is kept beside as .bak
 * and the app runs on the defaults, saying so.
 */
export class SettingsStore {
  #settings: DesktopSettings;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly path: string, settings: DesktopSettings) {
    this.#settings = settings;
  }

  static async open(dir: string): Promise<OpenedSettings> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, SETTINGS_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { store: new SettingsStore(path, { ...DEFAULT_DESKTOP_SETTINGS }), problem: null };
      throw error;
    }
    let reason: string;
    try {
      const parsed = SettingsFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { store: new SettingsStore(path, { ...DEFAULT_DESKTOP_SETTINGS, ...definedOnly(parsed.data.settings) }), problem: null };
      reason = Object.entries(fieldDetails(parsed.error.issues)).map(([field, message]) => `${field}: ${message}`).join('; ');
    } catch (error) {
      reason = `not JSON (${(error as Error).message})`;
    }
    const backup = await freeBackupName(path);
    await rename(path, backup);
    const problem = `The desktop settings in ${path} could not be used (${reason}); kept them as ${backup} and started with the defaults.`;
    return { store: new SettingsStore(path, { ...DEFAULT_DESKTOP_SETTINGS }), problem };
  }

  get(): DesktopSettings {
    return { ...this.#settings };
  }

  /** Validates, writes, then answers the new settings. Unknown keys and wrong types are a VALIDATION_ERROR. */
  update(changes: unknown): Promise<DesktopSettings> {
    const parsed = UpdateDesktopSettingsBody.safeParse(changes);
    if (!parsed.success) return Promise.reject(new AppError('VALIDATION_ERROR', 'Those settings are not valid', fieldDetails(parsed.error.issues)));
    const run = this.#queue.then(async () => {
      const next: DesktopSettings = { ...this.#settings, ...definedOnly(parsed.data) };
      await new DurableJsonFile(this.path).write(`${JSON.stringify({ version: SETTINGS_VERSION, settings: next }, null, 2)}\n`);
      this.#settings = next;
      return this.get();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `file.bak`, or `file.2.bak`, … when an earlier backup is still there: no backup replaces another. */
async function freeBackupName(path: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${path}.bak` : `${path}.${n}.bak`;
    const taken = await stat(candidate).then(() => true, () => false);
    if (!taken) return candidate;
  }
}
