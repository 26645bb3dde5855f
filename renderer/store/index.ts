import { useStore as useZustandStore } from 'zustand';
import { api } from '../api/client.ts';
import { createAppStore, type AppStore } from './app-store.ts';
import type { Theme } from './ui-slice.ts';

const THEME_KEY = 'stellarstack.theme';

function storedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export const appStore = createAppStore({ api, initialTheme: storedTheme() });

/** Read the store with an atomic selector: `useStore((s) => s.session.user)`. */
export function useStore<T>(selector: (state: AppStore) => T): T {
  return useZustandStore(appStore, selector);
}

// The theme lives on <html> so CSS variables switch everywhere at once, and survives reloads.
function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private windows may refuse storage: the theme then lasts for this visit.
  }
}
applyTheme(appStore.getState().theme);
appStore.subscribe((state, previous) => {
  if (state.theme !== previous.theme) applyTheme(state.theme);
});

export type { AppStore };
