import type { DimensionSeries, SpikeContext } from '../../../../shared/analysis.ts';
import { spikeContextOf } from '../litellm/dimension-series.ts';
import type { ErrorRow, ResolvedQuery } from '../../../../shared/investigation.ts';
import { AppError } from '../../../../shared/errors.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { ReadOptions } from '../../db/database.ts';
import type { ErrorPageHandler, SpikeWindow } from '../call-source.ts';
import { checkedMapping, mapRow, type MappedDatabase } from './investigate.ts';
import { failuresCte } from './query-sql.ts';
import { BUCKET_COLUMN, DIMENSION_VALUE, DIMENSIONS, rankedSeries, SeriesCounter } from './spike-series.ts';
import { Params, sqlDialect } from '../../sql/dialects/sql-dialect.ts';

const ROW_COLUMNS = `t_ms, request_id, model, deployment, key_alias, team_alias, status_code, error_type, error_message, provider, duration_ms, total_tokens`;

/**
 * Every matching failure of a mapped source, newest first, in pages of one snapshot (as forEachErrorPage);
 * with `counter`, each raw row also counts into the spike series (its bucket as SQL computes it).
 */
async function readMappedErrors(
  db: MappedDatabase,
  query: ResolvedQuery,
  onPage: ErrorPageHandler,
  options: ReadOptions & { pageSize?: number },
  counter?: SeriesCounter,
): Promise<number> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 5_000));
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const newestFirst = (p: Params) => {
      const cte = failuresCte(checked, d, query, p);
      const bucket = counter
        ? `, floor(t_ms / ${p.add(query.bucketSeconds * 1000)}) AS ${BUCKET_COLUMN}`
        : '';
      return `${cte}
SELECT ${ROW_COLUMNS}${bucket} FROM ld_failures ORDER BY t_ms DESC, request_id DESC`;
    };
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
        const raw = await nextPage(seen);
        if (counter) for (const r of raw) counter.add(r);
        const rows = raw.map((r, i) => mapRow(r, seen + i));
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

/** Every matching failure of a mapped source, newest first, in pages of one snapshot (as forEachErrorPage). */
export function forEachMappedErrorPage(
  db: MappedDatabase,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void,
  options: ReadOptions & { pageSize?: number } = {},
): Promise<number> {
  return readMappedErrors(db, query, onPage, options);
}

/**
 * Every failure page (as forEachMappedErrorPage, read to the end) and the spike series of the same
 * failures (as mappedDimensionSeries) from that one read: the range is scanned once, not twice.
 */
export async function mappedErrorPagesWithSeries(
  db: MappedDatabase,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<void> | void,
  options: ReadOptions & { pageSize?: number; perDimension?: number } = {},
): Promise<{ rows: number; series: DimensionSeries[] }> {
  const counter = new SeriesCounter();
  const rows = await readMappedErrors(db, query, async (page) => void (await onPage(page)), options, counter);
  const buckets = bucketStarts(query, query.bucketSeconds);
  return { rows, series: counter.series(query, buckets, options.perDimension ?? 20) };
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
  return { buckets, series: rankedSeries(rows, query, buckets, options.perDimension ?? 20) };
}

/** A context's top lists and the value each counts, over the failure columns prefixed `at`. */
const TOPS: [keyof SpikeContext, (at: string) => string][] = [
  ['models', DIMENSION_VALUE.model],
  ['deployments', (at) => `${at}deployment`],
  ['keyAliases', DIMENSION_VALUE.keyAlias],
  ['errorTypes', DIMENSION_VALUE.errorType],
];

/** Each context's four top lists, five values each, from rows of (w, k, v, n). */
function contextsOf(rows: readonly Record<string, unknown>[], windows: number): SpikeContext[] {
  return Array.from({ length: windows }, (_, i) => {
    const mine = rows.filter((r) => Number(r.w) === i);
    const top = (name: string) =>
      mine
        .filter((r) => r.k === name)
        .map((r) => ({ value: r.v === null || r.v === undefined ? null : String(r.v), count: Number(r.n) }))
        .sort((a, b) => b.count - a.count || (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'))
        .slice(0, 5);
    return spikeContextOf({
      models: top('models'),
      deployments: top('deployments'),
      keyAliases: top('keyAliases'),
      errorTypes: top('errorTypes'),
    });
  });
}

/**
 * What each spike window's failures have in common (as spikeContexts), in one statement: the failures of
 * the windows' whole span, grouped once (so MariaDB reads the table once, not once per window of its
 * join), each group joined with the windows it is in (its t_ms in the window's buckets, as the series
 * counted it, and its value of the window's dimension), summed by window (a grouping: merged into one
 * join with the top lists, MariaDB read the groups once per window and list: 3.6 → 1.3 s at 500k rows),
 * then by top list. One read instead of one per window (MariaDB scanned the range for each: 13 windows,
 * 11 s at 200k rows).
 */
export async function mappedSpikeContexts(
  db: MappedDatabase,
  query: ResolvedQuery,
  windows: readonly SpikeWindow[],
  options: ReadOptions = {},
): Promise<SpikeContext[]> {
  const open = windows
    .map((w, i) => ({
      ...w,
      i,
      from: w.from > query.from ? w.from : query.from,
      to: w.to < query.to ? w.to : query.to,
    }))
    .filter((w) => w.from < w.to);
  if (open.length === 0) return contextsOf([], windows.length);
  const d = sqlDialect(db.dialect);
  const rows = await db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const p = new Params(d.name);
    // Placeholders in text order (`?` binds by position): the span's, the windows' bounds, their values.
    const span = {
      from: open.map((w) => w.from).reduce((a, b) => (b < a ? b : a)),
      to: open.map((w) => w.to).reduce((a, b) => (b > a ? b : a)),
    };
    const cte = failuresCte(checked, d, { ...query, ...span }, p);
    const listed = open.map(
      (w, n) =>
        `SELECT ${w.i}${n ? '' : ' AS w'}, ${d.asNumber(p.add(Date.parse(w.from)))}${n ? '' : ' AS lo'}, ${d.asNumber(p.add(Date.parse(w.to)))}${n ? '' : ' AS hi'}`,
    );
    // Each window's value test written out with its own placeholder, as a per-window statement had it.
    const picks = open.map((w) => {
      const value = DIMENSION_VALUE[w.dimension]('f.');
      return `WHEN ${w.i} THEN ${w.value === null ? `${value} IS NULL` : `${value} = ${p.add(w.value)}`}`;
    });
    const top = `CASE k.k ${TOPS.map(([name, value]) => `WHEN '${name}' THEN ${value('p.')}`).join(' ')} END`;
    const text = `${cte},
ld_windows AS (${listed.join(' UNION ALL ')}),
ld_tops AS (${TOPS.map(([name], n) => `SELECT '${name}'${n ? '' : ' AS k'}`).join(' UNION ALL ')}),
ld_grouped AS (
  SELECT t_ms, model, deployment, key_alias, error_type, count(*) AS c
    FROM ld_failures GROUP BY t_ms, model, deployment, key_alias, error_type),
ld_picked AS (
  SELECT w.w, f.model, f.deployment, f.key_alias, f.error_type, sum(f.c) AS c
    FROM ld_grouped f JOIN ld_windows w
      ON f.t_ms >= w.lo AND f.t_ms < w.hi AND (CASE w.w ${picks.join(' ')} END)
   GROUP BY w.w, f.model, f.deployment, f.key_alias, f.error_type)
SELECT p.w, k.k, ${top} AS v, sum(p.c) AS n
  FROM ld_picked p CROSS JOIN ld_tops k
 GROUP BY p.w, k.k, ${top}`;
    return sql.query(text, p.values);
  }, options);
  return contextsOf(rows, windows.length);
}
