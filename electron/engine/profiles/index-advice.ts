import type { IndexSuggestion } from '../../../shared/contract/profiles.ts';
import type { Database } from '../db/database.ts';
import { ERROR_LOGS } from '../sources/litellm/schema.ts';

const count = new Intl.NumberFormat('en-US');

/**
 * LiteLLM creates no index on ErrorLogs."startTime", so every investigation reads the whole table.
 * Logdesk never creates one (it only reads); it says which statement would help and by how much:
 * the measured time of a 24 h count today, and the rows the planner expects that range to hold.
 */
export async function indexSuggestions(db: Database, now: number): Promise<IndexSuggestion[]> {
  try {
    return await db.readOnly(
      async (sql) => {
        const [info] = await sql.query<{ present: unknown; indexed: unknown; rows: unknown }>(
          `SELECT to_regclass(quote_ident($1)) IS NOT NULL AS present,
                  EXISTS (SELECT 1 FROM pg_index i
                            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                           WHERE i.indrelid = to_regclass(quote_ident($1)) AND a.attname = 'startTime') AS indexed,
                  (SELECT reltuples::float8 FROM pg_class WHERE oid = to_regclass(quote_ident($1))) AS rows`,
          [ERROR_LOGS],
        );
        const yes = (v: unknown) => v === true || v === 't';
        if (!info || !yes(info.present) || yes(info.indexed)) return [];
        const from = new Date(now - 86_400_000).toISOString();
        const to = new Date(now).toISOString();
        const range = `"startTime" >= ($1::timestamptz AT TIME ZONE 'UTC') AND "startTime" < ($2::timestamptz AT TIME ZONE 'UTC')`;
        const started = performance.now();
        await sql.query(`SELECT count(*) AS n FROM "${ERROR_LOGS}" WHERE ${range}`, [from, to]);
        const ms = Math.round(performance.now() - started);
        const [plan] = await sql.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (FORMAT JSON) SELECT 1 FROM "${ERROR_LOGS}" WHERE ${range}`,
          [from, to],
        );
        const parsed =
          typeof plan?.['QUERY PLAN'] === 'string' ? JSON.parse(plan['QUERY PLAN']) : plan?.['QUERY PLAN'];
        const inRange = Number(
          (parsed as { Plan?: { 'Plan Rows'?: number } }[] | undefined)?.[0]?.Plan?.['Plan Rows'] ?? NaN,
        );
        const total = Math.max(0, Number(info.rows));
        const share =
          total > 0 && Number.isFinite(inRange)
            ? ` (≈ ${count.format(Math.round(inRange))}, ${((inRange / total) * 100).toFixed(1)}% of them)`
            : '';
        return [
          {
            table: ERROR_LOGS,
            statement: `CREATE INDEX CONCURRENTLY "LiteLLM_ErrorLogs_startTime_idx" ON "${ERROR_LOGS}" ("startTime");`,
            benefit: `"${ERROR_LOGS}" has no index on "startTime": every investigation reads all its ≈ ${count.format(Math.round(total))} rows (a 24 h count took ${ms} ms here). With the index, a 24 h range reads only its own rows${share}. Logdesk never changes your database: run it yourself if you agree.`,
          },
        ];
      },
      { timeoutMs: 15_000 },
    );
  } catch {
    // Advice only: a slow or refused check must not fail the connection test.
    return [];
  }
}
