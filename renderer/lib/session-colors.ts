import { assignSlots, type ColorAssignment } from '../../shared/series-colors.ts';

/**
 * The session's colour assignment: it only grows, so a model keeps the colour it first got for as
 * long as the window is open, and the export hands the same assignment to the report.
 */
let assignment: ColorAssignment = {};

/** Slots for `values` (largest series first), assigning the ones seen for the first time. */
export function sessionSlots(values: readonly string[]): ColorAssignment {
  if (values.some((v) => !(v in assignment))) assignment = assignSlots(values, assignment);
  return assignment;
}

export const sessionColorAssignment = (): ColorAssignment => assignment;
