import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Finding, HealthReport } from '../../../shared/health.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { FAILURES, HEALTH_RANGE, loadHealthFixture } from '../../test-support/health-fixture.ts';
import { healthCheck } from './health-check.ts';

let server: TestPostgres;
const open: PgDatabase[] = [];
const NOW = Date.parse('2026-03-10T12:30:00Z');

async function build(name: string, defect: Parameters<typeof loadHealthFixture>[1] = {}) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadHealthFixture((sql, params) => client.query(sql, params as unknown[]), defect);
  await client.end();
}

async function check(name: string, range = HEALTH_RANGE, user = 'postgres'): Promise<HealthReport> {
  const db = new PgDatabase({ target: parsePostgresUrl(server.url(name, user)).target });
  open.push(db);
  return healthCheck(db, range, { now: NOW });
}

const only = (r: HealthReport, kind: Finding['kind']) => r.findings.filter((f) => f.kind === kind);
const one = (r: HealthReport, kind: Finding['kind']) => {
  const list = only(r, kind);
  expect(list, `${kind} findings: ${JSON.stringify(r.findings.map((f) => f.title))}`).toHaveLength(1);
  return list[0]!;
};

// 105 keys that each made one request at 11:00: more (day, key, model) entries than one flush writes.
const EXTRA_KEYS = 105;
const manyKeys = `INSERT INTO "LiteLLM_SpendLogs" (request_id, api_key, "user", team_id, model, model_group, "startTime", "endTime",
                     prompt_tokens, completion_tokens, total_tokens, spend, status, metadata)
  SELECT 'burst-' || g, 'hash-burst-' || lpad(g::text, 3, '0'), 'user-burst', 'team-burst', 'azure/gpt-4o-eu', 'gpt-4o',
         '2026-03-10 11:00:30', '2026-03-10 11:00:31', 10, 5, 15, 0.0001, 'success', '{}'::jsonb
    FROM generate_series(1, ${EXTRA_KEYS}) g`;
// The writer sorted the entries, upserted the first 100 in one flush (one moment) and dropped the rest (LiteLLM #29292).
const cutAt100 = ['LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend'].flatMap((t) => [
  `DELETE FROM "${t}" WHERE api_key IN (SELECT api_key FROM "${t}" WHERE api_key LIKE 'hash-burst-%' ORDER BY api_key DESC LIMIT ${EXTRA_KEYS - 100})`,
  `UPDATE "${t}" SET updated_at = '2026-03-10 11:00:40' WHERE api_key LIKE 'hash-burst-%'`,
]);

beforeAll(async () => {
  server = await startPostgres();
  await build('clean');
  await build('daily_cut', { beforeDaily: [manyKeys], afterDaily: cutAt100 });
  // Rows of ten minutes never reached SpendLogs, though the daily writer counted them (a dropped batch).
  await build('gap', {
    afterDaily: [
      `DELETE FROM "LiteLLM_SpendLogs" WHERE "startTime" >= '2026-03-10 10:30' AND "startTime" < '2026-03-10 10:40'`,
    ],
  });
  // The daily table booked alpha's first three gpt-4o requests of 03-10 on 03-09 (a local-time day), and holds 03-08, which SpendLogs pruned.
  await build('day_boundary', {
    afterDaily: [
      `UPDATE "LiteLLM_DailyUserSpend" SET api_requests = api_requests - 3 WHERE date = '2026-03-10' AND api_key = 'hash-alpha' AND model = 'azure/gpt-4o-eu'`,
      `INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, api_requests, successful_requests)
       VALUES ('shifted', 'user-a', '2026-03-09', 'hash-alpha', 'azure/gpt-4o-eu', 3, 3), ('pruned', 'user-a', '2026-03-08', 'hash-alpha', 'azure/gpt-4o-eu', 50, 50)`,
    ],
  });
  // A copy of the table without its primary key (as partitioned copies have) kept three colliding ids twice.
  await build('collisions', {
    beforeDaily: [
      `ALTER TABLE "LiteLLM_SpendLogs" DROP CONSTRAINT "LiteLLM_SpendLogs_pkey"`,
      `INSERT INTO "LiteLLM_SpendLogs" SELECT * FROM "LiteLLM_SpendLogs" WHERE request_id IN ('chatcmpl-0010', 'chatcmpl-0011', 'chatcmpl-0200')`,
      `INSERT INTO "LiteLLM_SpendLogs" SELECT * FROM "LiteLLM_SpendLogs" WHERE request_id = 'chatcmpl-0010'`,
      // Four successful requests of a model LiteLLM had no price for, two failures without error information.
      `UPDATE "LiteLLM_SpendLogs" SET spend = 0, model = 'custom/llama-70b', model_group = 'llama-70b' WHERE request_id IN ('chatcmpl-0100', 'chatcmpl-0102', 'chatcmpl-0104', 'chatcmpl-0106')`,
      `UPDATE "LiteLLM_SpendLogs" SET metadata = metadata - 'error_information' WHERE request_id IN ('chatcmpl-0039', 'chatcmpl-0079')`,
    ],
  });
  await build('no_index', {
    afterDaily: [
      `DROP INDEX "LiteLLM_SpendLogs_startTime_idx"`,
      `DROP INDEX "LiteLLM_SpendLogs_startTime_request_id_idx"`,
    ],
  });
  await build('error_logs_off', { afterDaily: [`DELETE FROM "LiteLLM_ErrorLogs"`] });
  await build('bloated', {
    beforeDaily: [
      `ALTER TABLE "LiteLLM_SpendLogs" SET (autovacuum_enabled = false)`,
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", metadata)
       SELECT 'old-' || g, '2026-01-01'::timestamp + g * interval '1 second', '2026-01-01'::timestamp + g * interval '1 second', '{}' FROM generate_series(1, 5000) g`,
    ],
  });
  // The retention job's large DELETE, its statistics flushed before the session ends.
  const client = new pg.Client({ connectionString: server.url('bloated') });
  await client.connect();
  await client.query(`DELETE FROM "LiteLLM_SpendLogs" WHERE request_id LIKE 'old-%'`);
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query('SELECT 1');
  await client.end();
  await server.exec(`CREATE ROLE reader LOGIN`);
}, 120_000);

afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  if (server) await destroyPostgres(server);
});

describe('the health check on real PostgreSQL (issue #25)', () => {
  it('finds nothing wrong in a clean database, and still measures it', async () => {
    const r = await check('clean');
    expect(r.findings).toEqual([]);
    expect(r.reconciliation).toEqual([]);
    expect(r.notVisible).toEqual([]);
    expect(r.tables.map((t) => t.table)).toEqual([
      'LiteLLM_SpendLogs',
      'LiteLLM_ErrorLogs',
      'LiteLLM_DailyUserSpend',
      'LiteLLM_DailyTeamSpend',
      'LiteLLM_DailyTagSpend',
    ]);
    expect(r.tables[0]!.totalBytes).toBeGreaterThan(0);
    expect(r.tables[0]!.partitioned).toBe(false);
    expect(r.growth).toEqual([{ day: '2026-03-10', rows: 360, bytesEstimate: expect.any(Number) }]);
    expect(r.oldestRow).toBe('2026-03-10T09:00:00.000Z');
    expect(r.jsonColumns.map((c) => c.column)).toContain('metadata.model_map_information');
  });

  it('explains rows missing from the daily tables by the 100-per-flush cut (LiteLLM #29292)', async () => {
    const r = await check('daily_cut');
    const cut = only(r, 'reconciliation');
    expect(cut.map((f) => [f.title, f.count, f.certainty])).toEqual([
      [
        `"LiteLLM_DailyUserSpend" lacks 5 requests that SpendLogs holds, on days a flush wrote exactly 100 rows`,
        5,
        'likely',
      ],
      [
        `"LiteLLM_DailyTeamSpend" lacks 5 requests that SpendLogs holds, on days a flush wrote exactly 100 rows`,
        5,
        'likely',
      ],
    ]);
    expect(cut[0]!.explanation).toMatch(/#29292/);
    expect(cut[0]!.where).toEqual({
      tab: 'traffic',
      from: '2026-03-10T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      models: ['azure/gpt-4o-eu'],
      keyAliases: [],
    });
    expect(
      r.reconciliation
        .filter((x) => x.table === 'LiteLLM_DailyUserSpend')
        .map((x) => [x.key, x.spendLogs.requests, x.daily.requests, x.cause]),
    ).toEqual(['101', '102', '103', '104', '105'].map((n) => [`hash-burst-${n}`, 1, 0, 'flush_limit']));
  });

  it('finds a logging gap amid steady traffic, and the requests the daily table counted there', async () => {
    const r = await check('gap');
    const gap = one(r, 'gap');
    expect(gap.count).toBe(1);
    expect(gap.details).toEqual([
      '2026-03-10T10:30:00.000Z → 2026-03-10T10:40:00.000Z: 10 minutes empty, 2/min around it',
    ]);
    expect(gap.touches).toEqual({ from: '2026-03-10T10:30:00.000Z', to: '2026-03-10T10:40:00.000Z' });
    expect(gap.where).toMatchObject({
      tab: 'traffic',
      from: '2026-03-10T10:00:00.000Z',
      to: '2026-03-10T11:10:00.000Z',
    });
    const lost = only(r, 'reconciliation');
    expect(lost.map((f) => [f.count, f.title])).toEqual([
      [20, `SpendLogs lacks 20 requests that "LiteLLM_DailyUserSpend" counted, on days with a logging gap`],
      [20, `SpendLogs lacks 20 requests that "LiteLLM_DailyTeamSpend" counted, on days with a logging gap`],
    ]);
    expect(lost[0]!.where?.keyAliases.sort()).toEqual(['alpha', 'beta']);
  });

  it("tells a day-boundary shift and a day beyond SpendLogs' retention from a loss", async () => {
    const r = await check('day_boundary', { from: '2026-03-08T00:00:00.000Z', to: HEALTH_RANGE.to });
    const causes = r.reconciliation.map((x) => [x.day, x.spendLogs.requests - x.daily.requests, x.cause]);
    expect(causes).toEqual([
      ['2026-03-08', -50, 'retention'],
      ['2026-03-09', -3, 'day_boundary'],
      ['2026-03-10', 3, 'day_boundary'],
    ]);
    const titles = only(r, 'reconciliation').map((f) => [f.title, f.certainty]);
    expect(titles).toEqual([
      [`"LiteLLM_DailyUserSpend" holds 50 requests that SpendLogs' retention has removed`, 'certain'],
      [`6 requests counted on the neighbouring day in "LiteLLM_DailyUserSpend"`, 'likely'],
    ]);
    expect(only(r, 'gap')).toEqual([]);
  });

  it('counts colliding ids within SpendLogs, zero-spend rows that are not cache hits and failures without error information', async () => {
    const r = await check('collisions');
    const dup = one(r, 'duplicate_ids');
    expect([dup.count, dup.title]).toEqual([3, '3 request ids of "LiteLLM_SpendLogs" occur more than once']);
    expect(dup.details[0]).toMatch(/^chatcmpl-0010: 4 rows/);
    expect(dup.explanation).toMatch(/5 extra rows/);
    const zero = one(r, 'zero_spend');
    expect([zero.count, zero.details, zero.where?.models]).toEqual([
      4,
      ['llama-70b: 4 requests'],
      ['llama-70b'],
    ]);
    const empty = one(r, 'empty_error_info');
    expect([empty.count, empty.where?.tab]).toEqual([2, 'errors']);
    expect(only(r, 'reconciliation')).toEqual([]);
  });

  it('names the missing startTime indexes with the statement a DBA would run', async () => {
    const r = await check('no_index');
    expect(only(r, 'missing_index').map((f) => f.details[0])).toEqual([
      'CREATE INDEX CONCURRENTLY "LiteLLM_SpendLogs_startTime_idx" ON "LiteLLM_SpendLogs" ("startTime");',
      'CREATE INDEX CONCURRENTLY "LiteLLM_SpendLogs_startTime_request_id_idx" ON "LiteLLM_SpendLogs" ("startTime", "request_id");',
    ]);
    expect(r.findings.every((f) => f.kind === 'missing_index')).toBe(true);
  });

  it('finds the dead rows a large DELETE left behind', async () => {
    const r = await check('bloated');
    const bloat = one(r, 'bloat');
    expect(bloat.title).toMatch(/^"LiteLLM_SpendLogs" is 9\d% dead rows$/);
    expect(bloat.count).toBe(5000);
    expect(bloat.details[0]).toBe('VACUUM (ANALYZE) "LiteLLM_SpendLogs";');
  });

  it('sees ErrorLogs switched off while SpendLogs holds failures', async () => {
    const r = await check('error_logs_off');
    const off = one(r, 'error_logs_off');
    expect([off.count, off.certainty]).toEqual([FAILURES, 'likely']);
    expect(off.explanation).toMatch(/disable_error_logs/);
    expect(r.findings).toHaveLength(1);
  });

  it('as a read-only role with no grants, names what it could not see and still reads the catalog', async () => {
    const r = await check('clean', HEALTH_RANGE, 'reader');
    expect(r.notVisible.map((n) => n.what.split(' (')[0])).toEqual([
      'rows of "LiteLLM_SpendLogs"',
      'rows of "LiteLLM_ErrorLogs"',
      'rows of "LiteLLM_DailyUserSpend"',
      'rows of "LiteLLM_DailyTeamSpend"',
      'rows of "LiteLLM_DailyTagSpend"',
      'rows of "LiteLLM_VerificationToken"',
    ]);
    expect(r.notVisible[0]!.needs).toBe(
      'SELECT on "LiteLLM_SpendLogs" (GRANT SELECT ON "LiteLLM_SpendLogs" TO <role>)',
    );
    expect(r.findings.map((f) => f.kind)).toEqual(['not_visible']);
    expect(r.tables[0]!.totalBytes).toBeGreaterThan(0);
    expect(r.growth).toEqual([]);
  });
});
