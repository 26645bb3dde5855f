import type { StateCreator } from 'zustand';
import type { User } from '../../contracts/index.ts';
import type { AppStore, StoreDeps } from './app-store.ts';

export type SessionStatus = 'loading' | 'setup' | 'signed_out' | 'signed_in' | 'unreachable';

export interface SessionSlice {
  session: { status: SessionStatus; user: User | null; signupOpen: boolean; error: string | null };
  /** Finds out who is signed in, or which first screen to show. */
  loadSession(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  /** Sign-up; on a fresh install this creates the admin. */
  signUp(input: { email: string; name: string; password: string }): Promise<void>;
  signOut(): Promise<void>;
  /** The stream or a request said the credential is gone. */
  sessionEnded(reason: string): void;
  setUser(user: User): void;
}

export const createSessionSlice = (deps: StoreDeps): StateCreator<AppStore, [], [], SessionSlice> => (set, get) => ({
  session: { status: 'loading', user: null, signupOpen: false, error: null },

  async loadSession() {
    try {
      const { user } = await deps.api.get<{ user: User }>('/auth/session');
      set({ session: { status: 'signed_in', user, signupOpen: false, error: null } });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'UNAUTHORIZED' && code !== 'ACCOUNT_SUSPENDED') {
        set({ session: { status: 'unreachable', user: null, signupOpen: false, error: (error as Error).message } });
        return;
      }
      await get().refreshSignedOutStatus(code === 'ACCOUNT_SUSPENDED' ? 'This account is suspended.' : null);
    }
  },

  async signIn(email, password) {
    const { user } = await deps.api.post<{ user: User }>('/auth/signin', { email, password });
    set({ session: { status: 'signed_in', user, signupOpen: false, error: null } });
  },

  async signUp(input) {
    const { user } = await deps.api.post<{ user: User }>('/auth/signup', input);
    set({ session: { status: 'signed_in', user, signupOpen: false, error: null } });
  },

  async signOut() {
    try {
      await deps.api.post('/auth/signout');
    } finally {
      get().resetLive();
      await get().refreshSignedOutStatus(null);
    }
  },

  sessionEnded(reason) {
    get().resetLive();
    void get().refreshSignedOutStatus(reason);
  },

  setUser(user) {
    set((state) => ({ session: { ...state.session, user } }));
  },
});

/** Kept apart so sign-out and a lost session share it. */
export interface SignedOutStatus {
  refreshSignedOutStatus(message: string | null): Promise<void>;
}

export const createSignedOutStatus = (deps: StoreDeps): StateCreator<AppStore, [], [], SignedOutStatus> => (set) => ({
  async refreshSignedOutStatus(message) {
    try {
      const status = await deps.api.get<{ setupRequired: boolean; signupOpen: boolean }>('/auth/status');
      set({ session: { status: status.setupRequired ? 'setup' : 'signed_out', user: null, signupOpen: status.signupOpen, error: message } });
    } catch (error) {
      set({ session: { status: 'unreachable', user: null, signupOpen: false, error: (error as Error).message } });
    }
  },
});
