import { useSyncExternalStore } from 'react';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Follows the OS theme live (charts need concrete colours, not CSS variables). */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (notify) => {
      const mq = query();
      mq.addEventListener('change', notify);
      return () => mq.removeEventListener('change', notify);
    },
    () => (query().matches ? 'dark' : 'light'),
  );
}
