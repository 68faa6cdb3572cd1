import pg from 'pg';
import type { SqlParam } from '../../electron/engine/db/database.ts';
import { generateDemoData } from '../../electron/engine/demo/generator.ts';
import { loadDemoData } from '../../electron/engine/demo/loader.ts';
import { demoScenario } from '../../electron/engine/demo/scenario.ts';
import type { TestPostgres } from '../../electron/test-support/pg-server.ts';

/**
 * A LiteLLM database on a real PostgreSQL, filled with the demo generator's traffic. 18 hours of it
 * (incident included, legacy rows from 6 hours back): every row sits well inside a "last 24 hours"
 * window, so re-running a relative range seconds later counts exactly the same errors.
 */
export async function createLiteLLMDatabase(
  server: TestPostgres,
  name: string,
  now = Date.now(),
): Promise<void> {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  try {
    const scenario = { ...demoScenario, days: 0.75, legacyStatusBeforeDays: 0.25 };
    await loadDemoData(
      (sql, params) => client.query(sql, params as unknown[]),
      generateDemoData(scenario, now),
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/**
 * The count DESIGN §2 gives for a key alias and a model, written as plainly as possible against
 * the raw tables (a key-alias filter excludes ErrorLogs-only errors, so SpendLogs alone decides).
 */
export async function countErrorsInSql(
  server: TestPostgres,
  database: string,
  q: { from: string; to: string; keyAlias?: string; model?: string },
): Promise<number> {
  const result = await server.exec(
    `SELECT count(*)::int AS n
       FROM "LiteLLM_SpendLogs" s
       LEFT JOIN "LiteLLM_VerificationToken" vt ON vt.token = s.api_key
      WHERE s."startTime" >= ($1::timestamptz AT TIME ZONE 'UTC') AND s."startTime" < ($2::timestamptz AT TIME ZONE 'UTC')
        AND COALESCE(NULLIF(s.status, ''), s.metadata->>'status') <> 'success'
        AND ($3::text IS NULL OR COALESCE(NULLIF(s.metadata->>'user_api_key_alias', ''), vt.key_alias) = $3)
        AND ($4::text IS NULL OR COALESCE(NULLIF(s.model_group, ''), s.model) = $4 OR s.model = $4)`,
    [q.from, q.to, q.keyAlias ?? null, q.model ?? null] as SqlParam[],
    database,
  );
  return result.rows[0].n as number;
}
