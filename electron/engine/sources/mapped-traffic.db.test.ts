import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, MISSING_VALUE } from '../../../shared/filters.ts';
import type { Dialect } from '../../../shared/source-mapping.ts';
import { TrafficFilters, type Traffic, type TrafficFiltersInput } from '../../../shared/traffic.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { BURST, RANGE } from '../../test-support/call-log-fixture.ts';
import { DIALECTS, REQUEST_LOGS } from '../../test-support/mapped-oracle.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { builtInMapping } from './built-in-mappings.ts';
import { listTables, tableColumns } from './introspect.ts';
import { MappedSource } from './mapped/mapped-source.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
});
afterAll(async () => engines?.stop());

const TABLES = ['llm_tracker_usage', 'app_llmcalllog', 'request_logs'] as const;
type Table = (typeof TABLES)[number];

async function mapped(dialect: Dialect, table: Table): Promise<MappedSource> {
  const db = engines.open(dialect);
  if (table === 'request_logs') return new MappedSource(db, REQUEST_LOGS);
  const mapping = await db.readOnly(async (sql) =>
    builtInMapping(
      sql,
      sqlDialect(dialect),
      table,
      (await tableColumns(sql, dialect, table))!,
      await listTables(sql, dialect),
    ),
  );
  return new MappedSource(db, mapping!);
}

const filters = (extra: TrafficFiltersInput = {}) =>
  TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE }, ...extra });
const PAGE = { sort: 'time', direction: 'desc', cursor: null, limit: 1000 } as const;
const run = async (dialect: Dialect, table: Table, extra: TrafficFiltersInput = {}) =>
  (await mapped(dialect, table)).traffic(filters(extra), { now: NOW, prices: DEFAULT_PRICES, page: PAGE });

/** Independent SQL per shape, written against PostgreSQL: what each figure must be. */
const PG_RANGE = `BETWEEN '2026-11-20 08:00:00+00' AND '2026-11-20 13:59:59.999999+00'`;
const APP_PRICES = `(VALUES ('gpt-4o', 2.5::float8, 10::float8), ('claude-3-5-sonnet', 3, 15)) AS pr(m, inp, outp)`;
const ORACLE: Record<Table, string> = {
  llm_tracker_usage: `
    SELECT count(*) AS requests, count(*) FILTER (WHERE NOT success) AS failed, NULL::float8 AS p50, NULL::float8 AS p95, NULL::float8 AS p99,
           COALESCE(sum(total_tokens), 0) AS total_tokens, COALESCE(sum(prompt_tokens), 0) AS prompt_tokens,
           sum(CASE WHEN COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0) > 0
                    THEN (COALESCE(prompt_tokens, 0) * pr.inp + COALESCE(completion_tokens, 0) * pr.outp) / 1e6 ELSE 0 END) AS spend
      FROM llm_tracker_usage u LEFT JOIN ${APP_PRICES} ON pr.m = u.model WHERE created_at ${PG_RANGE}`,
  app_llmcalllog: `
    SELECT count(*) AS requests, count(*) FILTER (WHERE status <> 'success') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
           COALESCE(sum(total_tokens), 0) AS total_tokens, COALESCE(sum(prompt_tokens), 0) AS prompt_tokens,
           sum(CASE WHEN estimated_cost > 0 THEN estimated_cost
                    WHEN COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0) > 0
                    THEN (COALESCE(prompt_tokens, 0) * p.input_price_per_1k + COALESCE(completion_tokens, 0) * p.output_price_per_1k) / 1000 ELSE 0 END) AS spend
      FROM app_llmcalllog c LEFT JOIN app_llmmodelprice p ON p.model = c.model_name WHERE request_timestamp ${PG_RANGE.replace(/\+00/g, '')}`,
  request_logs: `
    SELECT count(*) AS requests, count(*) FILTER (WHERE status_code NOT BETWEEN 200 AND 399) AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99, 0 AS total_tokens, 0 AS prompt_tokens, 0 AS spend
      FROM request_logs WHERE created_at ${PG_RANGE.replace(/\+00/g, '')}`,
};

const round1 = (v: unknown) => (v === null ? null : Math.round(Number(v) * 10) / 10);
const results = new Map<string, Traffic>();

describe.each(DIALECTS)('traffic of mapped sources on %s', (dialect) => {
  it.each(TABLES)(
    '%s: summary, latency, tokens and spend match independent SQL; failed = the investigation total',
    async (table) => {
      const result = await run(dialect, table);
      results.set(`${dialect}:${table}`, result);
      const [want] = await engines.oracle.postgres(ORACLE[table]);
      expect(result.summary.requests).toBe(Number(want!.requests));
      expect(result.summary.failed).toBe(Number(want!.failed));
      expect(result.summary.errorRate).toBeCloseTo(Number(want!.failed) / Number(want!.requests), 12);
      // percentile_cont's numbers, though MySQL and SQLite have no percentile_cont.
      expect([result.summary.p50Ms, result.summary.p95Ms, result.summary.p99Ms]).toEqual([
        round1(want!.p50),
        round1(want!.p95),
        round1(want!.p99),
      ]);
      expect(result.summary.totalTokens).toBe(Number(want!.total_tokens));
      expect(result.summary.promptTokens).toBe(Number(want!.prompt_tokens));
      expect(result.summary.spend).toBeCloseTo(Number(want!.spend), 9);
      expect(result.summary.spendEstimated).toBe(table !== 'request_logs');

      const investigation = await (
        await mapped(dialect, table)
      ).investigate(Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 0 }), { now: NOW });
      expect(result.summary.failed).toBe(investigation.total);
      expect(result.byModel.reduce((a, m) => a + m.failed, 0)).toBe(investigation.total);
      expect(
        Object.fromEntries(result.byModel.filter((m) => m.failed).map((m) => [m.model, m.failed])),
      ).toEqual(Object.fromEntries(investigation.byModel.map((m) => [m.model, m.count])));
      expect(result.series.reduce((a, p) => a + p.requests, 0)).toBe(result.summary.requests);
      // The Errors timeline's buckets (issue 24 item 7).
      expect(result.series.map((p) => [p.bucket, p.failed])).toEqual(
        investigation.timeline.map((p) => [p.bucket, p.count]),
      );
      expect(result.requests).toHaveLength(result.summary.requests);
      expect(result.requests.filter((r) => r.status === 'failure')).toHaveLength(investigation.total);
      expect(result.requests[0]!.time > result.requests.at(-1)!.time).toBe(true);
    },
  );

  it('per-model latency percentiles equal percentile_cont per model', async () => {
    const result = results.get(`${dialect}:app_llmcalllog`) ?? (await run(dialect, 'app_llmcalllog'));
    const want = await engines.oracle.postgres(`
      SELECT model_name AS model, count(*) AS n, percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
        FROM app_llmcalllog WHERE request_timestamp ${PG_RANGE.replace(/\+00/g, '')} GROUP BY 1`);
    expect(Object.fromEntries(result.byModel.map((m) => [m.model, [m.requests, m.p95Ms]]))).toEqual(
      Object.fromEntries(want.map((r) => [r.model, [Number(r.n), round1(r.p95)]])),
    );
  });

  it('the previous period, key and team breakdowns, filters and outcome', async () => {
    const tracker = results.get(`${dialect}:llm_tracker_usage`) ?? (await run(dialect, 'llm_tracker_usage'));
    // One call 60 s before the range: the previous period.
    expect(tracker.previous.requests).toBe(1);
    expect(tracker.previous.failed).toBe(1);
    expect(tracker.byKeyAlias.map((k) => k.keyAlias).sort()).toEqual(['alice', 'bob', 'carol']);
    const calls = results.get(`${dialect}:app_llmcalllog`) ?? (await run(dialect, 'app_llmcalllog'));
    expect(calls.byTeam.map((t) => t.teamAlias).sort()).toEqual(['billing', 'search']);
    const carol = await run(dialect, 'app_llmcalllog', { keyAliases: ['carol'], text: 'rate limit reached' });
    expect(carol.summary).toMatchObject({ requests: BURST.size, failed: BURST.size });
    const ok = await run(dialect, 'app_llmcalllog', { outcome: 'success' });
    expect(ok.summary.failed).toBe(0);
    expect(ok.summary.requests).toBe(calls.summary.requests - calls.summary.failed);
  });

  it('the missing value ("(no team alias)") filters every call, not only the failures', async () => {
    // request_logs with its error text as the team: successes have none, so "no team" is every success.
    const db = engines.open(dialect);
    const noTeam = new MappedSource(db, {
      ...REQUEST_LOGS,
      columns: { ...REQUEST_LOGS.columns, teamAlias: 'error' },
    });
    const all = results.get(`${dialect}:request_logs`) ?? (await run(dialect, 'request_logs'));
    const missing = await noTeam.traffic(filters({ teamAliases: [MISSING_VALUE] }), {
      now: NOW,
      prices: DEFAULT_PRICES,
      page: PAGE,
    });
    expect(missing.summary).toMatchObject({ requests: all.summary.requests - all.summary.failed, failed: 0 });
    const failures = await noTeam.investigate(
      Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, exclude: { teamAliases: [MISSING_VALUE] } }),
      { now: NOW },
    );
    expect(failures.total).toBe(all.summary.failed);
  });

  it('pages the request list with a cursor', async () => {
    const db = await mapped(dialect, 'request_logs');
    const all = results.get(`${dialect}:request_logs`) ?? (await run(dialect, 'request_logs'));
    const walk = async (sort: 'durationMs' | 'time') => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await db.trafficRequests(
          filters(),
          { sort, direction: 'desc', cursor, limit: 7 },
          { now: NOW, prices: DEFAULT_PRICES },
        );
        seen.push(...page.requests.map((r) => r.requestId));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const seen = await walk('durationMs');
    expect(seen).toHaveLength(all.summary.requests);
    expect(new Set(seen).size).toBe(seen.length);
    // Each page's rows are read again from their own time range (the page's second pass): the pages
    // together are the whole list, in its order.
    expect(await walk('time')).toEqual(all.requests.map((r) => r.requestId));
  });
});

describe('the same traffic JSON from every engine', () => {
  it.each(TABLES)('%s', (table) => {
    const strip = (t: Traffic | undefined) => t && { ...t, timings: null };
    const [pg, my, lite] = DIALECTS.map((d) => strip(results.get(`${d}:${table}`)));
    expect(pg).toBeDefined();
    expect(my).toEqual(pg);
    expect(lite).toEqual(pg);
  });
});

describe.each(DIALECTS)('LLMTokenUsage roll-ups on %s', (dialect) => {
  const DAY_RANGE = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };
  const both = async (extra: TrafficFiltersInput = {}, granularity?: 'hour' | 'day') => {
    const db = await mapped(dialect, 'app_llmcalllog');
    const f = TrafficFilters.parse({ timeRange: { kind: 'absolute', ...DAY_RANGE }, ...extra });
    const rows = await db.traffic(f, {
      now: NOW,
      prices: DEFAULT_PRICES,
      granularity,
      basis: 'spend_logs',
      page: { ...PAGE, limit: 0 },
    });
    const rollups = await db.traffic(f, { now: NOW, prices: DEFAULT_PRICES, granularity, basis: 'daily' });
    return { rows, rollups };
  };
  const figures = (t: Traffic) => ({
    summary: {
      requests: t.summary.requests,
      failed: t.summary.failed,
      totalTokens: t.summary.totalTokens,
      promptTokens: t.summary.promptTokens,
      spend: Math.round(t.summary.spend * 1e9),
    },
    byModel: t.byModel.map((m) => [m.model, m.requests, m.failed, m.totalTokens, Math.round(m.spend * 1e9)]),
    byKeyAlias: t.byKeyAlias.map((k) => [k.keyAlias, k.requests, k.failed, k.totalTokens]),
    series: t.series.map((p) => [p.bucket, p.requests, p.failed, p.totalTokens]),
  });

  it.each([['hour'], ['day']] as const)(
    '%s rows give the row-level figures, breakdowns and series',
    async (granularity) => {
      const { rows, rollups } = await both({}, granularity);
      expect(rollups.basis).toBe('daily');
      expect(rollups.basisLabel).toBe(`from app_llmtokenusage (${granularity} roll-ups)`);
      // The call model has no first-token time: the app says so instead of a bare dash (issue 24 item 7).
      expect([rows.ttftRecorded, rollups.ttftRecorded]).toEqual([false, false]);
      expect(rows.summary.requests).toBe(60);
      expect(figures(rollups)).toEqual(figures(rows));
      expect(rollups.summary.p95Ms).toBeNull();
    },
  );

  it('filtered by user and model, the same as the row-level answer', async () => {
    const { rows, rollups } = await both({ keyAliases: ['carol', 'alice'], models: ['gpt-4o'] }, 'hour');
    expect(rows.summary.requests).toBeGreaterThan(BURST.size);
    expect(figures(rollups)).toEqual(figures(rows));
  });

  it('long ranges read the roll-ups on their own; a filter they lack is refused by name', async () => {
    const db = await mapped(dialect, 'app_llmcalllog');
    const month = TrafficFilters.parse({
      timeRange: { kind: 'absolute', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    });
    const auto = await db.traffic(month, { now: NOW, prices: DEFAULT_PRICES });
    expect(auto.basis).toBe('daily');
    expect(auto.summary.requests).toBe(60);
    const short = await db.traffic(filters(), { now: NOW, prices: DEFAULT_PRICES });
    expect(short.basis).toBe('spend_logs');
    await expect(
      db.traffic(TrafficFilters.parse({ ...month, errorTypes: ['timeout'] }), {
        now: NOW,
        prices: DEFAULT_PRICES,
        basis: 'daily',
      }),
    ).rejects.toThrow('basis: the roll-ups cannot answer this query (the roll-ups hold no error type)');
  });

  it('an excluded value is honoured: the roll-ups step aside, and refuse it by name when asked for', async () => {
    const db = await mapped(dialect, 'app_llmcalllog');
    const month = {
      timeRange: {
        kind: 'absolute' as const,
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
      },
    };
    const withoutGpt4o = TrafficFilters.parse({ ...month, exclude: { models: ['gpt-4o'] } });
    const auto = await db.traffic(withoutGpt4o, { now: NOW, prices: DEFAULT_PRICES });
    const rows = await db.traffic(withoutGpt4o, {
      now: NOW,
      prices: DEFAULT_PRICES,
      basis: 'spend_logs',
      page: { ...PAGE, limit: 0 },
    });
    expect(rows.byModel.map((m) => m.model)).not.toContain('gpt-4o');
    expect(rows.summary.requests).toBeLessThan(60);
    expect(auto.basis).toBe('spend_logs');
    expect(figures(auto)).toEqual(figures(rows));
    await expect(
      db.traffic(withoutGpt4o, { now: NOW, prices: DEFAULT_PRICES, basis: 'daily' }),
    ).rejects.toThrow('excluded values');
  });
});
