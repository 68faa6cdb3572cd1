import pg from 'pg';
import { loadFixture } from './litellm-fixture.ts';
import type { TestPostgres } from './pg-server.ts';

/**
 * A slow LiteLLM database: ErrorLogs is a view that sleeps 10 ms per row it reads, so the engine's
 * real query (totals, breakdowns, timeline) over 2026-03-04..11 runs for about 2 minutes unless it is
 * cancelled: long enough that "cancelled long before the end" holds with a minute to spare at any load.
 */
export async function createSlowDatabase(server: TestPostgres, name = 'slow'): Promise<void> {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.query(`ALTER TABLE "LiteLLM_ErrorLogs" RENAME TO error_rows`);
  await client.query(`INSERT INTO error_rows (request_id, "startTime", "endTime", exception_type, exception_string, status_code)
    SELECT 'slow-' || i, timestamp '2026-03-05 00:00:00' + i * interval '30 seconds', timestamp '2026-03-05 00:00:00' + i * interval '30 seconds',
           'RateLimitError', 'rate limited ' || i, '429'
      FROM generate_series(1, 12000) AS i`);
  await client.query(`CREATE VIEW "LiteLLM_ErrorLogs" AS
    SELECT e.* FROM error_rows e WHERE (SELECT pg_sleep(0.01 + 0 * length(e.request_id)))::text = ''`);
  await client.end();
}
