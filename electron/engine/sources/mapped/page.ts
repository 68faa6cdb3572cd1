import type { RequestPage, RequestPageQuery, TrafficQuery } from '../../../../shared/traffic.ts';
import type { SqlParam, SqlRunner } from '../../db/database.ts';
import { decodeCursor, encodeCursor, type Cursor } from '../../query/cursor.ts';
import type { SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import { mapRequestRow } from '../../traffic/traffic-query.ts';
import type { CheckedMapping } from '../validate-mapping.ts';
import { mappedPageSql, timeEdgeSql } from './page-sql.ts';
import type { Pricing } from './traffic-sql.ts';

export const flag = (v: unknown) => v === true || v === 't' || Number(v) === 1;
/** Float sums differ in their last bits between engines' summation orders: 1e-9 is far below a cent. */
export const money = (v: unknown) => Math.round(Number(v ?? 0) * 1e9) / 1e9;
const iso = (ms: number) => new Date(ms).toISOString();

/** Widths of the probes a time-sorted page tries before its whole range: an hour, then a day. */
const PROBE_MS = [3_600_000, 86_400_000];

/**
 * The second pass of a page: the rows of the first pass's keys, from a range that holds them (a
 * millisecond wider each side: times are rounded to milliseconds) inside the query's own.
 */
function pageRowsSql(
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
  page: RequestPageQuery,
  cursor: Cursor | null,
  found: Record<string, unknown>[],
): [string, SqlParam[]] {
  const times = found.map((r) => Number(r.t_ms));
  const from = Math.max(Date.parse(q.from), Math.floor(Math.min(...times)) - 1);
  const to = Math.min(Date.parse(q.to), Math.ceil(Math.max(...times)) + 2);
  const built = mappedPageSql(checked, d, q, pricing, page, cursor, {
    span: { from: iso(from), to: iso(to) },
    rowKeys: [...new Set(found.map((r) => String(r.row_key)))],
  });
  return [built.sql, built.params];
}

/**
 * The first pass of a time-sorted page from the end of the range it starts at: sorting the whole range
 * by time cannot use an index (the time is computed from the column), a slice near the start can. A
 * probe of [start, to) (newest first; mirrored for oldest first) that finds the page's limit + 1 rows,
 * the last strictly inside the slice, holds the same rows as the whole range would give: every row
 * left out is at or beyond the slice's edge. Else a wider probe, then the whole range. The slice's
 * start is a guess from the table's newest (oldest) time or the cursor.
 */
async function probedKeys(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
  page: RequestPageQuery,
  cursor: Cursor | null,
): Promise<Record<string, unknown>[] | null> {
  if (page.sort !== 'time') return null;
  const [from, to] = [Date.parse(q.from), Date.parse(q.to)];
  const desc = page.direction === 'desc';
  let anchor = cursor?.v ?? null;
  if (anchor === null) {
    const edge = timeEdgeSql(checked, d, desc ? 'max' : 'min');
    const value = (await sql.query(edge.sql, edge.params))[0]?.t_ms;
    anchor = value === null || value === undefined ? null : Number(value);
  }
  if (anchor === null || !Number.isFinite(anchor)) return null;
  // Rows at the cursor's own time still belong to the page (its row key decides): 2 ms past it.
  const edge = desc ? Math.min(to, Math.max(from, anchor + 2)) : Math.max(from, Math.min(to, anchor - 2));
  for (const width of PROBE_MS) {
    const start = desc ? edge - width : edge + width;
    if (desc ? start <= from : start >= to) return null;
    const span = desc ? { from: iso(start), to: iso(edge) } : { from: iso(edge), to: iso(start) };
    // The cursor's side of the slice may stop at the cursor; the other side is the range's own end.
    if (cursor === null) {
      if (desc) span.to = q.to;
      else span.from = q.from;
    }
    const probe = mappedPageSql(checked, d, q, pricing, page, cursor, { span });
    const found = await sql.query(probe.sql, probe.params);
    const last = Number(found.at(-1)?.t_ms);
    if (found.length === page.limit + 1 && (desc ? last > start : last < start)) return found;
  }
  return null;
}

/** One keyset page of the range's requests, in two passes (the keys, then their rows). */
export async function readMappedPage(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
  page: RequestPageQuery,
): Promise<RequestPage> {
  const cursor = decodeCursor(page.cursor);
  let found = await probedKeys(sql, checked, d, q, pricing, page, cursor);
  if (!found) {
    const first = mappedPageSql(checked, d, q, pricing, page, cursor);
    found = await sql.query(first.sql, first.params);
  }
  const rows = found.length
    ? await sql.query(...pageRowsSql(checked, d, q, pricing, page, cursor, found))
    : [];
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    requests: shown.map((r, i) => {
      const time = new Date(Math.round(Number(r.t_ms))).toISOString();
      return mapRequestRow({
        ...r,
        request_id: r.request_id ?? `${time}#${i}`,
        time,
        api_base: null,
        sources: '',
        end_user: null,
        ttft_ms: null,
        failed: flag(r.failed),
        estimated: flag(r.estimated),
        spend_total: money(r.spend_total),
      });
    }),
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ v: Number(last.sort_value), id: String(last.row_key) })
        : null,
  };
}
