/**
 * The time window a click or a drag on the timeline selects: from the start of the first bucket
 * touched to the end of the last, kept inside the range the results cover (the first and last
 * buckets may reach past it).
 */
export function bucketWindow(
  buckets: readonly string[],
  a: number,
  b: number,
  bucketSeconds: number,
  range: { from: string; to: string },
): { from: string; to: string } | null {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const first = buckets[lo];
  const last = buckets[hi];
  if (first === undefined || last === undefined) return null;
  const from = Math.max(Date.parse(first), Date.parse(range.from));
  const to = Math.min(Date.parse(last) + bucketSeconds * 1000, Date.parse(range.to));
  if (!(from < to)) return null;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The filters with the zoomed window as their time range: a change like any other (history, URL). */
export function zoomedFilters<F extends { timeRange: unknown }>(
  filters: F,
  window: { from: string; to: string },
): F {
  return { ...filters, timeRange: { kind: 'absolute', from: window.from, to: window.to } };
}
