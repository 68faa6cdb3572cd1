import { AppError } from '../../../shared/errors.ts';
import type { ErrorRow, ResolvedQuery } from '../../../shared/investigation.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import { ERROR_COLUMNS, errorSetCte, errorSetParams } from './error-query.ts';
import { mapErrorRow } from './investigate.ts';
import { detectSchema } from './schema.ts';

/**
 * Every matching error, newest first, in pages (keyset on time and request_id), all in one read-only
 * snapshot: pattern grouping and CSV export see all matches without holding them all in memory.
 * `onPage` may be async; returning `false` stops early. $9/$10 are the keyset cursor, $11 the page size.
 */
export async function forEachErrorPage(
  db: Database,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void,
  options: ReadOptions & { pageSize?: number } = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 5_000;
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const text = `${errorSetCte(schema)}
SELECT ${ERROR_COLUMNS}
  FROM filtered
 WHERE $9::text IS NULL OR (t, request_id) < (($9::timestamptz AT TIME ZONE 'UTC'), $10::text)
 ORDER BY t DESC, request_id DESC
 LIMIT $11::int`;
    const base = errorSetParams(query);
    let cursor: [string | null, string | null] = [null, null];
    let seen = 0;
    for (;;) {
      if (options.signal?.aborted) throw new AppError('CANCELLED', 'Reading the errors was cancelled');
      const raw = await sql.query(text, [...base, cursor[0], cursor[1], pageSize]);
      const rows = raw.map(mapErrorRow);
      seen += rows.length;
      if (rows.length === 0) break;
      if ((await onPage(rows)) === false) break;
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1]!;
      cursor = [last.time, last.requestId];
    }
    return seen;
  }, options);
}
