import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ErrorRow } from '../../shared/investigation.ts';

export interface OpenError {
  row: ErrorRow;
  /** Built from a pattern's example: fields it lacks are unknown, not empty. */
  partial: boolean;
}

/**
 * Which error the detail panel shows, kept outside the app's state: opening a row re-renders the
 * panel and the table's selection only, not every chart (on a busy machine that took seconds).
 */
export interface OpenErrorStore {
  get(): OpenError | null;
  open(row: ErrorRow, partial?: boolean): void;
  close(): void;
  subscribe(listener: () => void): () => void;
}

export function createOpenErrorStore(): OpenErrorStore {
  let current: OpenError | null = null;
  const listeners = new Set<() => void>();
  const set = (next: OpenError | null) => {
    if (next === current) return;
    current = next;
    for (const listener of listeners) listener();
  };
  return {
    get: () => current,
    open: (row, partial = false) => set({ row, partial }),
    close: () => set(null),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const OpenErrorContext = createContext<OpenErrorStore | null>(null);

export function useOpenError(store?: OpenErrorStore): OpenError | null {
  const fromContext = useContext(OpenErrorContext);
  const s = store ?? fromContext;
  if (!s) throw new Error('useOpenError needs an OpenErrorContext');
  return useSyncExternalStore(s.subscribe, s.get);
}
