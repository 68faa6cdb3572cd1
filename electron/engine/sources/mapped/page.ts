import type { RequestPage, RequestPageQuery, TrafficQuery } from '../../../../shared/traffic.ts';
import type { SqlParam, SqlRunner } from '../../db/database.ts';
import { decodeCursor, encodeCursor, type Cursor } from '../../query/cursor.ts';
import type { SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import { mapRequestRow } from '../../traffic/traffic-query.ts';
import type { CheckedMapping } from '../validate-mapping.ts';
import { mappedPageSql } from './page-sql.ts';
import { fromSlices, tableEdge } from './time-slices.ts';
import type { Pricing } from './traffic-sql.ts';

export const flag = (v: unknown) => v === true || v === 't' || Number(v) === 1;
/** Float sums differ in their last bits between engines' summation orders: 1e-9 is far below a cent. */
export const money = (v: unknown) => Math.round(Number(v ?? 0) * 1e9) / 1e9;
const iso = (ms: number) => new Date(ms).toISOString();

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
 * The first pass of a time-sorted page from a slice near where it starts (time-slices.ts): a first
 * page reads from the slice's start to the range's end, a further page from the slice's start to its
 * cursor. Null when no slice answered.
 */
async function slicedKeys(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
  page: RequestPageQuery,
  cursor: Cursor | null,
): Promise<Record<string, unknown>[] | null> {
  if (page.sort !== 'time') return null;
  const desc = page.direction === 'desc';
  const anchor = cursor?.v ?? (await tableEdge(sql, checked, d, desc ? 'max' : 'min'));
  return fromSlices(q, anchor, desc, page.limit + 1, async (start, edge) => {
    const span = desc
      ? { from: iso(start), to: cursor ? iso(edge) : q.to }
      : { from: cursor ? iso(edge) : q.from, to: iso(start) };
    const probe = mappedPageSql(checked, d, q, pricing, page, cursor, { span });
    return sql.query(probe.sql, probe.params);
  });
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
  let found = await slicedKeys(sql, checked, d, q, pricing, page, cursor);
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
