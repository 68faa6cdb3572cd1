import { useEffect, useRef } from 'react';
import { shortcutOf } from '../lib/shortcuts.ts';

/**
 * `/` opens and focuses the filters, Ctrl/Cmd+Enter runs, `?` opens the list. Esc is handled where the thing
 * to close lives (native <dialog>, the detail panel). Nothing fires while a modal dialog is open,
 * except inside it: the page behind it is inert.
 */
export function useShortcuts(handlers: {
  onRun: () => void;
  onHelp: () => void;
  onFocusFilters: () => void;
}) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const action = shortcutOf(e);
      // A filter field may have taken the Enter to add its typed value: Ctrl+Enter still runs.
      if (!action || (e.defaultPrevented && action !== 'run')) return;
      e.preventDefault(); // also keeps the form from submitting a second run
      // After React has applied what this key press changed (a value typed into a filter).
      if (action === 'run') setTimeout(() => latest.current.onRun(), 0);
      else if (action === 'help') latest.current.onHelp();
      else {
        // The full form may be folded away: open it, then focus its first field once it shows.
        latest.current.onFocusFilters();
        setTimeout(() => document.querySelector<HTMLElement>('.filter-bar .chips-text')?.focus(), 0);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
