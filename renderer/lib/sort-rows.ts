import type { ErrorRow } from '../../shared/investigation.ts';

export type SortKey =
  'time' | 'model' | 'keyAlias' | 'statusCode' | 'errorType' | 'errorMessage' | 'durationMs';
export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: SortKey;
  dir: SortDir;
}

/** Sorted copy; missing values always last, ties keep the engine's order (newest first), text case-insensitive. */
export function sortRows(rows: readonly ErrorRow[], sort: SortState): ErrorRow[] {
  if (sort.key === 'time' && sort.dir === 'desc') return rows as ErrorRow[];
  const sign = sort.dir === 'asc' ? 1 : -1;
  // Keys computed once (lower-cased text): comparing 100,000 rows with a collator takes about a second.
  const indexed = rows.map((row, i) => {
    const v = row[sort.key];
    return {
      row,
      i,
      k: v === null || v === undefined ? null : typeof v === 'number' ? v : String(v).toLowerCase(),
    };
  });
  indexed.sort((a, b) => {
    if (a.k === null) return b.k === null ? a.i - b.i : 1;
    if (b.k === null) return -1;
    const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    return c === 0 ? a.i - b.i : sign * c;
  });
  return indexed.map((x) => x.row);
}

/** Clicking the sorted column flips it; another column starts descending for time and numbers, ascending for text. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'time' || key === 'durationMs' ? 'desc' : 'asc' };
}
