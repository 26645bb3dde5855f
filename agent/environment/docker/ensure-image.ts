import type Docker from 'dockerode';
import { AppError } from '../../../contracts/index.ts';
import { errorMessage, unlessNotFound } from './docker-errors.ts';

export interface EnsureImageOptions {
  /** A pull that sends no progress for this long is abandoned: a slow pull may go on, a hung one may not. */
  stallTimeoutMs?: number;
}

const DEFAULT_STALL_TIMEOUT_MS = 120_000;
/** Byte-counter lines for one layer are shown at most this often, so a pull is a few dozen lines, not thousands. */
const PROGRESS_LINE_INTERVAL_MS = 1000;

/**
 * One step of a pull: a line for the console, the fraction of bytes downloaded so far (null
 * until the engine has said how big the layers are), and whether the pull is over.
 */
export type PullProgress = (line: string, fraction: number | null, done: boolean) => void;

/**
 * Uses the image when it is already on the node (images are never assumed to be pullable),
 * otherwise pulls it, reporting progress one line at a time. Any failure is IMAGE_UNAVAILABLE
 * naming the image.
 */
export async function ensureImage(docker: Docker, image: string, onProgress: PullProgress, options: EnsureImageOptions = {}): Promise<void> {
  if (await imagePresent(docker, image)) return;
  onProgress(`Pulling image ${image}`, null, false);
  try {
    await pull(docker, image, onProgress, options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS);
  } catch (error) {
    onProgress(`Could not pull image ${image}: ${errorMessage(error)}`, null, true);
    throw new AppError('IMAGE_UNAVAILABLE', `Image ${image} is not on this node and could not be pulled: ${errorMessage(error)}`, { image });
  }
  if (!(await imagePresent(docker, image))) {
    onProgress(`Image ${image} is still missing after pulling it`, null, true);
    throw new AppError('IMAGE_UNAVAILABLE', `Image ${image} is still missing after pulling it`, { image });
  }
  onProgress(`Pulled image ${image}`, 1, true);
}

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  return (await unlessNotFound(docker.getImage(image).inspect(), null)) !== null;
}

interface PullEvent {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

async function pull(docker: Docker, image: string, onProgress: PullProgress, stallTimeoutMs: number): Promise<void> {
  const stream = (await docker.pull(image)) as NodeJS.ReadableStream & { destroy?: () => void };
  const lastLineAt = new Map<string, number>();
  const layers = new LayerBytes();
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    let stallTimer = setTimeout(stalled, stallTimeoutMs);
    function stalled(): void {
      stream.destroy?.();
      finish(new Error(`no progress for ${Math.round(stallTimeoutMs / 1000)} s`));
    }
    function finish(error?: Error): void {
      clearTimeout(stallTimer);
      stream.removeAllListeners('data');
      if (error) reject(error);
      else resolve();
    }
    stream.on('data', (chunk: Buffer) => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(stalled, stallTimeoutMs);
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const event = parseEvent(line);
        // The engine reports a failed pull inside a 200 stream, as an event with `error`.
        if (event.error || event.errorDetail?.message) return finish(new Error(event.errorDetail?.message ?? event.error));
        layers.record(event);
        const text = progressLine(event, lastLineAt);
        if (text) onProgress(text, layers.fraction(), false);
      }
    });
    stream.on('error', (error: Error) => finish(error));
    // A connection that drops mid-pull closes without `end`; the presence check after the pull tells the outcome.
    stream.on('end', () => finish());
    stream.on('close', () => finish());
  });
}

/**
 * Bytes downloaded over bytes to download, across the layers the engine has reported so far.
 * A layer that is complete or already present counts as done, whatever it said before.
 */
class LayerBytes {
  readonly #layers = new Map<string, { current: number; total: number }>();

  record(event: PullEvent): void {
    if (!event.id) return;
    const known = this.#layers.get(event.id);
    const total = event.progressDetail?.total;
    if (event.status === 'Downloading' && total !== undefined && total > 0) {
      this.#layers.set(event.id, { current: event.progressDetail?.current ?? 0, total });
    } else if (known && /^(Download complete|Pull complete|Extracting|Verifying Checksum)/.test(event.status ?? '')) {
      this.#layers.set(event.id, { current: known.total, total: known.total });
    }
  }

  fraction(): number | null {
    let current = 0;
    let total = 0;
    for (const layer of this.#layers.values()) {
      current += Math.min(layer.current, layer.total);
      total += layer.total;
    }
    return total > 0 ? current / total : null;
  }
}

function parseEvent(line: string): PullEvent {
  try {
    return JSON.parse(line) as PullEvent;
  } catch {
    return { status: line };
  }
}

function progressLine(event: PullEvent, lastLineAt: Map<string, number>): string | null {
  if (!event.status) return null;
  const isCounter = event.progressDetail?.current !== undefined;
  if (isCounter && event.id) {
    const now = Date.now();
    if (now - (lastLineAt.get(event.id) ?? 0) < PROGRESS_LINE_INTERVAL_MS) return null;
    lastLineAt.set(event.id, now);
  }
  const parts = [event.id ? `${event.id}: ${event.status}` : event.status];
  if (event.progress) parts.push(event.progress.replace(/\s+/g, ' '));
  return parts.join(' ');
}
