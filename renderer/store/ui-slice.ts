import type { StateCreator } from 'zustand';
import type { AppStore } from './app-store.ts';

export type Theme = 'dark' | 'light';
export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

export interface UiSlice {
  theme: Theme;
  toasts: Toast[];
  setTheme(theme: Theme): void;
  /** A short note in the corner; errors stay longer than confirmations. */
  notify(message: string, tone?: ToastTone): void;
  dismissToast(id: number): void;
}

const TOAST_MS: Record<ToastTone, number> = { info: 4000, success: 3000, error: 8000 };
let nextToastId = 1;

export const createUiSlice = (initialTheme: Theme): StateCreator<AppStore, [], [], UiSlice> => (set, get) => ({
  theme: initialTheme,
  toasts: [],
  setTheme(theme) {
    set({ theme });
  },
  notify(message, tone = 'info') {
    const id = nextToastId++;
    set((state) => ({ toasts: [...state.toasts.slice(-3), { id, tone, message }] }));
    setTimeout(() => get().dismissToast(id), TOAST_MS[tone]);
  },
  dismissToast(id) {
    set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
  },
});
