import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { PriceTable } from '../../../shared/llm-settings.ts';
import { TrafficFilters, type Traffic } from '../../../shared/traffic.ts';
import { BREAKDOWN_TOP, type Investigation } from '../../../shared/investigation.ts';
import type { Dialect, SourceMapping } from '../../../shared/source-mapping.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { litellmDdl } from './litellm/ddl.ts';
import { investigate } from './litellm/investigate.ts';
import { traffic } from '../traffic/traffic.ts';
import { usageCsv } from '../reports/usage-csv.ts';
import { breakdownBars, stackTimeline } from '../../../shared/chart-shaping.ts';
import { MappedSource } from './mapped/mapped-source.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

/**
 * Issue 18, defect 5: a million distinct models made `investigate --json` take minutes and GBs.
 * Every breakdown is now the top BREAKDOWN_TOP in SQL plus one remainder, so the answer's size does
 * not grow with the number of values while the totals stay exact. Here: 5,000 values, each with one
 * failure, and one "hot" value with 100.
 */
const DISTINCT = 5_000;
const HOT = 100;
const TOTAL = DISTINCT + HOT;
const RANGE = { from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T14:00:00.000Z' };
const filters = Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 10 });

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
  await loadLitellm();
  await loadDaily();
  await loadMapped();
}, 180_000);
afterAll(async () => engines?.stop());

/** LiteLLM_SpendLogs failures as LiteLLM's proxy writes them (status column, metadata.error_information; schema.prisma). */
async function loadLitellm(): Promise<void> {
  await engines.pg.createDatabase('many');
  for (const statement of litellmDdl({}).split(';\n')) await engines.pg.exec(statement, [], 'many');
  const row = (
    id: string,
    group: string,
    key: string,
    cls: string,
    at: string,
  ) => `SELECT ${id}, ${at}, ${at}, 'dep-' || ${group}, ${group}, '', 0,
      jsonb_build_object('status', 'failure', 'user_api_key_alias', ${key},
        'error_information', jsonb_build_object('error_class', ${cls}, 'error_code', '500', 'error_message', 'boom')), 'failure'`;
  const columns = `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, api_key, total_tokens, metadata, status)`;
  const at = (i: string) => `timestamp '2026-11-20 09:00:00' + (${i} || ' seconds')::interval`;
  await engines.pg.exec(
    `${columns} ${row(`'r' || i`, `'model-' || i`, `'key-' || i`, `'Err' || i`, at('i'))} FROM generate_series(1, ${DISTINCT}) i`,
    [],
    'many',
  );
  await engines.pg.exec(
    `${columns} ${row(`'h' || i`, `'hot'`, `'hot-key'`, `'HotError'`, at('i'))} FROM generate_series(1, ${HOT}) i`,
    [],
    'many',
  );
}

/**
 * LiteLLM's daily tables only (SpendLogs pruned), as the daily spend writer keeps them
 * (db_spend_update_writer.py; schema.prisma LiteLLM_DailyUserSpend): one row per day, key and model.
 */
const DAY = '2026-11-20';
async function loadDaily(): Promise<void> {
  await engines.pg.createDatabase('daily');
  for (const statement of litellmDdl({ withDailyTables: true }).split(';\n'))
    await engines.pg.exec(statement, [], 'daily');
  const daily = `INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, model_group, custom_llm_provider, api_requests, failed_requests, spend)`;
  await engines.pg.exec(
    `${daily} SELECT 'd' || i, 'u', '${DAY}', 'key-' || i, 'dep-' || i, 'model-' || i, 'openai', 1, 1, 0.5 FROM generate_series(1, ${DISTINCT}) i`,
    [],
    'daily',
  );
  await engines.pg.exec(
    `${daily} VALUES ('hot', 'u', '${DAY}', 'hot-key', 'dep-hot', 'hot', 'openai', ${HOT}, ${HOT}, 1)`,
    [],
    'daily',
  );
  await engines.pg.exec(
    `INSERT INTO "LiteLLM_VerificationToken" (token, key_alias) SELECT 'key-' || i, 'alias-' || i FROM generate_series(1, ${DISTINCT}) i UNION ALL SELECT 'hot-key', 'hot-key'`,
    [],
    'daily',
  );
}

/** Usage's breakdowns: the top BREAKDOWN_TOP each, the hot value first, the remainder exact, totals whole. */
function expectBoundedUsage(usage: Traffic, names: readonly ('byModel' | 'byDeployment' | 'byKeyAlias')[]) {
  expect(usage.summary.requests).toBe(TOTAL);
  expect(usage.summary.failed).toBe(TOTAL);
  for (const name of names) {
    const list = usage[name] as { requests: number; failed: number }[];
    expect(list, name).toHaveLength(BREAKDOWN_TOP);
    expect(list[0]!.requests, name).toBe(HOT);
    const rest = usage.others![name];
    expect({ values: rest.values, requests: rest.requests, failed: rest.failed }, name).toEqual({
      values: DISTINCT + 1 - BREAKDOWN_TOP,
      requests: TOTAL - HOT - (BREAKDOWN_TOP - 1),
      failed: TOTAL - HOT - (BREAKDOWN_TOP - 1),
    });
    expect(list.reduce((sum, x) => sum + x.requests, 0) + rest.requests, name).toBe(TOTAL);
  }
}

/** A call table of the llm_tracker_usage kind (boolean success) on every engine, with an error type column. */
const MAPPING: SourceMapping = {
  table: 'many_calls',
  columns: {
    time: 'created_at',
    model: 'model',
    keyAlias: 'user_id',
    errorType: 'error_type',
    errorMessage: 'error',
  },
  success: { kind: 'boolean', column: 'success' },
};

async function loadMapped(): Promise<void> {
  const hot = (i: string, cat: (...p: string[]) => string, at: string) =>
    `SELECT ${i}, 'hot', 'hot-key', 'HotError', 'boom', ${at}`;
  const many = (i: string, cat: (...p: string[]) => string, at: string) =>
    `SELECT ${i}, ${cat("'model-'", i)}, ${cat("'key-'", i)}, ${cat("'Err'", i)}, 'boom', ${at}`;
  const insert = 'INSERT INTO many_calls (id, model, user_id, error_type, error, created_at)';
  const pipe = (...p: string[]) => p.join(' || ');
  // success defaults to false: every row is a failure.
  await engines.pg.exec(
    `CREATE TABLE many_calls (id int, model text, user_id text, error_type text, error text, success boolean DEFAULT false, created_at timestamptz)`,
    [],
    'calls',
  );
  const pgAt = `timestamptz '2026-11-20 09:00:00+00' + (i || ' seconds')::interval`;
  await engines.pg.exec(
    `${insert} ${many('i', pipe, pgAt)} FROM generate_series(1, ${DISTINCT}) i`,
    [],
    'calls',
  );
  await engines.pg.exec(`${insert} ${hot('i', pipe, pgAt)} FROM generate_series(1, ${HOT}) i`, [], 'calls');

  const concat = (...p: string[]) => `CONCAT(${p.join(', ')})`;
  const myAt = `TIMESTAMPADD(SECOND, seq, '2026-11-20 09:00:00')`;
  await engines.maria.exec(
    `CREATE TABLE many_calls (id int, model varchar(64), user_id varchar(64), error_type varchar(64), error text, success tinyint(1) DEFAULT 0, created_at datetime(6))`,
    [],
    'calls',
  );
  await engines.maria.exec(`${insert} ${many('seq', concat, myAt)} FROM seq_1_to_${DISTINCT}`, [], 'calls');
  await engines.maria.exec(`${insert} ${hot('seq', concat, myAt)} FROM seq_1_to_${HOT}`, [], 'calls');

  const liteAt = `strftime('%Y-%m-%d %H:%M:%S', '2026-11-20 09:00:00', '+' || i || ' seconds')`;
  const series = (n: number) =>
    `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) `;
  execFileSync('sqlite3', [engines.sqliteFile], {
    input: `CREATE TABLE many_calls (id integer, model varchar(64), user_id varchar(64), error_type varchar(64), error text, success bool DEFAULT 0, created_at datetime);
${series(DISTINCT)}${insert} ${many('i', pipe, liteAt)} FROM s;
${series(HOT)}${insert} ${hot('i', pipe, liteAt)} FROM s;
`,
  });
}

function expectBounded(result: Investigation) {
  expect(result.total).toBe(TOTAL);
  // The remainder of each breakdown: every value but the listed ones, their errors summed; totals exact.
  const lists = { byModel: result.byModel, byErrorType: result.byErrorType, byKeyAlias: result.byKeyAlias };
  for (const [name, list] of Object.entries(lists)) {
    expect(list, name).toHaveLength(BREAKDOWN_TOP);
    expect(list[0]!.count, name).toBe(HOT);
    const rest = result.others![name as keyof typeof lists];
    expect(rest, name).toEqual({
      values: DISTINCT + 1 - BREAKDOWN_TOP,
      count: TOTAL - HOT - (BREAKDOWN_TOP - 1),
    });
    expect(list.reduce((s, x) => s + x.count, 0) + rest.count, name).toBe(TOTAL);
  }
  expect(result.byModel[0]!.model).toBe('hot');
  expect(result.timeline.reduce((s, p) => s + p.count, 0)).toBe(TOTAL);
  expect(new Set(result.timelineByModel.map((p) => p.model)).size).toBeLessThanOrEqual(BREAKDOWN_TOP);
  // The charts fold the remainder into "Other": its bar counts every value not drawn, the stack every error.
  const bars = breakdownBars(result, 'model');
  expect(bars.at(-1)).toMatchObject({ key: 'other', label: `Other (${DISTINCT + 1 - (bars.length - 1)})` });
  expect(bars.reduce((s, b) => s + b.count, 0)).toBe(TOTAL);
  expect(stackTimeline(result.timeline, result.timelineByModel).rows.reduce((s, r) => s + r.total, 0)).toBe(
    TOTAL,
  );
  // The whole answer stays small: 5,000 values listed one by one would be several times this.
  expect(JSON.stringify(result).length).toBeLessThan(60_000);
}

describe('breakdowns are bounded, with an exact remainder', () => {
  it('LiteLLM on PostgreSQL', async () => {
    const db = new PgDatabase({ target: parsePostgresUrl(engines.pg.url('many')).target });
    try {
      expectBounded(await investigate(db, filters, { now: NOW }));
    } finally {
      await db.close();
    }
  });

  it.each<Dialect>(['postgres', 'mysql', 'sqlite'])('a mapped table on %s', async (dialect) => {
    expectBounded(await new MappedSource(engines.open(dialect), MAPPING).investigate(filters, { now: NOW }));
  });

  it('usage on LiteLLM (PostgreSQL): every breakdown the top 50 of the range, the rest one remainder', async () => {
    const db = new PgDatabase({ target: parsePostgresUrl(engines.pg.url('many')).target });
    try {
      const usage = await traffic(db, TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), {
        now: NOW,
        prices: PriceTable.parse({ models: [] }),
        basis: 'spend_logs',
        page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
      });
      expect(usage.summary.requests).toBe(TOTAL);
      expect(usage.summary.failed).toBe(TOTAL);
      for (const name of ['byModel', 'byDeployment', 'byKeyAlias'] as const) {
        const list = usage[name] as { requests: number; failed: number }[];
        expect(list, name).toHaveLength(BREAKDOWN_TOP);
        expect(list[0]!.requests, name).toBe(HOT);
        const rest = usage.others![name];
        expect({ values: rest.values, requests: rest.requests, failed: rest.failed }, name).toEqual({
          values: DISTINCT + 1 - BREAKDOWN_TOP,
          requests: TOTAL - HOT - (BREAKDOWN_TOP - 1),
          failed: TOTAL - HOT - (BREAKDOWN_TOP - 1),
        });
      }
      // One value only (no team, no end user): listed whole, nothing left over.
      expect(usage.byTeam).toHaveLength(1);
      expect(usage.others!.byTeam.values).toBe(0);
      expect(JSON.stringify(usage).length).toBeLessThan(120_000);
      expect(usageCsv(usage, 'model')).toContain(
        `model,(other ${DISTINCT + 1 - BREAKDOWN_TOP} values),${TOTAL - HOT - (BREAKDOWN_TOP - 1)},`,
      );
    } finally {
      await db.close();
    }
  });

  it.each<Dialect>(['postgres', 'mysql', 'sqlite'])(
    'usage on a mapped table on %s: the same cut and remainder',
    async (dialect) => {
      const usage = await new MappedSource(engines.open(dialect), MAPPING).traffic(
        TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } }),
        {
          now: NOW,
          prices: PriceTable.parse({ models: [] }),
          page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
        },
      );
      expectBoundedUsage(usage, ['byModel', 'byKeyAlias']);
      expect(JSON.stringify(usage).length).toBeLessThan(120_000);
    },
  );

  it("usage from LiteLLM's daily tables: the same cut and remainder", async () => {
    const db = new PgDatabase({ target: parsePostgresUrl(engines.pg.url('daily')).target });
    try {
      const usage = await traffic(
        db,
        TrafficFilters.parse({
          timeRange: { kind: 'absolute', from: `${DAY}T00:00:00.000Z`, to: '2026-11-21T00:00:00.000Z' },
        }),
        { now: NOW, prices: PriceTable.parse({ models: [] }), basis: 'daily' },
      );
      expect(usage.basis).toBe('daily');
      expectBoundedUsage(usage, ['byModel', 'byDeployment', 'byKeyAlias']);
      expect(usage.byKeyAlias[0]!.keyAlias).toBe('hot-key');
      expect(usage.others!.byModel.spend).toBeCloseTo((DISTINCT - (BREAKDOWN_TOP - 1)) * 0.5, 6);
    } finally {
      await db.close();
    }
  });
});
