import type { NotificationConstructor } from './electron-like.ts';

export interface NoticeOptions {
  /** Notices with the same key within `windowMs` of each other are shown once. */
  key: string;
  title: string;
  body: string;
}

/**
 * Native notifications, deduplicated: a server that crash-loops or a node that flaps makes one
 * notification per window, not one per event.
 */
export class Notifier {
  readonly #lastShown = new Map<string, number>();

  readonly #Notification: NotificationConstructor;
  readonly #onClick: () => void;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #icon: string | undefined;

  constructor(
    Notification: NotificationConstructor,
    onClick: () => void,
    windowMs = 60_000,
    now: () => number = Date.now,
    icon?: string,
  ) {
    this.#Notification = Notification;
    this.#onClick = onClick;
    this.#windowMs = windowMs;
    this.#now = now;
    this.#icon = icon;
  }

  /** Shows it unless the same key was shown within the window; answers whether it was shown. */
  notify({ key, title, body }: NoticeOptions): boolean {
    const at = this.#now();
    const last = this.#lastShown.get(key);
    if (last !== undefined && at - last < this.#windowMs) return false;
    return this.show(title, body, () => this.#lastShown.set(key, at));
  }

  /** No deduplication: for what the user asked for (the window's bridge). */
  show(title: string, body: string, shown: () => void = () => {}): boolean {
    if (!this.#Notification.isSupported()) return false;
    const notification = new this.#Notification({ title, body, ...(this.#icon ? { icon: this.#icon } : {}) });
    notification.on('click', this.#onClick);
    notification.show();
    shown();
    return true;
  }
}
