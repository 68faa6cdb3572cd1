import type { RequestSort, TrafficQuery } from '../../../../shared/traffic.ts';
import type { BuiltSql } from './query-sql.ts';
import { mappedTrafficCte, type Pricing } from './traffic-sql.ts';
import { Params, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../validate-mapping.ts';

/**
 * The epoch ms of the table's newest (`max`) or oldest (`min`) time as the column sorts it: an index
 * answers it at once. Only a guess where a probe of the page should start (mixed text formats can sort
 * apart from time); NULL when the table is empty or the value is not a time.
 */
export function timeEdgeSql(checked: CheckedMapping, d: SqlDialect, edge: 'max' | 'min'): BuiltSql {
  const column = d.quote(checked.mapping.columns.time!);
  return {
    sql: `SELECT ${d.epochMs('ld_edge.m')} AS t_ms FROM (SELECT ${edge}(${column}) AS m FROM ${d.quote(checked.mapping.table)}) ld_edge`,
    params: [],
  };
}

const SORT_EXPR: Record<RequestSort, string> = {
  time: 't_ms',
  durationMs: 'COALESCE(duration_ms, -1)',
  totalTokens: 'COALESCE(total_tokens, -1)',
  spend: 'spend_total',
};

/**
 * Where a pass reads: `span` (inside the query's range) and, for the second pass, the keys of the page's
 * rows (the first pass's); without `rowKeys` the pass is a first pass over the span only.
 */
export interface PageKeys {
  span: { from: string; to: string };
  rowKeys?: string[];
}

/**
 * One page of the current range's requests, keyset-paged on (sort value, row key); the row key is the
 * request id, or the time where the mapping has none. Two passes: without `keys` only the sort value,
 * row key and time of the page's rows (sorting every call with all its columns cost SQLite 6.8 s of
 * CPU at 1M calls, the keys alone 2.7 s); with `keys` the whole rows, read from their time range only.
 */
export function mappedPageSql(
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
  page: { sort: RequestSort; direction: 'asc' | 'desc'; limit: number },
  cursor: { v: number; id: string } | null,
  keys?: PageKeys,
): BuiltSql {
  const p = new Params(d.name);
  const span = keys?.span ?? { from: q.from, to: q.to };
  const cte = mappedTrafficCte(checked, d, q, { ...span, split: q.from }, pricing, p);
  const cmp = page.direction === 'desc' ? '<' : '>';
  const dir = page.direction === 'desc' ? 'DESC' : 'ASC';
  const where: string[] = [];
  if (cursor)
    where.push(
      `(sort_value ${cmp} ${p.add(cursor.v)} OR (sort_value = ${p.add(cursor.v)} AND row_key ${cmp} ${p.add(cursor.id)}))`,
    );
  const rows = keys?.rowKeys;
  if (rows) where.push(`row_key IN ${p.list(rows)}`);
  const sql = `${cte}
SELECT ${rows ? '*' : 'sort_value, row_key, t_ms'} FROM (
  SELECT ${rows ? 'ld_scoped.*, ' : 't_ms, '}${SORT_EXPR[page.sort]} AS sort_value, COALESCE(request_id, ${d.asText('t_ms')}) AS row_key FROM ld_scoped) page
 ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
 ORDER BY sort_value ${dir}, row_key ${dir}
 LIMIT ${p.add(page.limit + 1)}`;
  return { sql, params: p.values };
}
