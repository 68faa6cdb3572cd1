/** The app's keyboard shortcuts, as the `?` list shows them. */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['/'], does: 'Focus the filters (opens the full form)' },
  { keys: ['Ctrl', 'Enter'], does: 'Run the query (also while typing; ⌘ Enter on a Mac)' },
  { keys: ['Enter'], does: 'In a filter with nothing typed: run the query' },
  { keys: ['Esc'], does: 'Close the open dialog or the error details' },
  { keys: ['↑', '↓', 'Enter'], does: 'In the errors table: move, open the details' },
  { keys: ['?'], does: 'Show this list' },
];

/** Typing in a field: single-key shortcuts must not fire (the key is text there). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
    el.type ?? 'text',
  );
}

export type ShortcutAction = 'focus-filters' | 'run' | 'help' | null;

/** Which shortcut a key press is, given where it was typed. */
export function shortcutOf(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): ShortcutAction {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) return 'run';
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  if (e.key === '/') return 'focus-filters';
  if (e.key === '?') return 'help';
  return null;
}
