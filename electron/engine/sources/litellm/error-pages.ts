import { AppError } from '../../../../shared/errors.ts';
import type { ErrorRow, ResolvedQuery } from '../../../../shared/investigation.ts';
import type { Database, ReadOptions, SqlParam, SqlRunner } from '../../db/database.ts';
import { ERROR_COLUMNS, errorSetCte, errorSetParams } from './error-query.ts';
import { mapErrorRow } from '../../query/error-row.ts';
import { detectSchema } from './schema.ts';

/**
 * Every matching error, newest first, in pages, all in one read-only snapshot: pattern grouping and
 * CSV export see all matches without holding them all in memory. The error set is computed once:
 * behind a cursor fetched page by page, or (psql over exec) as one streamed COPY; a session with
 * neither re-runs it per page with a keyset on time and request_id. `onPage` may be async; returning `false` stops early.
 */
export async function forEachErrorPage(
  db: Database,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void,
  options: ReadOptions & { pageSize?: number } = {},
): Promise<number> {
  const pageSize = Math.max(1, Math.trunc(options.pageSize ?? 5_000));
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const base = errorSetParams(query);
    const cte = errorSetCte(schema, query);
    const streamed =
      !sql.cursors && sql.stream ? sql.stream(`${cte}\n${NEWEST_FIRST}`, base, pageSize) : null;
    const nextPage = sql.cursors
      ? await cursorPages(sql, cte, base, pageSize)
      : streamed
        ? () => streamed.next()
        : keysetPages(sql, cte, base, pageSize);
    let seen = 0;
    try {
      for (;;) {
        if (options.signal?.aborted) throw new AppError('CANCELLED', 'Reading the errors was cancelled');
        const rows = (await nextPage()).map(mapErrorRow);
        seen += rows.length;
        if (rows.length === 0) break;
        if ((await onPage(rows)) === false) break;
        // A streamed read's last page may be short only at its end; a page read says so by its size.
        if (!streamed && rows.length < pageSize) break;
      }
    } finally {
      await streamed?.drain();
    }
    return seen;
  }, options);
}

type PageReader = () => Promise<Record<string, unknown>[]>;

const NEWEST_FIRST = `SELECT ${ERROR_COLUMNS}
  FROM filtered
 ORDER BY t DESC, request_id DESC`;

/** One execution of the error set behind a cursor; the transaction's end closes it. */
async function cursorPages(
  sql: SqlRunner,
  cte: string,
  params: SqlParam[],
  pageSize: number,
): Promise<PageReader> {
  await sql.query(
    `DECLARE logdesk_error_pages NO SCROLL CURSOR FOR ${cte}
${NEWEST_FIRST}`,
    params,
  );
  return () => sql.query(`FETCH FORWARD ${pageSize} FROM logdesk_error_pages`);
}

/**
 * Pages by (t, request_id) below the last row seen: $15/$16 are the cursor, $17 the page size. The
 * cursor carries t at full precision (`page_t`): the row's millisecond `time` would skip rows that
 * share that millisecond with the page's last one.
 */
function keysetPages(sql: SqlRunner, cte: string, params: SqlParam[], pageSize: number): PageReader {
  const text = `${cte}
SELECT ${ERROR_COLUMNS}, t::text AS page_t
  FROM filtered
 WHERE $15::text IS NULL OR (t, request_id) < ($15::timestamp, $16::text)
 ORDER BY t DESC, request_id DESC
 LIMIT $17::int`;
  let after: [string | null, string | null] = [null, null];
  return async () => {
    const rows = await sql.query(text, [...params, after[0], after[1], pageSize]);
    const last = rows.at(-1);
    if (last) after = [String(last.page_t), String(last.request_id)];
    return rows;
  };
}
