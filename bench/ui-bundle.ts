import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** The UI brief's budget for what a first visit downloads before anything shows. */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;

const RENDERER = fileURLToPath(new URL('../renderer/', import.meta.url));

export interface BundleSize {
  /** The entry script and every chunk index.html preloads with it, gzipped. */
  initialJsGzip: number;
  initialCssGzip: number;
  /** Everything else the build emitted (pages loaded on demand: the console, charts), gzipped. */
  lazyJsGzip: number;
  initialFiles: string[];
}

/**
 * What a browser fetches before the first paint: index.html's module script plus its
 * modulepreload links (Vite lists every statically imported chunk there). Built fresh into a
 * temp folder so the number is about the sources as they are, not a stale dist.
 */
export async function measureUiBundle(outDir: string): Promise<BundleSize> {
  const result = await build({ configFile: join(RENDERER, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
  let initialJsGzip = 0;
  let initialCssGzip = 0;
  let lazyJsGzip = 0;
  for (const output of outputs) {
    const source = output.type === 'chunk' ? output.code : output.source;
    const size = gzipSync(source).length;
    if (initial.has(output.fileName)) {
      if (output.fileName.endsWith('.css')) initialCssGzip += size;
      else initialJsGzip += size;
    } else if (output.fileName.endsWith('.js')) lazyJsGzip += size;
  }
  return { initialJsGzip, initialCssGzip, lazyJsGzip, initialFiles: [...initial] };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchUiBundle(outDir: string): Promise<string[]> {
  const size = await measureUiBundle(outDir);
  const share = size.initialJsGzip / INITIAL_JS_BUDGET_BYTES;
  return [
    `${'ui-initial-js'.padEnd(24)}  ${kb(size.initialJsGzip).padStart(9)} gzipped  budget ${kb(INITIAL_JS_BUDGET_BYTES)}  ratio ${share.toFixed(2)} of budget  ${share <= 1 ? 'within budget' : 'OVER BUDGET'} (css ${kb(size.initialCssGzip)}; loaded later: ${kb(size.lazyJsGzip)})`,
  ];
}
