import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../../shared/filters.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { generateDemoData } from '../../demo/generator.ts';
import { loadDemoData } from '../../demo/loader.ts';
import { demoScenario } from '../../demo/scenario.ts';
import { destroyPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../../test-support/shared-postgres.ts';
import { aggregatesSql, errorSetParams } from './error-query.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { detectSchema } from './schema.ts';

/**
 * The plan shape of the error set (EXPLAIN ANALYZE on the demo week): SpendLogs is read once over
 * the range, plus primary-key lookups only for ErrorLogs ids without a failed SpendLogs row; no
 * merge join re-reads it by request_id.
 */
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const NOW = Date.parse('2026-03-20T15:37:00Z');
let server: TestPostgres;
let db: PgDatabase;

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('bulk');
  const client = new pg.Client({ connectionString: server.url('bulk') });
  await client.connect();
  await loadDemoData(
    (sql, params) => client.query(sql, params as unknown[]),
    generateDemoData(demoScenario, NOW),
  );
  await client.query('ANALYZE');
  await client.end();
  db = new PgDatabase({ target: parsePostgresUrl(server.url('bulk')).target });
});

afterAll(async () => {
  await db?.close();
  if (server) await destroyPostgres(server);
});

describe('plan shape of the error set', () => {
  it('reads SpendLogs once over the range and looks up only ErrorLogs-only ids by primary key', async () => {
    const query = resolveQuery(Filters.parse({ timeRange: { kind: 'relative', last: '7d' } }), NOW);
    const { plan, inRange, errorOnly } = await db.readOnly(async (sql) => {
      const schema = await detectSchema(sql);
      const params = [...errorSetParams(query), query.bucketSeconds];
      const [row] = await sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${aggregatesSql(schema)}`,
        params,
      );
      const range = `"startTime" >= ($1::timestamptz AT TIME ZONE 'UTC') AND "startTime" < ($2::timestamptz AT TIME ZONE 'UTC')`;
      const [counts] = await sql.query<{ in_range: number; error_only: number }>(
        `SELECT (SELECT count(*)::int FROM "LiteLLM_SpendLogs" WHERE ${range}) AS in_range,
                (SELECT count(*)::int FROM "LiteLLM_ErrorLogs" e WHERE ${range.replaceAll('"startTime"', 'e."startTime"')}
                    AND NOT EXISTS (SELECT 1 FROM "LiteLLM_SpendLogs" s WHERE s.request_id = e.request_id
                                      AND s.${range.replaceAll('"startTime"', '"startTime"')} AND s.status = 'failure')) AS error_only`,
        [query.from, query.to],
      );
      return { plan: row!['QUERY PLAN'][0].Plan, inRange: counts!.in_range, errorOnly: counts!.error_only };
    });
    const all = nodes(plan);
    expect(all.filter((n) => /Merge/.test(n['Node Type']))).toEqual([]);
    const spend = all.filter((n) => n['Relation Name'] === 'LiteLLM_SpendLogs');
    const read = (n: PlanNode) => (n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0)) * n['Actual Loops'];
    const rangeScans = spend.filter((n) => n['Index Name'] !== 'LiteLLM_SpendLogs_pkey');
    const lookups = spend.filter((n) => n['Index Name'] === 'LiteLLM_SpendLogs_pkey');
    expect(rangeScans).toHaveLength(1);
    expect(rangeScans.reduce((s, n) => s + read(n), 0)).toBe(inRange);
    expect(errorOnly).toBeGreaterThan(0);
    expect(lookups.reduce((s, n) => s + n['Actual Loops'], 0)).toBeLessThanOrEqual(errorOnly);
  });
});
