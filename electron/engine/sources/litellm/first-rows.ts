import type { SqlParam, SqlRunner } from '../../db/database.ts';
import {
  ERROR_COLUMNS,
  filterPredicate,
  type CategoryQuery,
  errorColumns,
  inRange,
  joinsVerificationToken,
  mergedSelect,
  NO_ERROR,
  NO_SPEND,
  spendColumns,
  spendFailed,
} from './error-query.ts';
import { ERROR_LOGS, SPEND_LOGS, type LiteLLMSchema } from './schema.ts';

/** The results table's first screen: what is worth showing before the totals. */
export const FIRST_ROWS_MAX = 100;
/** Server time the first rows may take before they are given up (a rare filter walks the whole range). */
export const FIRST_ROWS_TIMEOUT_MS = 250;

/**
 * The newest $15 matching errors, the same rows in the same order as the investigation's `newest`,
 * without computing the whole error set: failed SpendLogs rows walked backward on the "startTime"
 * index, stopping at $15; ErrorLogs rows (no "startTime" index) only where they stand in for the
 * failed requests (DESIGN §2: SpendLogs holds no failed request in range).
 */
export function firstRowsSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  const sl = schema.spendLogs;
  const el = schema.errorLogs;
  const withVt = joinsVerificationToken(schema);
  const branch = (pairs: string, order: string, extra = '') => `(SELECT ${ERROR_COLUMNS}, t AS sort_t
     FROM (${mergedSelect(pairs, withVt, extra)}) m
    WHERE ${filterPredicate(q)}
    ORDER BY ${order}, request_id DESC
    LIMIT $15::int)`;
  const branches: string[] = [];
  if (sl) {
    const pairs = `(SELECT ${spendColumns(sl, withVt)}, ${NO_ERROR}
        FROM "${SPEND_LOGS}" s
       WHERE ${inRange('s')} AND ${spendFailed(schema)})`;
    // Ordered by the indexed column itself (t is that column here), so the scan can stop early.
    branches.push(branch(pairs, 'order_t DESC', 'p.s_start AS order_t'));
  }
  if (el) {
    const standIn = sl
      ? `AND NOT EXISTS (SELECT 1 FROM "${SPEND_LOGS}" s WHERE ${inRange('s')} AND ${spendFailed(schema)})`
      : '';
    const pairs = `(SELECT ${NO_SPEND}, ${errorColumns(el)} FROM "${ERROR_LOGS}" e WHERE ${inRange('e')} ${standIn})`;
    branches.push(branch(pairs, 't DESC'));
  }
  return `SELECT * FROM (${branches.join('\nUNION ALL\n')}) r
 ORDER BY sort_t DESC, request_id DESC
 LIMIT $15::int`;
}

/**
 * The newest rows before the aggregate, in the investigation's snapshot, under their own short
 * timeout; null when the session cannot bound a statement (psql over exec stops at any error) or the
 * timeout ended it: the investigation then goes on without them.
 */
export async function readFirstRows(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  params: readonly SqlParam[],
  limit: number,
  timeoutMs = FIRST_ROWS_TIMEOUT_MS,
  q?: CategoryQuery,
): Promise<Record<string, unknown>[] | null> {
  if (!sql.bounded) return null;
  return sql.bounded(firstRowsSql(schema, q), [...params, Math.min(limit, FIRST_ROWS_MAX)], timeoutMs);
}
