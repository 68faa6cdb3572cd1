import { BREAKDOWN_TOP } from '../../../shared/investigation.ts';

/** What a column of the grouped rows is to the top-N cut: how it shows in the remainder row. */
export type TopNColumnKind = 'dim' | 'cur' | 'key' | 'null' | 'sum' | 'any';

/** The SQL an engine writes for the pieces that differ (PostgreSQL's booleans, MySQL's `<=>`). */
export interface TopNDialect {
  /** True for a current-period row of alias `a`. */
  isCur(a: string): string;
  /** Null-safe equality. */
  same(a: string, b: string): string;
  sum(column: string): string;
  /** "Any row says yes" over a flag column. */
  any(column: string): string;
}

/**
 * Every usage breakdown cut to its top BREAKDOWN_TOP values in SQL, whatever the source (LiteLLM's
 * grouping sets, a mapped table's branches, LiteLLM's daily tables): `grouped` holds rows of
 * (dim, cur, keys…, figures…) for both periods. Rows of `whole` dims (total, series) are kept as
 * they are; each other dim keeps its top values of the current range (by requests, then keys) with
 * their previous-period figures, and the rest of it becomes one row `other:<dim>` with the figures
 * summed and `r` = how many values. Columns come out in `columns` order, then `r`.
 */
export function topNSql(
  grouped: string,
  columns: readonly (readonly [string, TopNColumnKind])[],
  cut: readonly string[],
  d: TopNDialect,
): string {
  const names = columns.map(([name]) => name);
  const keys = columns.filter(([, kind]) => kind === 'key').map(([name]) => name);
  const dim = columns.find(([, kind]) => kind === 'dim')![0];
  const cur = columns.find(([, kind]) => kind === 'cur')![0];
  const cutList = cut.map((c) => `'${c}'`).join(', ');
  const same = keys.map((k) => d.same(`c.${k}`, `a.${k}`)).join(' AND ');
  const remainder = columns.map(([name, kind]) => {
    if (kind === 'dim') return `CASE ${dim} ${cut.map((c) => `WHEN '${c}' THEN 'other:${c}'`).join(' ')} END`;
    if (kind === 'cur') return cur;
    if (kind === 'sum') return d.sum(name);
    if (kind === 'any') return d.any(name);
    return 'NULL';
  });
  return `ld_top_ranked AS (
  SELECT a.*, CASE WHEN ${d.isCur('a')} THEN row_number() OVER (PARTITION BY a.${dim}, a.${cur} ORDER BY a.requests DESC, ${keys.map((k) => `a.${k}`).join(', ')}) END AS r
    FROM ${grouped} a),
ld_top_kept AS (SELECT * FROM ld_top_ranked c WHERE ${d.isCur('c')} AND c.r <= ${BREAKDOWN_TOP} AND c.${dim} IN (${cutList}))
SELECT ${names.map((n) => `a.${n}`).join(', ')}, a.r FROM ld_top_ranked a
 WHERE a.${dim} NOT IN (${cutList}) OR a.r <= ${BREAKDOWN_TOP}
    OR (NOT (${d.isCur('a')}) AND EXISTS (SELECT 1 FROM ld_top_kept c WHERE c.${dim} = a.${dim} AND ${same}))
UNION ALL
SELECT ${remainder.join(', ')}, count(*)
  FROM ld_top_ranked WHERE ${d.isCur('ld_top_ranked')} AND r > ${BREAKDOWN_TOP} AND ${dim} IN (${cutList}) GROUP BY ${dim}, ${cur}`;
}
