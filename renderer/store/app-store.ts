import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client.ts';
import { createCatalogSlice, type CatalogSlice } from './catalog-slice.ts';
import { createLiveSlice, type LiveSlice } from './live-slice.ts';
import { createSessionSlice, createSignedOutStatus, type SessionSlice, type SignedOutStatus } from './session-slice.ts';
import { createUiSlice, type Theme, type UiSlice } from './ui-slice.ts';

export type AppStore = SessionSlice & SignedOutStatus & LiveSlice & CatalogSlice & UiSlice;

export interface StoreDeps {
  api: ApiClient;
  initialTheme?: Theme;
}

/** One store from slices; the app binds one to React, tests build their own against a real controller. */
export function createAppStore(deps: StoreDeps): StoreApi<AppStore> {
  return createStore<AppStore>()((...args) => ({
    ...createSessionSlice(deps)(...args),
    ...createSignedOutStatus(deps)(...args),
    ...createLiveSlice(...args),
    ...createCatalogSlice(deps)(...args),
    ...createUiSlice(deps.initialTheme ?? 'dark')(...args),
  }));
}
