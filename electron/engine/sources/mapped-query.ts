import { noExclusions, type Exclusions } from '../../../shared/filters.ts';
import type { CallField } from '../../../shared/source-mapping.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import type { SqlParam } from '../db/database.ts';
import type { CheckedMapping } from './validate-mapping.ts';
import { Params, type SqlDialect } from './sql-dialect.ts';

export interface BuiltSql {
  sql: string;
  params: SqlParam[];
}

/** Column expressions of one call, in the engine's dialect; unmapped fields are NULL. */
export function callColumns(checked: CheckedMapping, d: SqlDialect): string {
  const { mapping } = checked;
  const col = (field: CallField) => (mapping.columns[field] ? d.quote(mapping.columns[field]) : null);
  const text = (field: CallField) => {
    const c = col(field);
    return c ? `NULLIF(${d.asText(c)}, '')` : 'NULL';
  };
  const num = (field: CallField) => {
    const c = col(field);
    return c ? d.asNumber(c) : 'NULL';
  };
  const success = mapping.success;
  const statusCol = d.quote(success.column);
  const statusCode = mapping.columns.statusCode
    ? text('statusCode')
    : success.kind === 'http'
      ? `NULLIF(${d.asText(statusCol)}, '')`
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

/** The row-level failure test of the mapping's success rule (DESIGN §9). */
export function failedExpr(checked: CheckedMapping, d: SqlDialect, p: Params): string {
  const success = checked.mapping.success;
  const statusCol = d.quote(success.column);
  if (success.kind === 'boolean') return d.isFalse(statusCol);
  if (success.kind === 'status') {
    return `(NULLIF(${d.asText(statusCol)}, '') IS NOT NULL AND ${d.asText(statusCol)} NOT IN ${p.list(success.successValues)})`;
  }
  return `(${statusCol} IS NOT NULL AND (${d.asNumber(statusCol)} < ${p.add(success.min)} OR ${d.asNumber(statusCol)} > ${p.add(success.max)}))`;
}

/**
 * `WITH calls AS (…), failures AS (…)`: the mapped table's failed calls in [from, to), then those
 * matching every filter of DESIGN §2. Placeholders are added in text order (MySQL and SQLite bind
 * `?` by position).
 */
export function failuresCte(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery, p: Params): string {
  const { mapping } = checked;
  const timeCol = d.quote(mapping.columns.time!);
  const timeType = checked.columns.get(mapping.columns.time!)?.type ?? '';
  const columns = callColumns(checked, d);
  const from = d.timeParam(p.add(d.timeValue(query.from)), timeType);
  const to = d.timeParam(p.add(d.timeValue(query.to)), timeType);
  // The failure test sits in the scan itself, so an engine never materialises the successful calls.
  const failed = failedExpr(checked, d, p);
  const filters: string[] = [];
  if (query.keyAliases.length) filters.push(`key_alias IN ${p.list(query.keyAliases)}`);
  if (query.models.length) filters.push(`(model IN ${p.list(query.models)} OR deployment IN ${p.list(query.models)})`);
  if (query.errorTypes.length) filters.push(`error_type IN ${p.list(query.errorTypes)}`);
  if (query.statusCodes.length) filters.push(`status_code IN ${p.list(query.statusCodes)}`);
  if (query.teamAliases.length) filters.push(`team_alias IN ${p.list(query.teamAliases)}`);
  if (query.text) filters.push(d.contains(`COALESCE(error_message, '')`, p.add(query.text)));
  if (query.sessionIds?.length) filters.push(`session_id IN ${p.list(query.sessionIds)}`);
  filters.push(...exclusionFilters(query.exclude ?? noExclusions(), p));
  return `WITH calls AS (
  SELECT ${columns}
    FROM ${d.quote(mapping.table)}
   WHERE ${timeCol} >= ${from} AND ${timeCol} < ${to} AND ${failed}),
failures AS (SELECT * FROM calls WHERE ${filters.length ? filters.join('\n     AND ') : '1 = 1'})`;
}

/** "≠" filters: a call with no value is kept unless the missing value ('') itself is excluded. */
function exclusionFilters(exclude: Exclusions, p: Params): string[] {
  const notIn = (column: string, values: readonly string[]) => `COALESCE(${column}, '') NOT IN ${p.list(values)}`;
  const out: string[] = [];
  if (exclude.keyAliases.length) out.push(notIn('key_alias', exclude.keyAliases));
  if (exclude.models.length) {
    out.push(`${notIn('model', exclude.models)} AND (deployment IS NULL OR deployment NOT IN ${p.list(exclude.models)})`);
  }
  if (exclude.errorTypes.length) out.push(notIn('error_type', exclude.errorTypes));
  if (exclude.statusCodes.length) out.push(notIn('status_code', exclude.statusCodes));
  if (exclude.teamAliases.length) out.push(notIn('team_alias', exclude.teamAliases));
  return out;
}

/**
 * Every breakdown in one statement (one round trip, which matters over exec): rows of
 * (dim, v, b, n) — dim 'm' by model, 'e' by error type, 'k' by key alias, 't' by bucket and model.
 */
export function breakdownsSql(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery): BuiltSql {
  const p = new Params(d.name);
  const cte = failuresCte(checked, d, query, p);
  const model = `COALESCE(model, '(unknown)')`;
  // Grouped by position: a repeated expression would repeat its `?` and its bound value.
  const noBucket = d.asNumber('NULL');
  const bucket = `floor(t_ms / ${p.add(query.bucketSeconds * 1000)})`;
  const sql = `${cte}
SELECT 'm' AS dim, ${model} AS v, ${noBucket} AS b, count(*) AS n FROM failures GROUP BY ${model}
UNION ALL SELECT 'e', error_type, ${noBucket}, count(*) FROM failures GROUP BY error_type
UNION ALL SELECT 'k', key_alias, ${noBucket}, count(*) FROM failures GROUP BY key_alias
UNION ALL SELECT 't', ${model}, ${bucket}, count(*) FROM failures GROUP BY 3, 2`;
  return { sql, params: p.values };
}

/** The newest matching failures. */
export function failureRowsSql(checked: CheckedMapping, d: SqlDialect, query: ResolvedQuery): BuiltSql {
  const p = new Params(d.name);
  const cte = failuresCte(checked, d, query, p);
  const sql = `${cte}
SELECT t_ms, request_id, model, deployment, key_alias, team_alias, status_code, error_type, error_message,
       provider, duration_ms, total_tokens
  FROM failures
 ORDER BY t_ms DESC, request_id DESC
 LIMIT ${p.add(query.limit)}`;
  return { sql, params: p.values };
}
