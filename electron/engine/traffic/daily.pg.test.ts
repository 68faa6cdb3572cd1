import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PriceTable } from '../../../shared/llm-settings.ts';
import { TrafficFilters, type Traffic, type TrafficFiltersInput } from '../../../shared/traffic.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { generateDemoData } from '../demo/generator.ts';
import { loadDemoData } from '../demo/loader.ts';
import { demoScenario } from '../demo/scenario.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { traffic } from './traffic.ts';

let server: TestPostgres;
const open: PgDatabase[] = [];
const NOW = Date.parse('2026-03-20T15:37:00Z');
const PRICES: PriceTable = { currency: 'USD', models: [] };
const WHOLE_DAYS = { kind: 'absolute' as const, from: '2026-03-18T00:00:00Z', to: '2026-03-20T00:00:00Z' };

async function load(
  name: string,
  scenario: typeof demoScenario,
  options: Parameters<typeof loadDemoData>[2] = {},
) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadDemoData(
    (sql, params) => client.query(sql, params as unknown[]),
    generateDemoData(scenario, NOW),
    options,
  );
  await client.end();
}

function db(name: string) {
  const d = new PgDatabase({ target: parsePostgresUrl(server.url(name)).target });
  open.push(d);
  return d;
}

const run = (name: string, basis: 'daily' | 'spend_logs' | 'auto', extra: TrafficFiltersInput = {}) =>
  traffic(db(name), TrafficFilters.parse({ timeRange: WHOLE_DAYS, ...extra }), {
    now: NOW,
    prices: PRICES,
    basis,
    granularity: basis === 'spend_logs' ? 'day' : undefined,
  });

const counts = (s: Traffic['summary']) => ({
  requests: s.requests,
  failed: s.failed,
  promptTokens: s.promptTokens,
  completionTokens: s.completionTokens,
  totalTokens: s.totalTokens,
  cachedTokens: s.cachedTokens,
  spend: Math.round(s.spend * 1e4) / 1e4,
});
// Float sums in another order differ in the last digits: compare spend to 1/100 of a cent.
const byKey = <T extends { requests: number; failed: number; totalTokens: number; spend: number }>(
  list: T[],
  key: (t: T) => string | null,
) =>
  new Map(
    list.map((i) => [
      key(i),
      {
        requests: i.requests,
        failed: i.failed,
        totalTokens: i.totalTokens,
        spend: Math.round(i.spend * 1e4) / 1e4,
      },
    ]),
  );

beforeAll(async () => {
  server = sharedTestPostgres();
  const scenario = { ...demoScenario, days: 4 };
  await load('generated', scenario);
  // SpendLogs pruned before the range (a retention job): the daily tables answer for the days it no longer holds.
  await load('pruned', scenario);
  await server.exec(
    `DELETE FROM "LiteLLM_SpendLogs" WHERE "startTime" < $1`,
    [WHOLE_DAYS.to.replace('Z', '')],
    'pruned',
  );
  await load('no_daily', scenario, { withDailyTables: false });
}, 120_000);

afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  if (server) await destroyPostgres(server);
});

describe('the daily-table overview (DESIGN §8)', () => {
  it('equals the SpendLogs overview on the same generated data: summary, both periods, models, days', async () => {
    const daily = await run('generated', 'daily');
    const logs = await run('generated', 'spend_logs');
    // Issue 19: for days SpendLogs still holds, SpendLogs is the answer unless the daily tables are asked for.
    expect((await run('generated', 'auto')).basis).toBe('spend_logs');
    expect((await run('pruned', 'auto')).basis).toBe('daily');
    expect(daily.basis).toBe('daily');
    expect(daily.basisLabel).toBe('from daily totals');
    expect(logs.basis).toBe('spend_logs');
    // SpendLogs records completionStartTime (TTFT when streaming); the daily tables do not (issue 24 item 7).
    expect([logs.ttftRecorded, daily.ttftRecorded]).toEqual([true, false]);
    expect(daily.summary.requests).toBeGreaterThan(1000);
    expect(counts(daily.summary)).toEqual(counts(logs.summary));
    expect(counts(daily.previous)).toEqual(counts(logs.previous));
    expect(byKey(daily.byModel, (m) => m.model)).toEqual(byKey(logs.byModel, (m) => m.model));
    expect(daily.series.map((p) => [p.bucket, p.requests, p.failed])).toEqual(
      logs.series.map((p) => [p.bucket, p.requests, p.failed]),
    );
    expect(daily.series).toHaveLength(2);
    expect(daily.summary.p95Ms).toBeNull();
  });

  it('equals it by key alias and team too, with a model filter', async () => {
    for (const extra of [{}, { models: ['gpt-4o'] }, { keyAliases: ['support-bot'] }]) {
      const daily = await run('generated', 'daily', extra);
      const logs = await run('generated', 'spend_logs', extra);
      expect(counts(daily.summary)).toEqual(counts(logs.summary));
      expect(byKey(daily.byKeyAlias, (k) => k.keyAlias)).toEqual(byKey(logs.byKeyAlias, (k) => k.keyAlias));
      expect(byKey(daily.byTeam, (k) => k.teamAlias)).toEqual(byKey(logs.byTeam, (k) => k.teamAlias));
    }
  });

  it('falls back to SpendLogs where the tables are absent or the range is not whole days, and says why when forced', async () => {
    expect((await run('no_daily', 'auto')).basis).toBe('spend_logs');
    const partial = TrafficFilters.parse({
      timeRange: { kind: 'absolute', from: '2026-03-18T06:00:00Z', to: '2026-03-20T00:00:00Z' },
    });
    expect((await traffic(db('generated'), partial, { now: NOW, prices: PRICES })).basis).toBe('spend_logs');
    expect((await run('generated', 'auto', { errorTypes: ['RateLimitError'] })).basis).toBe('spend_logs');
    await expect(run('no_daily', 'daily')).rejects.toThrow(/basis: .*LiteLLM_DailyUserSpend/);
    await expect(run('generated', 'daily', { endUsers: ['x'] })).rejects.toThrow(/end user/);
  });
});
