/**
 * The "top N, then Other" rule every chart follows (app and report alike): largest first, ties by
 * label so the order is stable; with more than `n` items the top `n - 1` keep their place and the
 * rest go to one "Other" slot, so a chart never shows more than `n` entries.
 */
export function rankWithOther<T extends { count: number }>(
  items: readonly T[],
  n: number,
  labelOf: (item: T) => string,
): { kept: T[]; rest: T[] } {
  const sorted = [...items].sort((a, b) => b.count - a.count || labelOf(a).localeCompare(labelOf(b)));
  if (n <= 0) return { kept: [], rest: sorted };
  if (sorted.length <= n) return { kept: sorted, rest: [] };
  const keep = Math.max(1, n - 1);
  return { kept: sorted.slice(0, keep), rest: sorted.slice(keep) };
}

/**
 * rankWithOther for a list the query already cut: where values lie past it (`beyond`, the SQL's
 * "(other N values)"), the "Other" slot is needed even when the list itself fits, and takes the last place.
 */
export function rankWithRemainder<T extends { count: number }>(
  items: readonly T[],
  n: number,
  labelOf: (item: T) => string,
  beyond: number,
): { kept: T[]; rest: T[] } {
  const ranked = rankWithOther(items, n, labelOf);
  if (beyond > 0 && ranked.rest.length === 0 && ranked.kept.length >= n)
    ranked.rest.push(...ranked.kept.splice(n - 1));
  return ranked;
}
