import { z } from 'zod';
import {
  ValueShare,
  type DimensionSeries,
  type SpikeContext,
  type SpikeDimension,
} from '../../../../shared/analysis.ts';
import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { Database, ReadOptions } from '../../db/database.ts';
import { BUCKET, errorSetCte, errorSetParams, type CategoryQuery } from './error-query.ts';
import { detectSchema, type LiteLLMSchema } from './schema.ts';

/** The value each dimension groups by, with the same fallbacks as the breakdowns. */
const DIMENSION_SQL: Record<SpikeDimension, string> = {
  model: `COALESCE(model, '(unknown)')`,
  keyAlias: 'key_alias',
  errorType: 'error_type',
};

/**
 * `series AS (…)`: errors per bucket for the busiest `perDimension` ($16 unless told) values of each
 * dimension, over `source`, whose rows carry a bucket (`bucket`) and stand for `weight` errors each.
 */
export function seriesSql(source: string, bucket = BUCKET, weight = '1', perDimension = '$16::int'): string {
  const per = (dim: SpikeDimension) =>
    `SELECT ${bucket} AS b, '${dim}' AS dim, ${DIMENSION_SQL[dim]} AS v, ${weight} AS w FROM ${source}`;
  return `dims AS (${per('model')} UNION ALL ${per('keyAlias')} UNION ALL ${per('errorType')}),
counts AS (SELECT dim, v, b, sum(w)::int AS n FROM dims GROUP BY 1, 2, 3),
ranked AS (
  SELECT dim, v, row_number() OVER (PARTITION BY dim ORDER BY sum(n) DESC, v NULLS LAST) AS r
    FROM counts GROUP BY dim, v),
series AS (
  SELECT c.dim, c.v, c.b, c.n
    FROM counts c JOIN ranked k ON k.dim = c.dim AND k.v IS NOT DISTINCT FROM c.v
   WHERE k.r <= ${perDimension})`;
}

/** Errors per bucket for the busiest values of each dimension, over all matching errors. $15 bucket seconds, $16 values kept per dimension. */
export function dimensionSeriesSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)},
${seriesSql('filtered')}
SELECT dim, v, b, n FROM series ORDER BY dim, v, b`;
}

/**
 * What the errors of one dimension value have in common inside a window (the window is the query's
 * $1/$2): top models, deployments, key aliases, error types. $15 dimension, $16 value (NULL for none).
 */
export function spikeContextSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  const top = (expr: string) =>
    `(SELECT COALESCE(json_agg(json_build_object('value', v, 'count', n) ORDER BY n DESC, v NULLS LAST), '[]'::json)
        FROM (SELECT ${expr} AS v, count(*)::int AS n FROM picked GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT 5) g)`;
  return `${errorSetCte(schema, q)},
picked AS (
  SELECT * FROM filtered
   WHERE CASE $15::text WHEN 'model' THEN ${DIMENSION_SQL.model} IS NOT DISTINCT FROM $16::text
                       WHEN 'keyAlias' THEN ${DIMENSION_SQL.keyAlias} IS NOT DISTINCT FROM $16::text
                       ELSE ${DIMENSION_SQL.errorType} IS NOT DISTINCT FROM $16::text END)
SELECT ${top(DIMENSION_SQL.model)} AS models, ${top('deployment')} AS deployments,
       ${top('key_alias')} AS key_aliases, ${top('error_type')} AS error_types`;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
const shares = z.array(ValueShare);

/**
 * Rows of (dim, v, n) plus a bucket, as every source's SQL returns them, into dense series over
 * `buckets`; `bucketOf` reads the row's bucket start as an ISO string. Unsorted.
 */
export function seriesFromRows(
  rows: readonly Record<string, unknown>[],
  buckets: readonly string[],
  bucketOf: (row: Record<string, unknown>) => string,
): DimensionSeries[] {
  const index = new Map(buckets.map((b, i) => [b, i]));
  const byKey = new Map<string, DimensionSeries>();
  for (const row of rows) {
    const dimension = String(row.dim) as SpikeDimension;
    const value = row.v === null || row.v === undefined ? null : String(row.v);
    const key = `${dimension}\u0000${value ?? '\u0001'}`;
    let s = byKey.get(key);
    if (!s) {
      s = { dimension, value, total: 0, counts: new Array<number>(buckets.length).fill(0) };
      byKey.set(key, s);
    }
    const i = index.get(bucketOf(row));
    const n = Number(row.n);
    s.total += n;
    if (i !== undefined) s.counts[i]! += n;
  }
  return [...byKey.values()];
}

/** A spike's context from its four top lists (parsed JSON or arrays of { value, count }), checked. */
export function spikeContextOf(lists: Record<keyof SpikeContext, unknown>): SpikeContext {
  return {
    models: shares.parse(json(lists.models ?? '[]')),
    deployments: shares.parse(json(lists.deployments ?? '[]')),
    keyAliases: shares.parse(json(lists.keyAliases ?? '[]')),
    errorTypes: shares.parse(json(lists.errorTypes ?? '[]')),
  };
}

/** Dense series (one count per bucket of `bucketStarts`) for the busiest `perDimension` values of each dimension. */
export async function dimensionSeries(
  db: Database,
  query: ResolvedQuery,
  options: ReadOptions & { perDimension?: number } = {},
): Promise<{ buckets: string[]; series: DimensionSeries[] }> {
  const buckets = bucketStarts(query, query.bucketSeconds);
  const rows = await db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    return sql.query(dimensionSeriesSql(schema, query), [
      ...errorSetParams(query),
      query.bucketSeconds,
      options.perDimension ?? 20,
    ]);
  }, options);
  return { buckets, series: inSeriesOrder(seriesFromRows(rows, buckets, (row) => String(row.b))) };
}

/** The order spike detection reads series in: by dimension, busiest value first (ties keep the SQL order). */
export function inSeriesOrder(series: DimensionSeries[]): DimensionSeries[] {
  return series.sort((a, b) => a.dimension.localeCompare(b.dimension) || b.total - a.total);
}

/** Context of several windows in one read-only transaction. */
export async function spikeContexts(
  db: Database,
  query: ResolvedQuery,
  windows: readonly { dimension: SpikeDimension; value: string | null; from: string; to: string }[],
  options: ReadOptions = {},
): Promise<SpikeContext[]> {
  if (windows.length === 0) return [];
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const text = spikeContextSql(schema, query);
    const out: SpikeContext[] = [];
    for (const w of windows) {
      // The window never reaches outside the query's own range.
      const from = w.from > query.from ? w.from : query.from;
      const to = w.to < query.to ? w.to : query.to;
      const [row] = await sql.query(text, [...errorSetParams({ ...query, from, to }), w.dimension, w.value]);
      out.push(
        spikeContextOf({
          models: row?.models,
          deployments: row?.deployments,
          keyAliases: row?.key_aliases,
          errorTypes: row?.error_types,
        }),
      );
    }
    return out;
  }, options);
}
