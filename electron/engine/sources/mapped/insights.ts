import type { DimensionSeries, SpikeContext, SpikeDimension } from '../../../../shared/analysis.ts';
import { seriesFromRows, spikeContextOf } from '../litellm/dimension-series.ts';
import type { ErrorRow, ResolvedQuery } from '../../../../shared/investigation.ts';
import { AppError } from '../../../../shared/errors.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { ReadOptions } from '../../db/database.ts';
import { checkedMapping, mapRow, type MappedDatabase } from './investigate.ts';
import { failuresCte } from './query-sql.ts';
import { Params, sqlDialect } from '../../sql/dialects/sql-dialect.ts';

const ROW_COLUMNS = `t_ms, request_id, model, deployment, key_alias, team_alias, status_code, error_type, error_message, provider, duration_ms, total_tokens`;
const DIMENSIONS: [SpikeDimension, string][] = [
  ['model', `COALESCE(model, '(unknown)')`],
  ['keyAlias', 'key_alias'],
  ['errorType', 'error_type'],
];

/** Every matching failure of a mapped source, newest first, in pages of one snapshot (as forEachErrorPage). */
export async function forEachMappedErrorPage(
  db: MappedDatabase,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void,
  options: ReadOptions & { pageSize?: number } = {},
): Promise<number> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 5_000));
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const newestFirst = (p: Params) => `${failuresCte(checked, d, query, p)}
SELECT ${ROW_COLUMNS} FROM ld_failures ORDER BY t_ms DESC, request_id DESC`;
    // A session that streams one statement's rows (SQLite) runs it once; others page it with OFFSET
    // inside one snapshot (the same ordering over the same rows on every page).
    const p0 = new Params(d.name);
    const streamed = sql.stream && !sql.cursors ? sql.stream(newestFirst(p0), p0.values, pageSize) : null;
    const nextPage = async (seen: number) => {
      if (streamed) return streamed.next();
      const p = new Params(d.name);
      const text = `${newestFirst(p)} LIMIT ${p.add(pageSize)} OFFSET ${p.add(seen)}`;
      return sql.query(text, p.values);
    };
    let seen = 0;
    try {
      for (;;) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'Reading the errors was cancelled');
        const rows = (await nextPage(seen)).map((r, i) => mapRow(r, seen + i));
        seen += rows.length;
        if (rows.length === 0) break;
        if ((await onPage(rows)) === false) break;
        if (rows.length < pageSize) break;
      }
    } finally {
      await streamed?.drain();
    }
    return seen;
  }, options);
}

/** Dense per-bucket series of the busiest values of each dimension (as dimensionSeries). */
export async function mappedDimensionSeries(
  db: MappedDatabase,
  query: ResolvedQuery,
  options: ReadOptions & { perDimension?: number } = {},
): Promise<{ buckets: string[]; series: DimensionSeries[] }> {
  const buckets = bucketStarts(query, query.bucketSeconds);
  const d = sqlDialect(db.dialect);
  const rows = await db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const p = new Params(d.name);
    const cte = failuresCte(checked, d, query, p);
    // One grouping of the failures that every dimension sums (MariaDB scans a CTE once per reference).
    const grouped = `ld_series AS (
  SELECT ${DIMENSIONS.map(([dim, expr]) => `${expr} AS v_${dim}`).join(', ')}, floor(t_ms / ${p.add(query.bucketSeconds * 1000)}) AS b, count(*) AS c
    FROM ld_failures GROUP BY 1, 2, 3, 4)`;
    const branches = DIMENSIONS.map(
      ([dim]) => `SELECT '${dim}' AS dim, v_${dim} AS v, b, sum(c) AS n FROM ld_series GROUP BY v_${dim}, b`,
    );
    return sql.query(`${cte},\n${grouped}\n${branches.join('\nUNION ALL ')}`, p.values);
  }, options);
  const keep = options.perDimension ?? 20;
  // Ranked here rather than in SQL: the same order in all three engines whatever their collation.
  const ranked = seriesFromRows(rows, buckets, (row) =>
    new Date(Number(row.b) * query.bucketSeconds * 1000).toISOString(),
  ).sort(
    (a, b) =>
      a.dimension.localeCompare(b.dimension) ||
      b.total - a.total ||
      (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'),
  );
  const perDim = new Map<string, number>();
  const series = ranked.filter((s) => {
    const n = (perDim.get(s.dimension) ?? 0) + 1;
    perDim.set(s.dimension, n);
    return n <= keep;
  });
  return { buckets, series };
}

/** What each spike window's failures have in common (as spikeContexts). */
export async function mappedSpikeContexts(
  db: MappedDatabase,
  query: ResolvedQuery,
  windows: readonly { dimension: SpikeDimension; value: string | null; from: string; to: string }[],
  options: ReadOptions = {},
): Promise<SpikeContext[]> {
  if (windows.length === 0) return [];
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const out: SpikeContext[] = [];
    for (const w of windows) {
      const from = w.from > query.from ? w.from : query.from;
      const to = w.to < query.to ? w.to : query.to;
      const p = new Params(d.name);
      const cte = failuresCte(checked, d, { ...query, from, to }, p);
      const expr = DIMENSIONS.find(([dim]) => dim === w.dimension)![1];
      const pick = w.value === null ? `${expr} IS NULL` : `${expr} = ${p.add(w.value)}`;
      const tops: [string, string][] = [
        ['models', `COALESCE(model, '(unknown)')`],
        ['deployments', 'deployment'],
        ['keyAliases', 'key_alias'],
        ['errorTypes', 'error_type'],
      ];
      const text = `${cte},
ld_picked AS (SELECT * FROM ld_failures WHERE ${pick})
${tops.map(([name, e]) => `SELECT '${name}' AS k, ${e} AS v, count(*) AS n FROM ld_picked GROUP BY 2`).join('\nUNION ALL ')}`;
      const rows = await sql.query(text, p.values);
      const top = (name: string) =>
        rows
          .filter((r) => r.k === name)
          .map((r) => ({ value: r.v === null || r.v === undefined ? null : String(r.v), count: Number(r.n) }))
          .sort((a, b) => b.count - a.count || (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'))
          .slice(0, 5);
      out.push(
        spikeContextOf({
          models: top('models'),
          deployments: top('deployments'),
          keyAliases: top('keyAliases'),
          errorTypes: top('errorTypes'),
        }),
      );
    }
    return out;
  }, options);
}
