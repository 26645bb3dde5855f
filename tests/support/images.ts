import Docker from 'dockerode';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Test images built from the host's own files, because no image registry is reachable on
 * the project's machines. Each image is a `docker import` of a small root filesystem and is
 * built once per machine: it carries a label with a fingerprint of its recipe and of the
 * host files it was made from, and is rebuilt only when that fingerprint changes.
 *
 * Host packages they need (Debian): busybox-static; openttd and openttd-opengfx.
 */

export const BUSYBOX_IMAGE = 'stellar-test/busybox:latest';
export const OPENTTD_IMAGE = 'stellar-test/openttd:latest';
/**
 * An image without /bin/sh (only a static busybox at /app/busybox), like distroless and
 * scratch-based game images. Its own entrypoint reads STARTUP, the ecosystem's convention.
 */
export const NO_SHELL_IMAGE = 'stellar-test/no-shell:latest';

/**
 * Busybox with an entrypoint that runs `STARTUP`, the way the ecosystem's game images (the
 * "yolks" eggs name) do: what an imported egg's servers run on in tests.
 */
export const STARTUP_IMAGE = 'stellar-test/startup-entrypoint:latest';

const FINGERPRINT_LABEL = 'io.stellarstack.test-image';
// Bump when the way images are put together changes, so old builds are replaced.
const RECIPE_VERSION = 1;
const HOST_BUSYBOX = '/bin/busybox';
const HOST_OPENTTD = '/usr/games/openttd';
const HOST_OPENTTD_DATA = '/usr/share/games/openttd';

/** One image's root filesystem, described before anything is copied. */
interface Recipe {
  image: string;
  /** Host file → path inside the image (without leading slash). */
  files: { from: string; to: string }[];
  symlinks: { path: string; target: string }[];
  textFiles: { path: string; content: string }[];
  dirs: { path: string; mode: number }[];
  changes: string[];
}

const inFlight = new Map<string, Promise<string>>();

/** Makes sure `stellar-test/busybox:latest` exists (busybox + applet symlinks); returns its name. */
export function ensureBusyboxImage(docker: Docker = new Docker()): Promise<string> {
  return once(BUSYBOX_IMAGE, async () => ensureBuilt(docker, await busyboxRecipe()));
}

/** Makes sure `stellar-test/openttd:latest` exists (busybox + the host's OpenTTD with its libraries and data); returns its name. */
export function ensureOpenttdImage(docker: Docker = new Docker()): Promise<string> {
  return once(OPENTTD_IMAGE, async () => ensureBuilt(docker, await openttdRecipe()));
}

/** Makes sure `stellar-test/no-shell:latest` exists (see NO_SHELL_IMAGE); returns its name. */
export function ensureNoShellImage(docker: Docker = new Docker()): Promise<string> {
  return once(NO_SHELL_IMAGE, async () => ensureBuilt(docker, noShellRecipe()));
}

/** Makes sure `stellar-test/startup-entrypoint:latest` exists (see STARTUP_IMAGE); returns its name. */
export function ensureStartupImage(docker: Docker = new Docker()): Promise<string> {
  return once(STARTUP_IMAGE, async () => ensureBuilt(docker, await startupRecipe()));
}

function once(image: string, build: () => Promise<string>): Promise<string> {
  let pending = inFlight.get(image);
  if (!pending) {
    pending = build();
    inFlight.set(image, pending);
    // A failed build may succeed later (after the package is installed): do not cache failures.
    pending.catch(() => inFlight.delete(image));
  }
  return pending;
}

// ---- recipes ----

async function busyboxRecipe(): Promise<Recipe> {
  assertStaticBusybox();
  const applets = spawnSync(HOST_BUSYBOX, ['--list-full'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  return {
    image: BUSYBOX_IMAGE,
    files: [{ from: HOST_BUSYBOX, to: 'bin/busybox' }],
    symlinks: applets.filter((applet) => applet !== 'bin/busybox').map((applet) => ({ path: applet, target: '/bin/busybox' })),
    textFiles: [
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
      { path: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
    ],
    dirs: [
      { path: 'tmp', mode: 0o1777 },
      { path: 'proc', mode: 0o755 },
      { path: 'sys', mode: 0o755 },
      { path: 'dev', mode: 0o755 },
      { path: 'root', mode: 0o700 },
      { path: 'home/container', mode: 0o755 },
    ],
    changes: [
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games',
      'WORKDIR /home/container',
      'CMD ["/bin/sh"]',
    ],
  };
}

async function startupRecipe(): Promise<Recipe> {
  const base = await busyboxRecipe();
  // As game images do: print what will run, then replace the shell with it so signals reach the game.
  const entrypoint = ['/bin/sh', '-c', 'cd /home/container && echo ":/home/container$ $STARTUP" && exec /bin/sh -c "$STARTUP"'];
  return {
    ...base,
    image: STARTUP_IMAGE,
    changes: [...base.changes.filter((change) => !change.startsWith('CMD')), `ENTRYPOINT ${JSON.stringify(entrypoint)}`],
  };
}

function noShellRecipe(): Recipe {
  assertStaticBusybox();
  // The entrypoint runs busybox's shell by its full path: there is no /bin/sh to find.
  const entrypoint = ['/app/busybox', 'sh', '-c', 'echo "entrypoint got STARTUP: $STARTUP"; exec /app/busybox sh -c "$STARTUP"'];
  return {
    image: NO_SHELL_IMAGE,
    files: [{ from: HOST_BUSYBOX, to: 'app/busybox' }],
    symlinks: [],
    textFiles: [{ path: 'etc/passwd', content: 'root:x:0:0:root:/root:/app/busybox\n' }],
    dirs: [
      { path: 'tmp', mode: 0o1777 },
      { path: 'proc', mode: 0o755 },
      { path: 'sys', mode: 0o755 },
      { path: 'dev', mode: 0o755 },
      { path: 'home/container', mode: 0o755 },
    ],
    changes: ['ENV PATH=/app', 'WORKDIR /home/container', `ENTRYPOINT ${JSON.stringify(entrypoint)}`],
  };
}

async function openttdRecipe(): Promise<Recipe> {
  const base = await busyboxRecipe();
  if (!(await exists(HOST_OPENTTD))) {
    throw new Error(`cannot build ${OPENTTD_IMAGE}: ${HOST_OPENTTD} is missing (install the Debian packages openttd and openttd-opengfx)`);
  }
  if (!(await exists(join(HOST_OPENTTD_DATA, 'baseset', 'opengfx')))) {
    throw new Error(`cannot build ${OPENTTD_IMAGE}: no OpenGFX baseset under ${HOST_OPENTTD_DATA} (install the Debian package openttd-opengfx)`);
  }
  const libraries = sharedLibrariesOf(HOST_OPENTTD);
  const data = await filesUnder(HOST_OPENTTD_DATA);
  return {
    ...base,
    image: OPENTTD_IMAGE,
    files: [
      ...base.files,
      { from: HOST_OPENTTD, to: 'usr/games/openttd' },
      ...libraries.map((library) => ({ from: library, to: library.slice(1) })),
      ...data.map((file) => ({ from: file, to: file.slice(1) })),
    ],
  };
}

function assertStaticBusybox(): void {
  const ldd = spawnSync('ldd', [HOST_BUSYBOX], { encoding: 'utf8' });
  if (ldd.error || (ldd.status !== 0 && !/not a dynamic executable/.test(ldd.stdout + ldd.stderr))) {
    throw new Error(`cannot build ${BUSYBOX_IMAGE}: no ${HOST_BUSYBOX} (install the Debian package busybox-static)`);
  }
  if (ldd.status === 0) {
    throw new Error(`cannot build ${BUSYBOX_IMAGE}: ${HOST_BUSYBOX} is dynamically linked (install the Debian package busybox-static instead of busybox)`);
  }
}

/** The libraries and the loader `ldd` reports, as absolute host paths. */
function sharedLibrariesOf(binary: string): string[] {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (ldd.status !== 0) throw new Error(`ldd ${binary} failed: ${ldd.stderr.trim()}`);
  const missing = ldd.stdout.split('\n').filter((line) => line.includes('=> not found'));
  if (missing.length > 0) throw new Error(`${binary} misses libraries on this host: ${missing.map((l) => l.trim()).join(', ')}`);
  const paths = new Set<string>();
  for (const line of ldd.stdout.split('\n')) {
    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or the loader "/lib64/ld-linux-x86-64.so.2 (0x...)"
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match?.[1]) paths.add(match[1]);
  }
  return [...paths];
}

/** Every file below a directory, following symlinks; dangling links (e.g. to excluded docs) are left out. */
async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) found.push(...(await filesUnder(path)));
    else if (info?.isFile()) found.push(path);
  }
  return found.sort();
}

// ---- building ----

async function ensureBuilt(docker: Docker, recipe: Recipe): Promise<string> {
  const fingerprint = await fingerprintOf(recipe);
  if ((await currentFingerprint(docker, recipe.image)) === fingerprint) return recipe.image;
  return withBuildLock(recipe.image, async () => {
    // Another process may have built it while this one waited for the lock.
    const previous = await docker.getImage(recipe.image).inspect().catch(() => null);
    if (previous?.Config.Labels?.[FINGERPRINT_LABEL] === fingerprint) return recipe.image;
    await importRootfs(docker, recipe, fingerprint);
    if (previous) await docker.getImage(previous.Id).remove().catch(() => undefined);
    return recipe.image;
  });
}

async function currentFingerprint(docker: Docker, image: string): Promise<string | null> {
  const info = await docker.getImage(image).inspect().catch(() => null);
  return info?.Config.Labels?.[FINGERPRINT_LABEL] ?? null;
}

/** Recipe plus size and mtime of every host file: cheap, and changes whenever a package is upgraded. */
async function fingerprintOf(recipe: Recipe): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify({ RECIPE_VERSION, ...recipe }));
  for (const file of recipe.files) {
    const info = await stat(file.from);
    hash.update(`${file.from}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

async function importRootfs(docker: Docker, recipe: Recipe, fingerprint: string): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), 'stellar-test-rootfs-'));
  try {
    await layOut(staging, recipe);
    const tar = spawn('tar', ['-C', staging, '--numeric-owner', '--owner=0', '--group=0', '-cf', '-', '.'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tarErrors = '';
    tar.stderr.on('data', (chunk: Buffer) => (tarErrors += chunk.toString()));
    const tarExit = new Promise<number | null>((resolve) => tar.on('close', resolve));
    const [repo, tag] = splitTag(recipe.image);
    const progress = await docker.importImage(tar.stdout, {
      repo,
      tag,
      changes: [...recipe.changes, `LABEL ${FINGERPRINT_LABEL}=${fingerprint}`],
    } as object);
    const messages = await readAll(progress);
    const code = await tarExit;
    if (code !== 0) throw new Error(`tar of the ${recipe.image} root filesystem failed (${code}): ${tarErrors.trim()}`);
    const failure = /"error(?:Detail)?"\s*:\s*(?:\{"message":)?"([^"]*)"/.exec(messages);
    if (failure) throw new Error(`docker import of ${recipe.image} failed: ${failure[1]}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function layOut(root: string, recipe: Recipe): Promise<void> {
  for (const dir of recipe.dirs) {
    await mkdir(join(root, dir.path), { recursive: true });
    await chmod(join(root, dir.path), dir.mode);
  }
  for (const file of recipe.files) {
    const to = join(root, file.to);
    await mkdir(dirname(to), { recursive: true });
    await copyFile(file.from, to);
    await chmod(to, (await stat(file.from)).mode & 0o7777);
  }
  for (const link of recipe.symlinks) {
    const path = join(root, link.path);
    await mkdir(dirname(path), { recursive: true });
    await symlink(link.target, path);
  }
  for (const text of recipe.textFiles) {
    await mkdir(dirname(join(root, text.path)), { recursive: true });
    await writeFile(join(root, text.path), text.content);
  }
}

function splitTag(image: string): [string, string] {
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? [image.slice(0, colon), image.slice(colon + 1)] : [image, 'latest'];
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

// ---- cross-process lock (several test files build the same image at once) ----

const LOCK_STALE_MS = 120_000;
const LOCK_WAIT_MS = 180_000;

async function withBuildLock<T>(image: string, work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `stellar-test-image-${image.replace(/[^a-z0-9]+/gi, '-')}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      // mkdir is atomic: exactly one process creates the directory.
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await lockIsStale(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function lockIsStale(lock: string): Promise<boolean> {
  const info = await stat(lock).catch(() => null);
  if (!info) return false;
  if (Date.now() - info.mtimeMs > LOCK_STALE_MS) return true;
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
  // The owner may not have written its pid yet: only a known, dead owner makes the lock stale.
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
