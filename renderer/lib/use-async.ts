import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client.ts';
import { appStore } from '../store/index.ts';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replace the data after a change the page made itself, without another request. */
  setData(data: T): void;
}

/** Loads something once per `deps` change; a stale answer (the page moved on) is dropped. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    loadRef.current(controller.signal).then(
      (data) => { if (!controller.signal.aborted) setState({ data, error: null, loading: false }); },
      (error: unknown) => { if (!controller.signal.aborted) setState((s) => ({ ...s, error, loading: false })); },
    );
    return () => controller.abort();
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, setData };
}

/**
 * Runs a button's action: `busy` while it runs, the API's message as an error toast when it
 * fails (or `onError` to place it somewhere better), a confirmation toast when asked.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const run = useCallback(async (key: string, action: () => Promise<unknown>, options: { success?: string; onError?: (error: unknown) => void } = {}) => {
    setBusy(key);
    try {
      await action();
      if (options.success) appStore.getState().notify(options.success, 'success');
      return true;
    } catch (error) {
      if (options.onError) options.onError(error);
      else appStore.getState().notify(messageOf(error), 'error');
      return false;
    } finally {
      setBusy(null);
    }
  }, []);
  return { busy, run };
}
