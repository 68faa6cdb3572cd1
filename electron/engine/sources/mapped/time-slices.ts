import type { SqlRunner } from '../../db/database.ts';
import type { SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../validate-mapping.ts';
import { timeEdgeSql } from './page-sql.ts';

/** Widths of the slices a time-ordered read tries before its whole range: an hour, then a day. */
const SLICE_MS = [3_600_000, 86_400_000];

/** The epoch ms of the table's newest (`max`) or oldest (`min`) time as its column sorts, or null. */
export async function tableEdge(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  edge: 'max' | 'min',
): Promise<number | null> {
  const built = timeEdgeSql(checked, d, edge);
  const value = (await sql.query(built.sql, built.params))[0]?.t_ms;
  const ms = value === null || value === undefined ? NaN : Number(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The first `needed` rows of a read ordered by time (newest first when `desc`; rows carry `t_ms`), from
 * a slice near where the order starts: sorting the whole range by time cannot use an index (the time
 * is computed from the column), a slice can. `read(start, edge)` reads what lies between `start` and
 * the range's end the order starts from (`edge`: the anchor's side, 2 ms past it so rows at the
 * anchor's own time stay in). A slice that finds all `needed` rows, the last strictly inside it, holds
 * the same rows the whole range would give: every row left out is at or beyond `start`. Else a wider
 * slice; null when none answered (read the whole range). The anchor is only a guess: the table's
 * newest (oldest) time or a page's cursor.
 */
export async function fromSlices(
  range: { from: string; to: string },
  anchor: number | null,
  desc: boolean,
  needed: number,
  read: (start: number, edge: number) => Promise<Record<string, unknown>[]>,
): Promise<Record<string, unknown>[] | null> {
  if (anchor === null || needed <= 0) return null;
  const [from, to] = [Date.parse(range.from), Date.parse(range.to)];
  const edge = desc ? Math.min(to, Math.max(from, anchor + 2)) : Math.max(from, Math.min(to, anchor - 2));
  for (const width of SLICE_MS) {
    const start = desc ? edge - width : edge + width;
    if (desc ? start <= from : start >= to) return null;
    const found = await read(start, edge);
    const last = Number(found.at(-1)?.t_ms);
    if (found.length === needed && (desc ? last > start : last < start)) return found;
  }
  return null;
}
