/**
 * One colour per series value (a model) for a whole session, the same in the app and the report.
 * A value's colour is a slot in the palette; a slot, once given, never changes, so a model keeps its
 * colour whatever other models a later query brings.
 */

/** Series colours chosen to stay apart for the common colour-vision deficiencies, one set per theme. */
export const SERIES_LIGHT = [
  '#4f46e5',
  '#0891b2',
  '#d97706',
  '#059669',
  '#db2777',
  '#7c3aed',
  '#65a30d',
  '#475569',
];
export const SERIES_DARK = [
  '#8b8cf8',
  '#22d3ee',
  '#fbbf24',
  '#34d399',
  '#f472b6',
  '#a78bfa',
  '#a3e635',
  '#94a3b8',
];
/** "Other" is always grey, never a slot. */
export const OTHER_LIGHT = '#b4bcc8';
export const OTHER_DARK = '#5b6475';
export const SERIES_SLOTS = SERIES_LIGHT.length;

/** value → palette slot (0 … SERIES_SLOTS - 1). */
export type ColorAssignment = Readonly<Record<string, number>>;

/** FNV-1a of the value: the slot a value prefers, the same on every machine and in every session. */
export function preferredSlot(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SERIES_SLOTS;
}

/**
 * `current` plus a slot for each value it lacks (in the given order, so the largest series choose
 * first). A new value takes its preferred slot, or the next one no assigned value holds; when all
 * are held, the next one no value of `values` shows, so one chart never repeats a colour while it
 * can avoid it. Values already assigned keep their slot.
 */
export function assignSlots(values: readonly string[], current: ColorAssignment = {}): ColorAssignment {
  const next: Record<string, number> = { ...current };
  const visible = new Set(values.filter((v) => v in next).map((v) => next[v]!));
  for (const value of values) {
    if (value in next) continue;
    const held = new Set(Object.values(next));
    const start = preferredSlot(value);
    const probe = (taken: Set<number>) => {
      for (let k = 0; k < SERIES_SLOTS; k++) {
        const slot = (start + k) % SERIES_SLOTS;
        if (!taken.has(slot)) return slot;
      }
      return undefined;
    };
    const slot = probe(held) ?? probe(visible) ?? start;
    next[value] = slot;
    visible.add(slot);
  }
  return next;
}
