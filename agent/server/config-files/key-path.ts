/**
 * Keys in eggs' `config.files` address nested values with dots (`settings.port`), list items
 * with brackets or numbers (`listeners[0].host`, `listeners.0.host`) and any key or item with
 * `*` (`servers.*.address`). These helpers turn such a key into concrete paths into a parsed
 * document, so every structured parser (json, yaml, xml) reads keys the same way.
 */

export type PathSegment = string | number;

/** `listeners[0].host` → ['listeners', '0', 'host']. */
export function splitKey(key: string): string[] {
  return key
    .replace(/\[(\d+|\*)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}

type Node = unknown;

function isRecord(node: Node): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/**
 * Every concrete path `key` names in `root`. A path without `*` is returned even where it
 * does not exist yet (setting it creates it, as the panels do); a `*` only expands over what
 * exists.
 */
export function expandKey(root: Node, key: string): PathSegment[][] {
  const segments = splitKey(key);
  let paths: { path: PathSegment[]; node: Node }[] = [{ path: [], node: root }];
  for (const segment of segments) {
    const next: { path: PathSegment[]; node: Node }[] = [];
    for (const { path, node } of paths) {
      if (segment === '*') {
        if (Array.isArray(node)) node.forEach((child, i) => next.push({ path: [...path, i], node: child }));
        else if (isRecord(node)) for (const [k, child] of Object.entries(node)) next.push({ path: [...path, k], node: child });
        continue;
      }
      if (Array.isArray(node) && /^\d+$/.test(segment)) {
        next.push({ path: [...path, Number(segment)], node: node[Number(segment)] });
      } else {
        next.push({ path: [...path, segment], node: isRecord(node) ? node[segment] : undefined });
      }
    }
    paths = next;
  }
  return paths.map(({ path }) => path).filter((path) => path.length > 0);
}

/** The value at `path`, or undefined. */
export function getPath(root: Node, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/** Sets `path` in `root` (an object), creating objects on the way; a scalar in the way is replaced. */
export function setPath(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = root;
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    const key = Array.isArray(node) && typeof segment === 'number' ? segment : String(segment);
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const child = container[key];
    if (typeof child !== 'object' || child === null) container[key] = {};
    node = container[key] as Record<string, unknown> | unknown[];
  });
}

/**
 * A replacement as a typed value: `true`/`false` become booleans and whole numbers numbers,
 * as Wings writes them, so `"port": "{{server.build.default.port}}"` stays a number in JSON.
 */
export function typedValue(value: string): string | number | boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?(?:0|[1-9]\d{0,14})$/.test(value)) return Number(value);
  return value;
}

/** Whether a current value equals a replacement's `ifValue`, compared as text. */
export function sameText(current: unknown, ifValue: string): boolean {
  return current !== undefined && current !== null && typeof current !== 'object' && String(current) === ifValue;
}
