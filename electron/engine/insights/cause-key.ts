import type { FailureCategory } from '../../../shared/taxonomy.ts';
import { categorizeError, type Categorized } from './taxonomy.ts';

/** What a pattern never spans: one cause category and one HTTP status. */
export interface CauseKey {
  category: FailureCategory;
  /** The status column, else the status the message names (`Error code: 429`), else ''. */
  status: string;
}

/** `Error code: 429` as masked text keeps it (mask.ts leaves a status after `code:` as written). */
const STATUS_IN_TEXT = /\bcode:\s([1-5]\d\d)\b/i;

/**
 * The cause of one error as patterns see it: the taxonomy rules over the masked message (so every
 * row of one pre-grouped cell, which share their masked text, gets the same key on every path) and
 * the status column — as the category filter's SQL sees it; a status only the text names splits
 * patterns but does not name the category.
 */
export function causeOf(
  errorType: string | null,
  statusCode: string | null,
  masked: string,
): CauseKey & Categorized {
  const status = statusCode?.trim() || STATUS_IN_TEXT.exec(masked)?.[1] || '';
  return { ...categorizeError({ errorType, statusCode, message: masked }), status };
}

/** One string per cause, to route errors to their own Drain. */
export const causeKeyText = (k: CauseKey) => `${k.category}|${k.status}`;
