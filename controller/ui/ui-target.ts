import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Vite names assets by content hash: a name never changes meaning, so browsers may keep them for good. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** favicon and the like keep their names across builds: a short cache picks up a new build soon. */
const FILE_CACHE = 'public, max-age=300';

export type UiTarget =
  /** Under /api/: not a page, whatever the URL says. */
  | { kind: 'api' }
  | { kind: 'file'; file: string; cacheControl: string }
  /** A hashed asset that does not exist (an old tab after a rebuild): a 404, never the app's HTML. */
  | { kind: 'missing-asset' }
  /** Any other path is a route of the single-page app: its index.html. */
  | { kind: 'app' };

/**
 * What a GET for `path` (the decoded URL path, without the leading slash) serves from the UI
 * build in `uiDir`. Only plain names reach the file system: no dot segments, no dotfiles (the
 * build hash lives in one), so nothing outside `uiDir` or hidden in it is ever served.
 */
export async function uiTarget(uiDir: string, path: string): Promise<UiTarget> {
  if (isApiPath(path)) return { kind: 'api' };
  const segments = path.split('/').filter((segment) => segment !== '');
  const isAsset = segments[0] === 'assets';
  const plain = segments.every((segment) => !segment.startsWith('.') && !/[\\\0]/.test(segment));
  const file = segments.join('/');
  if (plain && file !== '' && file !== 'index.html' && (await isFile(join(uiDir, file)))) {
    return { kind: 'file', file, cacheControl: isAsset ? ASSET_CACHE : FILE_CACHE };
  }
  return isAsset ? { kind: 'missing-asset' } : { kind: 'app' };
}

/** Whether a URL path (query string and all) is the API's: `/api` and everything under it. */
export function isApiPath(path: string): boolean {
  return path.split('?', 1)[0]!.split('/').find((segment) => segment !== '') === 'api';
}

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
