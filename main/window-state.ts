import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DurableJsonFile } from '../controller/index.ts';
import type { BrowserWindowLike, DisplayLike, Rectangle } from './electron-like.ts';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE = { width: 800, height: 560 };
/** How much of the window must lie on one display for it to count as visible there. */
const VISIBLE_MARGIN = { width: 120, height: 60 };

const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(MIN_WINDOW_SIZE.width).max(100_000),
  height: z.number().int().min(MIN_WINDOW_SIZE.height).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface InitialWindowBounds {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

/**
 * Where the window opens: where it was last time, if that place is still on a display (a
 * monitor unplugged since must not leave the window off-screen); else the default size, centred.
 */
export function initialWindowBounds(dir: string, displays: readonly DisplayLike[]): InitialWindowBounds {
  const saved = readWindowState(dir);
  if (saved && isVisible(saved, displays)) {
    const { maximized, ...bounds } = saved;
    return { bounds, maximized };
  }
  return { bounds: { ...DEFAULT_WINDOW_SIZE }, maximized: saved?.maximized ?? false };
}

export function readWindowState(dir: string): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    // Missing or unreadable: it is only a convenience, so the default place will do.
    return null;
  }
}

export function isVisible(rect: Rectangle, displays: readonly DisplayLike[]): boolean {
  return displays.some(({ workArea: area }) => {
    const width = Math.min(rect.x + rect.width, area.x + area.width) - Math.max(rect.x, area.x);
    const height = Math.min(rect.y + rect.height, area.y + area.height) - Math.max(rect.y, area.y);
    return width >= VISIBLE_MARGIN.width && height >= VISIBLE_MARGIN.height;
  });
}

/**
 * Remembers the window's normal bounds and whether it is maximized: written a moment after the
 * last move or resize (a drag fires dozens of events), and at once when the window closes.
 */
export class WindowStateKeeper {
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  #last: string | null = null;

  readonly #dir: string;
  readonly #delayMs: number;
  readonly #onError: (error: Error) => void;

  constructor(dir: string, delayMs = 500, onError: (error: Error) => void = () => {}) {
    this.#dir = dir;
    this.#delayMs = delayMs;
    this.#onError = onError;
  }

  track(window: BrowserWindowLike): void {
    const later = () => this.#schedule(window);
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
    window.on('close', () => void this.saveNow(window));
  }

  /** Writes what is pending now (on close and quit). */
  saveNow(window: BrowserWindowLike): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (window.isDestroyed()) return this.#writing;
    const state: WindowState = { ...roundRect(window.getNormalBounds()), maximized: window.isMaximized() };
    const text = `${JSON.stringify(state)}\n`;
    if (text === this.#last) return this.#writing;
    this.#last = text;
    this.#writing = this.#writing
      .then(() => new DurableJsonFile(join(this.#dir, WINDOW_STATE_FILE)).write(text))
      .catch((error: unknown) => this.#onError(error as Error));
    return this.#writing;
  }

  #schedule(window: BrowserWindowLike): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.saveNow(window), this.#delayMs);
    this.#timer.unref();
  }
}

function roundRect(rect: Rectangle): Rectangle {
  return {
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.max(MIN_WINDOW_SIZE.width, Math.round(rect.width)),
    height: Math.max(MIN_WINDOW_SIZE.height, Math.round(rect.height)),
  };
}
