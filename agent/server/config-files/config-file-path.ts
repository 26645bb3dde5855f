import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Where a blueprint's config file lives on the host, or an error: the path must stay inside
 * the server's files. Paths are relative to them (a leading `/` or the container's data path
 * means the same folder, as eggs write either); `..` that leaves the folder is refused, and so
 * is any symlink on the way that points out of it, or the file itself being a symlink — a game
 * (or a user who uploaded files) could otherwise make the agent, which may run as root, write
 * anywhere on the node. Wings had advisories for exactly this.
 */
export async function resolveConfigFilePath(filesDir: string, dataPath: string, path: string): Promise<string> {
  const root = await realpath(filesDir);
  let relativePath = path.replaceAll('\\', '/');
  const containerRoot = dataPath.endsWith('/') ? dataPath : `${dataPath}/`;
  if (relativePath.startsWith(containerRoot)) relativePath = relativePath.slice(containerRoot.length);
  relativePath = relativePath.replace(/^\/+/, '');
  const target = resolve(root, relativePath);
  if (!isInside(root, target) || target === root) throw new Error(`${path} is outside the server's files`);

  // Walk down from the root: every part that exists must be a real directory (or, last, a
  // regular file) inside the root; what does not exist yet will be created by us.
  const parts = relative(root, target).split(sep);
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = join(current, part);
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (info === null) break;
    if (info.isSymbolicLink()) throw new Error(`${path} goes through a symbolic link (${relative(root, current)}), which is not followed`);
    const last = i === parts.length - 1;
    if (!last && !info.isDirectory()) throw new Error(`${path}: ${relative(root, current)} is not a folder`);
    if (last && !info.isFile()) throw new Error(`${path} is not a regular file`);
  }
  if (!isInside(root, dirname(target))) throw new Error(`${path} is outside the server's files`);
  return target;
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
