import type { DimensionSeries, SpikeDimension } from '../../../../shared/analysis.ts';
import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { seriesFromRows } from '../litellm/dimension-series.ts';

/** The value each spike dimension groups by, over the failure columns (ld_failures) prefixed `at` ('f.' or ''). */
export const DIMENSION_VALUE: Record<SpikeDimension, (at: string) => string> = {
  model: (at) => `COALESCE(${at}model, '(unknown)')`,
  keyAlias: (at) => `${at}key_alias`,
  errorType: (at) => `${at}error_type`,
};
export const DIMENSIONS = (Object.keys(DIMENSION_VALUE) as SpikeDimension[]).map(
  (dim): [SpikeDimension, string] => [dim, DIMENSION_VALUE[dim]('')],
);

/** The column a streamed failure carries its series bucket in (`floor(t_ms / bucket ms)`, as SQL computes it). */
export const BUCKET_COLUMN = 'ld_bucket';

/**
 * Rows of (dim, v, b, n) into the dense series of `bucketStarts`, the busiest `keep` values of each
 * dimension. Ranked here rather than in SQL: the same order in all three engines whatever their collation.
 */
export function rankedSeries(
  rows: readonly Record<string, unknown>[],
  query: ResolvedQuery,
  buckets: readonly string[],
  keep: number,
): DimensionSeries[] {
  const ranked = seriesFromRows(rows, buckets, (row) =>
    new Date(Number(row.b) * query.bucketSeconds * 1000).toISOString(),
  ).sort(
    (a, b) =>
      a.dimension.localeCompare(b.dimension) ||
      b.total - a.total ||
      (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'),
  );
  const perDim = new Map<string, number>();
  return ranked.filter((s) => {
    const n = (perDim.get(s.dimension) ?? 0) + 1;
    perDim.set(s.dimension, n);
    return n <= keep;
  });
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Counts the spike series from the failures a full read streams (raw rows with BUCKET_COLUMN), so
 * patterns and spikes read the range once: what the series statement (mappedDimensionSeries) groups in
 * SQL, by the values as they are (as that statement does: its values are cast to the session's text).
 * Memory: one count per dimension value and bucket, as that statement's result.
 */
export class SeriesCounter {
  private readonly counts = new Map<
    string,
    { dim: SpikeDimension; v: string | null; b: number; n: number }
  >();

  add(row: Record<string, unknown>): void {
    const b = Number(row[BUCKET_COLUMN]);
    const values: [SpikeDimension, string | null][] = [
      ['model', text(row.model) ?? '(unknown)'],
      ['keyAlias', text(row.key_alias)],
      ['errorType', text(row.error_type)],
    ];
    for (const [dim, v] of values) {
      const key = `${dim}\u0000${v === null ? '\u0001' : `\u0002${v}`}\u0000${b}`;
      const cell = this.counts.get(key);
      if (cell) cell.n += 1;
      else this.counts.set(key, { dim, v, b, n: 1 });
    }
  }

  series(query: ResolvedQuery, buckets: readonly string[], keep: number): DimensionSeries[] {
    return rankedSeries([...this.counts.values()], query, buckets, keep);
  }
}
