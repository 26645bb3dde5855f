import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConfigFile, ConfigFileParser, ConfigReplacement } from '../../../contracts/index.ts';
import { resolveConfigFilePath } from './config-file-path.ts';
import { patchIni, patchPlainFile, patchProperties } from './line-parsers.ts';
import { patchJson, patchXml, patchYaml } from './structured-parsers.ts';

const PATCHERS: Record<ConfigFileParser, (text: string, replacements: readonly ConfigReplacement[]) => string> = {
  file: patchPlainFile,
  properties: patchProperties,
  ini: patchIni,
  json: patchJson,
  yaml: patchYaml,
  xml: patchXml,
};

/** Files larger than this are not read into memory to be patched: config files are small. */
const MAX_CONFIG_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Patches the spec's config files in the server's folder before a start, the way eggs ask
 * (`config.files`): each file read (a missing one starts empty and is created, as the panels
 * do), changed by its parser and written back atomically (temporary file, then rename — a
 * crash never leaves half a file, and a rename replaces a link instead of writing through it).
 * A new file gets the owner of its folder, so the game (another user) can change it too.
 * The first problem stops the start with an error naming the file.
 */
export async function applyConfigFiles(filesDir: string, dataPath: string, files: readonly ConfigFile[]): Promise<void> {
  for (const file of files) {
    try {
      await applyOne(filesDir, dataPath, file);
    } catch (error) {
      throw new Error(`config file ${file.path} (${file.parser}): ${(error as Error).message}`, { cause: error });
    }
  }
}

async function applyOne(filesDir: string, dataPath: string, file: ConfigFile): Promise<void> {
  const target = await resolveConfigFilePath(filesDir, dataPath, file.path);
  const existing = await stat(target).catch(() => null);
  if (existing && existing.size > MAX_CONFIG_FILE_BYTES) throw new Error(`is larger than ${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MiB`);
  const before = existing ? await readFile(target, 'utf8') : '';
  const after = PATCHERS[file.parser](before, file.replace);
  if (existing && after === before) return;
  await mkdir(dirname(target), { recursive: true });
  const owner = existing ?? (await stat(dirname(target)));
  const temporary = `${target}.stellar-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, after, { mode: existing ? existing.mode & 0o7777 : 0o644, flag: 'wx' });
    if (process.getuid?.() === 0) await chown(temporary, owner.uid, owner.gid);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
