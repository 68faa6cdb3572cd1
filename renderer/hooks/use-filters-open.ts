import { useCallback, useState } from 'react';

const KEY = 'logdesk.filtersOpen';

/** Whether the full filter form is open; remembered across reloads (closed by default: room for the answer). */
export function useFiltersOpen(): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => {
    try {
      return localStorage.getItem(KEY) === '1';
    } catch {
      return false;
    }
  });
  const change = useCallback((next: boolean) => {
    setOpen(next);
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // storage refused (private window): the choice lasts for this page only
    }
  }, []);
  return [open, change];
}
