import { assignSlots, SERIES_SLOTS, type ColorAssignment } from '../../shared/series-colors.ts';

/**
 * The session's colour assignment: it only grows, so a model keeps the colour it first got for as
 * long as the window's session lasts — a reload included (sessionStorage): a query reopened from its
 * link must not recolour what the same query showed before it. The export hands it to the report.
 */
const KEY = 'logdesk.seriesColors';

function load(): ColorAssignment {
  try {
    const stored = JSON.parse(globalThis.sessionStorage?.getItem(KEY) ?? '{}') as unknown;
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return {};
    // Only whole slots of the palette: anything else in the storage is not ours to trust.
    return Object.fromEntries(
      Object.entries(stored).filter(
        ([, slot]) => Number.isInteger(slot) && (slot as number) >= 0 && (slot as number) < SERIES_SLOTS,
      ),
    ) as ColorAssignment;
  } catch {
    return {};
  }
}

let assignment: ColorAssignment = load();

/** Slots for `values` (largest series first), assigning the ones seen for the first time. */
export function sessionSlots(values: readonly string[]): ColorAssignment {
  if (values.some((v) => !(v in assignment))) {
    assignment = assignSlots(values, assignment);
    try {
      globalThis.sessionStorage?.setItem(KEY, JSON.stringify(assignment));
    } catch {
      // Storage full or refused: the colours still hold for this page.
    }
  }
  return assignment;
}

export const sessionColorAssignment = (): ColorAssignment => assignment;
