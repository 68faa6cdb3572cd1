import type { ErrorDetail, ValueCount, ValueField } from '../../../../shared/contract/drilldown.ts';
import { AppError } from '../../../../shared/errors.ts';
import { Filters } from '../../../../shared/filters.ts';
import type { ReadOptions } from '../../db/database.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { redactJson } from '../litellm/redact-row.ts';
import type { ValuesQuery } from '../call-source.ts';
import { checkedMapping, type MappedDatabase } from './investigate.ts';
import { failuresCte } from './query-sql.ts';
import { Params, sqlDialect } from '../../sql/dialects/sql-dialect.ts';

/** The values of each field; a model filter matches the model or the deployment, so both are offered. */
const VALUES_OF: Record<ValueField, string> = {
  keyAlias: 'SELECT key_alias AS v FROM ld_failures',
  model:
    'SELECT model AS v FROM ld_failures UNION ALL SELECT deployment FROM ld_failures WHERE deployment <> model',
  errorType: 'SELECT error_type AS v FROM ld_failures',
  statusCode: 'SELECT status_code AS v FROM ld_failures',
  teamAlias: 'SELECT team_alias AS v FROM ld_failures',
};

/** Distinct values this many at most are read; the search then narrows them (the same in every dialect). */
const VALUES_READ = 5_000;

/** Filter suggestions of a mapped source: the values its failed calls in the range carry, most frequent first. */
export async function mappedValues(
  db: MappedDatabase,
  q: ValuesQuery,
  options: ReadOptions & { now: number },
): Promise<ValueCount[]> {
  const query = resolveQuery(Filters.parse({ timeRange: q.timeRange }), options.now);
  const d = sqlDialect(db.dialect);
  const search = q.search?.trim().toLowerCase() || null;
  const rows = await db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const p = new Params(d.name);
    const cte = failuresCte(checked, d, query, p);
    return sql.query<{ value: unknown; n: unknown }>(
      `${cte}
SELECT v AS value, count(*) AS n FROM (${VALUES_OF[q.field]}) x WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, value LIMIT ${VALUES_READ}`,
      p.values,
    );
  }, options);
  return rows
    .map((r) => ({ value: String(r.value), count: Number(r.n) }))
    .filter((v) => v.value !== '' && (!search || v.value.toLowerCase().includes(search)))
    .slice(0, q.limit);
}

/** One call's stored row (every column, secrets redacted), found by the mapped request id column. */
export async function mappedErrorDetail(
  db: MappedDatabase,
  requestId: string,
  options: ReadOptions = {},
): Promise<ErrorDetail> {
  const { table, columns } = db.mapping;
  if (!columns.requestId) {
    throw new AppError(
      'NOT_FOUND',
      `No request id column is mapped for "${table}": the row cannot be looked up; the fields above are all there is`,
    );
  }
  const d = sqlDialect(db.dialect);
  const [row] = await db.readOnly(async (sql) => {
    await checkedMapping(sql, db);
    const p = new Params(d.name);
    return sql.query<Record<string, unknown>>(
      `SELECT * FROM ${d.quote(table)} WHERE ${d.quote(columns.requestId!)} = ${p.add(requestId)} LIMIT 1`,
      p.values,
    );
  }, options);
  if (!row) throw new AppError('NOT_FOUND', `No call "${requestId}" in ${table}`);
  return {
    requestId,
    spendLogs: null,
    errorLogs: null,
    tokenKeyAlias: null,
    matchedAttempts: [],
    callRow: { table, row: redactJson(row) as Record<string, unknown> },
  };
}
