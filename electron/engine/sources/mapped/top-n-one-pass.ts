import { BREAKDOWN_TOP } from '../../../../shared/investigation.ts';
import type { TopNColumnKind } from '../../traffic/top-n-sql.ts';
import { CUT_DIMS } from '../../traffic/traffic-sql.ts';

/**
 * The top-N cut of top-n-sql.ts (each cut breakdown's top BREAKDOWN_TOP values of the current range
 * with their previous figures, the rest folded into one `other:<dim>` row with `r` = how many values),
 * written so the grouped rows are read once: MariaDB evaluates a CTE once per reference, and that
 * cut's three references each scanned the range again. Windows mark the kept keys, then one GROUP BY
 * keeps each kept row as it is and folds the rest. `grouped` rows are unique per (dim, cur, keys…);
 * `cur` is 1 for the current range.
 */
export function topNOnePassSql(
  grouped: string,
  columns: readonly (readonly [string, TopNColumnKind])[],
): string {
  const keys = columns.filter(([, kind]) => kind === 'key').map(([name]) => name);
  const cut = CUT_DIMS.map((c) => `'${c}'`).join(', ');
  const other = `CASE m.dim ${CUT_DIMS.map((c) => `WHEN '${c}' THEN 'other:${c}'`).join(' ')} END`;
  const inner = columns.map(([name, kind]) => {
    if (kind === 'dim') return `CASE WHEN m.kept = 1 THEN m.dim ELSE ${other} END AS dim`;
    if (kind === 'key' || kind === 'null') return `CASE WHEN m.kept = 1 THEN m.${name} END AS ${name}`;
    return `m.${name}`;
  });
  // Kept rows are unique by dim, cur, keys and bucket (a 'null' column): grouping by every column that
  // is not summed keeps each as it is; folded rows have NULL there.
  const groupBy = columns.filter(([, kind]) => kind !== 'sum' && kind !== 'any').map(([n]) => n);
  const outer = columns.map(([name, kind]) => {
    if (kind === 'sum') return `sum(${name}) AS ${name}`;
    if (kind === 'any') return `max(${name}) AS ${name}`;
    return name;
  });
  return `ld_top_ranked AS (
  SELECT a.*, CASE WHEN a.cur = 1 THEN row_number() OVER (PARTITION BY a.dim, a.cur ORDER BY a.requests DESC, ${keys.map((k) => `a.${k}`).join(', ')}) END AS r
    FROM ${grouped} a),
ld_top_marked AS (
  SELECT t.*, CASE WHEN t.dim NOT IN (${cut}) THEN 1
                   ELSE max(CASE WHEN t.cur = 1 AND t.r <= ${BREAKDOWN_TOP} THEN 1 ELSE 0 END) OVER (PARTITION BY t.dim, ${keys.map((k) => `t.${k}`).join(', ')}) END AS kept
    FROM ld_top_ranked t)
SELECT ${outer.join(', ')}, CASE WHEN max(kept) = 1 THEN max(r) ELSE count(*) END AS r
  FROM (SELECT ${inner.join(', ')}, m.kept, m.r FROM ld_top_marked m WHERE m.kept = 1 OR m.cur = 1) ld_top_out
 GROUP BY ${groupBy.join(', ')}`;
}
