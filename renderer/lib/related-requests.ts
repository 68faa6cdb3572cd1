import { clearedFilters, type Filters } from '../../shared/filters.ts';
import type { ErrorRow } from '../../shared/investigation.ts';

export type RelatedKind = 'key' | 'deployment' | 'session' | 'around';

export const AROUND_MS = 5 * 60_000;

/** What one "related requests" button would filter by, or null when the error has no such value. */
export function relatedValue(row: ErrorRow, kind: RelatedKind, sessionId: string | null): string | null {
  if (kind === 'key') return row.keyAlias;
  if (kind === 'deployment') return row.deployment;
  if (kind === 'session') return sessionId;
  return row.time;
}

/**
 * The filters of a related-requests click: every other filter cleared, so the errors shown are
 * all of that key, deployment or session in the current time range, or all errors within five
 * minutes either side of this one.
 */
export function relatedFilters(
  current: Filters,
  row: ErrorRow,
  kind: RelatedKind,
  sessionId: string | null,
): Filters | null {
  const value = relatedValue(row, kind, sessionId);
  if (value === null) return null;
  const base = clearedFilters(current);
  if (kind === 'key') return { ...base, keyAliases: [value] };
  if (kind === 'deployment') return { ...base, models: [value] };
  if (kind === 'session') return { ...base, sessionIds: [value] };
  const t = Date.parse(row.time);
  return {
    ...base,
    timeRange: {
      kind: 'absolute',
      from: new Date(t - AROUND_MS).toISOString(),
      to: new Date(t + AROUND_MS).toISOString(),
    },
  };
}
