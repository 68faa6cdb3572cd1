import { categoryPredicate } from '../../insights/category-sql.ts';
import { noExclusions } from '../../../../shared/filters.ts';
import { mapsField, type CallField, type FieldFallback } from '../../../../shared/source-mapping.ts';
import { BREAKDOWN_TOP, type ResolvedQuery } from '../../../../shared/investigation.ts';
import type { SqlParam } from '../../db/database.ts';
import type { CheckedMapping } from '../validate-mapping.ts';
import { Params, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';

export interface BuiltSql {
  sql: string;
  params: SqlParam[];
}

/** A fallback's value as text: its column, or the key at its path inside a JSON column; empty is missing. */
function fallbackSql(fallback: FieldFallback, d: SqlDialect): string {
  const column = d.quote(fallback.column);
  return `NULLIF(${fallback.path ? d.jsonText(column, fallback.path) : d.asText(column)}, '')`;
}

/** The mapped value and the fallback in their order (the fallback `first` wins where present). */
function withFallback(own: string | null, fallback: FieldFallback | undefined, d: SqlDialect): string | null {
  const other = fallback ? fallbackSql(fallback, d) : null;
  if (!own || !other) return own ?? other;
  return fallback!.first ? `COALESCE(${other}, ${own})` : `COALESCE(${own}, ${other})`;
}

/** SQL for a mapped field as text (empty strings count as missing) or as a number; unmapped fields are NULL. */
export function fieldSql(checked: CheckedMapping, d: SqlDialect) {
  const { mapping } = checked;
  const col = (field: CallField) => (mapping.columns[field] ? d.quote(mapping.columns[field]) : null);
  const text = (field: CallField) => {
    const c = col(field);
    const looked = c ? lookupSql(checked, d, field) : null;
    // A key with no row in the lookup table still shows, as the key itself, unless the key is a secret.
    const own = !c
      ? null
      : !looked
        ? `NULLIF(${d.asText(c)}, '')`
        : mapping.lookups?.[field]?.hideKey
          ? `NULLIF(${looked}, '')`
          : `COALESCE(NULLIF(${looked}, ''), NULLIF(${d.asText(c)}, ''))`;
    return withFallback(own, mapping.fallbacks?.[field], d) ?? d.asText('NULL');
  };
  // Typed NULLs: PostgreSQL reads an untyped NULL column of a CTE as text, which sum() refuses.
  const num = (field: CallField) => {
    const c = col(field);
    return c ? d.asNumber(c) : d.asNumber('NULL');
  };
  return { col, text, num };
}

/** A status rule's status as text: its column, else (or first) its fallback; NULL when neither says. */
function statusSql(checked: CheckedMapping, d: SqlDialect): string {
  const { success, fallbacks } = checked.mapping;
  const own = success.column ? `NULLIF(${d.asText(d.quote(success.column))}, '')` : null;
  return withFallback(own, fallbacks?.success, d) ?? d.asText('NULL');
}

/**
 * A lookup field's value: the lookup table's column on the row whose key equals the mapped column.
 * A scalar subquery, so a duplicate key can never multiply calls; keys of different kinds compare as text.
 */
function lookupSql(checked: CheckedMapping, d: SqlDialect, field: CallField): string | null {
  const { mapping } = checked;
  const lookup = mapping.lookups?.[field];
  const via = mapping.columns[field];
  if (!lookup || !via) return null;
  const key = `ld_lk.${d.quote(lookup.key)}`;
  const from = `${d.quote(mapping.table)}.${d.quote(via)}`;
  const sameKind =
    checked.related.get(lookup.table)?.get(lookup.key)?.kind === checked.columns.get(via)?.kind;
  const eq = sameKind ? `${key} = ${from}` : `${d.asText(key)} = ${d.asText(from)}`;
  return `(SELECT ${d.asText(`ld_lk.${d.quote(lookup.column)}`)} FROM ${d.quote(lookup.table)} ld_lk WHERE ${eq} LIMIT 1)`;
}

/** Column expressions of one call, in the engine's dialect; unmapped fields are NULL. */
export function callColumns(checked: CheckedMapping, d: SqlDialect): string {
  const { mapping } = checked;
  const { col, text, num } = fieldSql(checked, d);
  const success = mapping.success;
  const statusCode = mapsField(mapping, 'statusCode')
    ? text('statusCode')
    : success.kind === 'http'
      ? `NULLIF(${d.asText(d.quote(success.column))}, '')`
      : 'NULL';
  const parts =
    mapping.columns.promptTokens && mapping.columns.completionTokens
      ? `${num('promptTokens')} + ${num('completionTokens')}`
      : 'NULL';
  return [
    `${d.epochMs(col('time')!)} AS t_ms`,
    `${text('requestId')} AS request_id`,
    `${text('model')} AS model`,
    `${text('deployment')} AS deployment`,
    `${text('keyAlias')} AS key_alias`,
    `${text('teamAlias')} AS team_alias`,
    `${statusCode} AS status_code`,
    `COALESCE(${text('errorType')}, 'Unknown') AS error_type`,
    `${text('errorMessage')} AS error_message`,
    `${text('provider')} AS provider`,
    `${text('sessionId')} AS session_id`,
    `${num('durationMs')} AS duration_ms`,
    `COALESCE(${num('totalTokens')}, ${parts}) AS total_tokens`,
  ].join(',\n         ');
}

/** `time >= from AND time < to` on the raw column, so an index on it serves the range. */
export function timeRangeSql(
  checked: CheckedMapping,
  d: SqlDialect,
  range: { from: string; to: string },
  p: Params,
): string {
  const column = checked.mapping.columns.time!;
  const timeType = checked.columns.get(column)?.type ?? '';
  return d.timeRange(d.quote(column), timeType, range, (v) => p.add(v));
}

type ErrorFilters = Pick<
  ResolvedQuery,
  | 'keyAliases'
  | 'models'
  | 'errorTypes'
  | 'statusCodes'
  | 'teamAliases'
  | 'text'
  | 'exclude'
  | 'sessionIds'
  | 'categories'
>;

/** "≠" filters: a call with no value is kept unless the missing value ('') itself is excluded. */
const notIn = (column: string, values: readonly string[], p: Params) =>
  `COALESCE(${column}, '') NOT IN ${p.list(values)}`;
/** "=" filters: the missing value '' matches a call with no value (NULL or empty), as on LiteLLM. */
const valueIn = (column: string, values: readonly string[], p: Params) =>
  `COALESCE(${column}, '') IN ${p.list(values)}`;

/** The filters every request has (key, model, team): they apply to successful calls too. */
export function requestFilterSql(query: ErrorFilters, p: Params): string[] {
  const filters: string[] = [];
  if (query.keyAliases.length) filters.push(valueIn('key_alias', query.keyAliases, p));
  if (query.models.length)
    filters.push(`(${valueIn('model', query.models, p)} OR deployment IN ${p.list(query.models)})`);
  if (query.teamAliases.length) filters.push(valueIn('team_alias', query.teamAliases, p));
  const ex = query.exclude ?? noExclusions();
  if (ex.keyAliases.length) filters.push(notIn('key_alias', ex.keyAliases, p));
  if (ex.models.length) {
    filters.push(
      `${notIn('model', ex.models, p)} AND (deployment IS NULL OR deployment NOT IN ${p.list(ex.models)})`,
    );
  }
  if (ex.teamAliases.length) filters.push(notIn('team_alias', ex.teamAliases, p));
  return filters;
}

/** True when the query names something only a failure has (error type, status code, message text). */
export const hasErrorOnlyFilters = (query: ErrorFilters) =>
  !!(query.errorTypes.length || query.statusCodes.length || query.text || query.categories?.length);

/** Every filter of DESIGN §2 over the call columns; each pushes its placeholders in the order it is joined. */
export function errorFilterSql(query: ErrorFilters, d: SqlDialect, p: Params): string[] {
  const filters = requestFilterSql(query, p);
  if (query.errorTypes.length) filters.push(`error_type IN ${p.list(query.errorTypes)}`);
  if (query.statusCodes.length) filters.push(valueIn('status_code', query.statusCodes, p));
  if (query.text) filters.push(d.contains(`COALESCE(error_message, '')`, p.add(query.text)));
  if (query.sessionIds?.length) filters.push(valueIn('session_id', query.sessionIds, p));
  // Excluded error types and status codes narrow the failures only: a successful call is neither.
  const ex = query.exclude ?? noExclusions();
  if (ex.errorTypes.length) filters.push(notIn('error_type', ex.errorTypes, p));
  if (ex.statusCodes.length) filters.push(notIn('status_code', ex.statusCodes, p));
  // The cause: the taxonomy rules over the call's columns, as the patterns name it (category-sql.ts).
  const cause = categoryPredicate(
    d.name,
    { message: 'error_message', errorType: 'error_type', statusCode: d.asText('status_code') },
    { categories: query.categories ?? [], excludedCategories: ex.categories ?? [] },
  );
  if (cause) filters.push(cause);
  return filters;
}

/** The row-level failure test of the mapping's success rule (DESIGN §9); in-flight calls never fail. */
export function failedExpr(checked: CheckedMapping, d: SqlDialect, p: Params): string {
  const success = checked.mapping.success;
  if (success.kind === 'status') {
    const status = statusSql(checked, d);
    const pending = success.pendingValues?.length
      ? ` AND ${status} NOT IN ${p.list(success.pendingValues)}`
      : '';
    return `(${status} IS NOT NULL AND ${status} NOT IN ${p.list(success.successValues)}${pending})`;
  }
  const statusCol = d.quote(success.column);
  if (success.kind === 'boolean') return d.isFalse(statusCol);
  const message = checked.mapping.columns.errorMessage;
  // No code but an error: a timeout or a refused connection, which never got an HTTP answer.
  const noCode = message
    ? ` OR (NULLIF(${d.asText(statusCol)}, '') IS NULL AND NULLIF(${d.asText(d.quote(message))}, '') IS NOT NULL)`
    : '';
  return `((${statusCol} IS NOT NULL AND (${d.asNumber(statusCol)} < ${p.add(success.min)} OR ${d.asNumber(statusCol)} > ${p.add(success.max)}))${noCode})`;
}

/** The in-flight test: a status that means "not finished yet" (only a status rule has one). */
export function inFlightExpr(checked: CheckedMapping, d: SqlDialect, p: Params): string | null {
  const success = checked.mapping.success;
  if (success.kind !== 'status' || !success.pendingValues?.length) return null;
  return `${statusSql(checked, d)} IN ${p.list(success.pendingValues)}`;
}

/**
 * `WITH ld_calls AS (…), ld_failures AS (…)`: the mapped table's failed calls in [from, to), then those
 * matching every filter of DESIGN §2. Placeholders are added in text order (MySQL and SQLite bind
 * `?` by position).
 */
export function failuresCte(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery, p: Params): string {
  const columns = callColumns(checked, d);
  const range = timeRangeSql(checked, d, query, p);
  // The failure test sits in the scan itself, so an engine never materialises the successful calls.
  const failed = failedExpr(checked, d, p);
  const filters = errorFilterSql(query, d, p);
  return `WITH ld_calls AS (
  SELECT ${columns}
    FROM ${d.quote(checked.mapping.table)}
   WHERE ${range} AND ${failed}),
ld_failures AS (SELECT * FROM ld_calls WHERE ${filters.length ? filters.join('\n     AND ') : '1 = 1'})`;
}

/**
 * Every breakdown in one statement (one round trip, which matters over exec): rows of (dim, v, b, n) —
 * 'm', 'e', 'k' the top values by model, error type and key alias; 'M', 'E', 'K' with b = how many
 * values and n = how many errors in all (the remainder is the difference); 'T' errors per bucket;
 * 't' by bucket and model for the top models. Bounded output whatever the number of distinct values.
 */
export function breakdownsSql(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery): BuiltSql {
  const p = new Params(d.name);
  const cte = failuresCte(checked, d, query, p);
  const noBucket = d.asNumber('NULL');
  const dims: [string, string][] = [
    ['m', 'model_v'],
    ['e', 'error_type'],
    ['k', 'key_alias'],
  ];
  if (checked.mapping.columns.provider) dims.push(['p', 'provider']);
  // The failures counted once by every grouped field and bucket: each breakdown sums this instead of
  // scanning the range again (MariaDB evaluates a CTE once per reference: 9 scans, 12 s at 200k rows).
  const grouped = `ld_grouped AS (
  SELECT COALESCE(model, '(unknown)') AS model_v, error_type, key_alias${checked.mapping.columns.provider ? ', provider' : ''},
         floor(t_ms / ${p.add(query.bucketSeconds * 1000)}) AS bk, count(*) AS c
    FROM ld_failures GROUP BY ${dims.map((_, i) => i + 1).join(', ')}, ${dims.length + 1})`;
  // Every output row comes from one reference of ld_grouped (MariaDB evaluates a CTE, and a UNION
  // branch's subquery, once per reference: nine references were nine scans of the range): the grouping
  // is crossed with the list of breakdowns, windows rank each breakdown's values (and the models for
  // 't'), and a two-row join adds each breakdown's whole ('M', 'E', …) beside its first value.
  // 'T' is 'bucket' inside: MariaDB's default collation compares 'T' = 't'.
  const listed = [...dims.map(([dim]) => dim), 'bucket', 't'];
  const keyed = [...dims, ['t', 'model_v']].map(([dim, expr]) => `WHEN '${dim}' THEN g.${expr}`);
  const cut = dims.map(([dim]) => `'${dim}'`).join(', ');
  const whole = dims.map(([dim]) => `WHEN '${dim}' THEN '${dim.toUpperCase()}'`).join(' ');
  const sql = `${cte},
${grouped},
ld_dl AS (${listed.map((dim, i) => `SELECT '${dim}'${i ? '' : ' AS dim'}`).join(' UNION ALL ')}),
ld_x AS (
  SELECT dl.dim, CASE dl.dim ${keyed.join(' ')} END AS v, CASE WHEN dl.dim IN ('bucket', 't') THEN g.bk END AS b, sum(g.c) AS n
    FROM ld_grouped g CROSS JOIN ld_dl dl
   GROUP BY dl.dim, CASE dl.dim ${keyed.join(' ')} END, CASE WHEN dl.dim IN ('bucket', 't') THEN g.bk END),
ld_w AS (
  SELECT x.*, row_number() OVER (PARTITION BY x.dim ORDER BY x.n DESC, x.v) AS rn,
         count(*) OVER (PARTITION BY x.dim) AS nv, sum(x.n) OVER (PARTITION BY x.dim) AS nn,
         sum(x.n) OVER (PARTITION BY x.dim, x.v) AS vn
    FROM ld_x x),
ld_r AS (SELECT w.*, dense_rank() OVER (PARTITION BY w.dim ORDER BY w.vn DESC, w.v) AS vr FROM ld_w w)
SELECT CASE WHEN s.s = 1 THEN CASE r.dim ${whole} END WHEN r.dim = 'bucket' THEN 'T' ELSE r.dim END AS dim,
       CASE WHEN s.s = 1 THEN NULL ELSE r.v END AS v,
       CASE WHEN s.s = 1 THEN r.nv WHEN r.dim IN ('bucket', 't') THEN r.b ELSE ${noBucket} END AS b,
       CASE WHEN s.s = 1 THEN r.nn ELSE r.n END AS n
  FROM ld_r r CROSS JOIN (SELECT 0 AS s UNION ALL SELECT 1) s
 WHERE (s.s = 0 AND (r.dim = 'bucket' OR (r.dim = 't' AND r.vr <= ${BREAKDOWN_TOP}) OR (r.dim IN (${cut}) AND r.rn <= ${BREAKDOWN_TOP})))
    OR (s.s = 1 AND r.rn = 1 AND r.dim IN (${cut}))`;
  return { sql, params: p.values };
}

/** The newest matching failures. */
export function failureRowsSql(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery): BuiltSql {
  const p = new Params(d.name);
  const cte = failuresCte(checked, d, query, p);
  const sql = `${cte}
SELECT t_ms, request_id, model, deployment, key_alias, team_alias, status_code, error_type, error_message,
       provider, duration_ms, total_tokens
  FROM ld_failures
 ORDER BY t_ms DESC, request_id DESC
 LIMIT ${p.add(query.limit)}`;
  return { sql, params: p.values };
}
