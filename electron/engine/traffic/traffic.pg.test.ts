import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Filters, MISSING_VALUE } from '../../../shared/filters.ts';
import type { PriceTable } from '../../../shared/llm-settings.ts';
import { TrafficFilters, type TrafficFiltersInput, type TrafficRequest } from '../../../shared/traffic.ts';
import { estimateCost } from '../llm/price-table.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { investigate } from '../sources/litellm/investigate.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { EXPECTED_ERROR_IDS, RANGE } from '../../test-support/litellm-fixture.ts';
import { loadTrafficFixture, PREVIOUS } from '../../test-support/traffic-fixture.ts';
import { traffic, trafficRequests } from './traffic.ts';

let server: TestPostgres;
const open: PgDatabase[] = [];
const NOW = Date.parse('2026-03-20T15:37:00Z');
// gpt-4o's second price is not yet effective in the range: the first one must price it.
const PRICES: PriceTable = {
  currency: 'USD',
  models: [
    { model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
    { model: 'gpt-4o', inputPerMillion: 100, outputPerMillion: 100, effectiveFrom: '2026-03-11' },
  ],
};

function database(name: string): PgDatabase {
  const db = new PgDatabase({ target: parsePostgresUrl(server.url(name)).target });
  open.push(db);
  return db;
}

async function createLoaded(name: string, options: Parameters<typeof loadTrafficFixture>[1] = {}) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadTrafficFixture((sql, params) => client.query(sql, params as unknown[]), options);
  await client.end();
}

const filters = (extra: TrafficFiltersInput = {}) =>
  TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE }, ...extra });
const run = (name: string, extra: TrafficFiltersInput = {}, basis: 'auto' | 'spend_logs' = 'auto') =>
  traffic(database(name), filters(extra), {
    now: NOW,
    prices: PRICES,
    basis,
    page: { sort: 'time', direction: 'desc', cursor: null, limit: 1000 },
  });

/** The independent reading: plain SQL over the raw rows of [from, to), no code shared with the engine. */
async function expected(dbName: string, range: { from: string; to: string }) {
  const q = (sql: string) =>
    server.exec(sql, [range.from.replace('Z', ''), range.to.replace('Z', '')], dbName).then((r) => r.rows);
  const [counts] = await q(`
    SELECT (SELECT count(*) FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2)::int AS requests`);
  const [lat] = await q(`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY d) AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY d) AS p99, sum(prompt_tokens)::int AS prompt, sum(completion_tokens)::int AS completion,
           sum(total_tokens)::int AS total
      FROM (SELECT COALESCE(request_duration_ms, EXTRACT(EPOCH FROM ("endTime" - "startTime")) * 1000) AS d, *
              FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2) s`);
  const [ttft] = await q(`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("completionStartTime" - "startTime")) * 1000) AS p50
      FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2
       AND "completionStartTime" IS NOT NULL AND "completionStartTime" <> "endTime"`);
  const rows =
    await q(`SELECT request_id, spend, prompt_tokens, completion_tokens, model, model_group, metadata FROM "LiteLLM_SpendLogs"
                          WHERE "startTime" >= $1 AND "startTime" < $2`);
  let spend = 0;
  let estimated = false;
  let cached = 0;
  let reasoning = 0;
  for (const r of rows) {
    const usage = (r.metadata as { usage_object?: Record<string, Record<string, unknown> | unknown> })
      .usage_object as
      | {
          prompt_tokens_details?: { cached_tokens?: unknown };
          completion_tokens_details?: { reasoning_tokens?: unknown };
          cache_read_input_tokens?: unknown;
        }
      | undefined;
    const c = usage?.prompt_tokens_details?.cached_tokens ?? usage?.cache_read_input_tokens;
    if (typeof c === 'number') cached += c;
    const rt = usage?.completion_tokens_details?.reasoning_tokens;
    if (typeof rt === 'number') reasoning += rt;
    if (Number(r.spend) > 0) spend += Number(r.spend);
    else {
      const est = estimateCost(
        PRICES,
        String(r.model_group || r.model),
        Number(r.prompt_tokens),
        Number(r.completion_tokens),
      );
      if (est) {
        spend += est;
        estimated = true;
      }
    }
  }
  return {
    requests: Number(counts!.requests),
    lat: lat!,
    ttftP50: ttft!.p50 === null ? null : Number(ttft!.p50),
    spend,
    estimated,
    cached,
    reasoning,
  };
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await createLoaded('modern');
  await createLoaded('legacy', { withStatusColumn: false, withVerificationToken: false });
});

afterAll(async () => {
  await Promise.all(open.map((db) => db.close()));
  if (server) await destroyPostgres(server);
});

describe('traffic of DESIGN §8 on hand-made edge rows', () => {
  for (const dbName of ['modern', 'legacy']) {
    it(`every summary number equals independent SQL, in both periods (${dbName})`, async () => {
      const t = await run(dbName);
      expect(t.basis).toBe('spend_logs');
      for (const [summary, range] of [
        [t.summary, RANGE],
        [t.previous, PREVIOUS],
      ] as const) {
        const want = await expected(dbName, range);
        expect(summary.requests).toBe(want.requests);
        expect(summary.p50Ms).toBeCloseTo(Number(want.lat.p50), 1);
        expect(summary.p95Ms).toBeCloseTo(Number(want.lat.p95), 1);
        expect(summary.p99Ms).toBeCloseTo(Number(want.lat.p99), 1);
        expect(summary.ttftP50Ms).toBe(want.ttftP50 === null ? null : Math.round(want.ttftP50 * 10) / 10);
        expect(summary.promptTokens).toBe(Number(want.lat.prompt));
        expect(summary.completionTokens).toBe(Number(want.lat.completion));
        expect(summary.totalTokens).toBe(Number(want.lat.total));
        expect(summary.cachedTokens).toBe(want.cached);
        expect(summary.reasoningTokens).toBe(want.reasoning);
        expect(summary.spend).toBeCloseTo(want.spend, 9);
        expect(summary.spendEstimated).toBe(want.estimated);
        expect(summary.errorRate).toBeCloseTo(summary.failed / summary.requests, 12);
      }
      // Hand-checked anchors: the zero-spend row priced at 2.5/10 per 1M, the hostile cached count ignored.
      expect(t.summary.spend).toBeCloseTo(0.01 + (2000 * 2.5 + 100 * 10) / 1e6, 9);
      expect(t.summary.spendEstimated).toBe(true);
      expect(t.summary.cachedTokens).toBe(230);
      expect(t.summary.reasoningTokens).toBe(50);
      expect(t.summary.ttftP50Ms).toBe(300);
      // prev-ok, prev-fail at its from boundary, the error fixture's 'before'; not before-prev, and not
      // the failed attempt at 09:30 (issue 19: an ErrorLogs row is an attempt, not a request).
      expect(t.previous.requests).toBe(3);
      expect(t.previous.failed).toBe(2);
    });

    it(`failed equals investigate's total for the same filters (${dbName})`, async () => {
      const cases: TrafficFiltersInput[] = [
        {},
        { keyAliases: ['alpha'] },
        { models: ['gpt-4o'] },
        { errorTypes: ['Timeout'] },
        { teamAliases: ['research'] },
        { text: 'rate' },
        { exclude: { keyAliases: ['alpha'] } },
        { exclude: { keyAliases: [''], errorTypes: ['Timeout'] } },
        { models: ['gpt-4o'], exclude: { teamAliases: ['research'], statusCodes: ['429'] } },
      ];
      for (const extra of cases) {
        const t = await run(dbName, extra);
        const inv = await investigate(
          database(dbName),
          Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, ...extra }),
          { now: NOW },
        );
        expect(t.summary.failed, JSON.stringify(extra)).toBe(inv.total);
        expect(t.requests.filter((r) => r.status === 'failure').length).toBe(inv.total);
      }
      expect((await run(dbName)).summary.failed).toBe(EXPECTED_ERROR_IDS.length);
    });
  }

  it('breakdowns add up, carry p95 over their own rows and the change against the period before', async () => {
    const t = await run('modern');
    for (const list of [t.byModel, t.byDeployment, t.byKeyAlias, t.byTeam, t.byEndUser]) {
      expect(list.reduce((s, i) => s + i.requests, 0)).toBe(t.summary.requests);
      expect(list.reduce((s, i) => s + i.failed, 0)).toBe(t.summary.failed);
      expect(list.reduce((s, i) => s + i.spend, 0)).toBeCloseTo(t.summary.spend, 9);
      expect([...list].sort((a, b) => b.requests - a.requests).map((i) => i.requests)).toEqual(
        list.map((i) => i.requests),
      );
    }
    const [p95] = (
      await server.exec(
        `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY COALESCE(request_duration_ms, EXTRACT(EPOCH FROM ("endTime" - "startTime")) * 1000)) AS p
           FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2 AND model = 'azure/gpt-4o-eu' AND api_base = 'https://eu.example/'`,
        [RANGE.from.replace('Z', ''), RANGE.to.replace('Z', '')],
        'modern',
      )
    ).rows;
    const eu = t.byDeployment.find(
      (d) => d.deployment === 'azure/gpt-4o-eu' && d.apiBase === 'https://eu.example/',
    )!;
    expect(eu.p95Ms).toBeCloseTo(Number(p95!.p), 1);
    const gpt4o = t.byModel.find((m) => m.model === 'gpt-4o')!;
    expect(gpt4o.previous).toMatchObject({ requests: 3, failed: 2 });
    expect(t.byModel.find((m) => m.model === 'llama-local')!.previous).toBeNull();
    const users = new Map(t.byEndUser.map((u) => [u.endUser, u.requests]));
    expect(users.get('u-1')).toBe(2);
    expect(users.get('u-2')).toBe(1);
  });

  it('the series covers every bucket of the range and sums to the summary', async () => {
    const t = await run('modern');
    expect([t.query.granularity, t.query.bucketSeconds]).toEqual(['auto', 60]);
    expect(t.series).toHaveLength(120);
    expect(t.series[0]!.bucket).toBe(RANGE.from);
    expect(t.series.reduce((s, p) => s + p.requests, 0)).toBe(t.summary.requests);
    expect(t.series.reduce((s, p) => s + p.failed, 0)).toBe(t.summary.failed);
    const hourly = await traffic(database('modern'), filters(), {
      now: NOW,
      prices: PRICES,
      granularity: 'hour',
    });
    expect(hourly.series.map((p) => p.requests).reduce((a, b) => a + b, 0)).toBe(t.summary.requests);
    expect(hourly.series).toHaveLength(2);
  });

  it('"≠ value" splits the requests with "= value": every request is in one of the two', async () => {
    const all = await run('modern');
    for (const [field, value] of [
      ['keyAliases', 'alpha'],
      ['models', 'gpt-4o'],
      ['teamAliases', 'research'],
    ] as const) {
      const only = await run('modern', { [field]: [value] });
      const others = await run('modern', { exclude: { [field]: [value] } });
      expect(only.summary.requests, value).toBeGreaterThan(0);
      expect(others.summary.requests, value).toBeGreaterThan(0);
      expect(only.summary.requests + others.summary.requests, value).toBe(all.summary.requests);
      expect(only.summary.failed + others.summary.failed, value).toBe(all.summary.failed);
    }
    // An excluded error type narrows the failures only: successful requests are not of that type.
    const noTimeouts = await run('modern', { exclude: { errorTypes: ['Timeout'] } });
    expect(noTimeouts.summary.requests - noTimeouts.summary.failed).toBe(
      all.summary.requests - all.summary.failed,
    );
    expect(noTimeouts.summary.failed).toBeLessThan(all.summary.failed);
  });

  it('the missing value ("(no key alias)", "(no team alias)") filters every request, not only the failures', async () => {
    const all = await run('modern');
    for (const field of ['keyAliases', 'teamAliases'] as const) {
      const missing = await run('modern', { [field]: [MISSING_VALUE] });
      const others = await run('modern', { exclude: { [field]: [MISSING_VALUE] } });
      // Successful requests without the value exist in the fixture: the filter must keep them.
      expect(missing.summary.requests - missing.summary.failed, field).toBeGreaterThan(0);
      expect(missing.summary.requests + others.summary.requests, field).toBe(all.summary.requests);
      expect(missing.summary.failed + others.summary.failed, field).toBe(all.summary.failed);
      const inv = await investigate(
        database('modern'),
        Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, [field]: [MISSING_VALUE] }),
        { now: NOW },
      );
      expect(missing.summary.failed, field).toBe(inv.total);
    }
  });

  it('filters by end user, session, deployment and outcome', async () => {
    expect((await run('modern', { endUsers: ['u-1'] })).summary.requests).toBe(2);
    expect((await run('modern', { sessionIds: ['s-1'] })).summary.requests).toBe(2);
    const us = await run('modern', { deployments: ['https://us.example/'] });
    expect(us.requests.map((r) => r.requestId)).toEqual(['zero-spend']);
    const all = await run('modern');
    const ok = await run('modern', { outcome: 'success' });
    const bad = await run('modern', { outcome: 'failure' });
    expect(ok.summary.failed).toBe(0);
    expect(bad.summary.requests).toBe(all.summary.failed);
    expect(ok.summary.requests + bad.summary.requests).toBe(all.summary.requests);
  });

  it('pages every request (successful ones too) with a keyset cursor in any sort order', async () => {
    const all = await run('modern');
    expect(all.requests.some((r) => r.status === 'success')).toBe(true);
    const ok = all.requests.find((r) => r.requestId === 'stream-ok')!;
    expect(ok).toMatchObject({
      status: 'success',
      errorType: null,
      endUser: 'u-1',
      sessionId: 's-1',
      ttftMs: 300,
      spend: 0.01,
      durationMs: 1200,
    });
    expect(all.requests.find((r) => r.requestId === 'zero-spend')).toMatchObject({
      spendEstimated: true,
      ttftMs: null,
    });
    for (const sort of ['time', 'durationMs', 'totalTokens', 'spend'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen: TrafficRequest[] = [];
        let cursor: string | null = null;
        do {
          const page = await trafficRequests(
            database('modern'),
            filters(),
            { sort, direction, cursor, limit: 4 },
            { now: NOW, prices: PRICES },
          );
          seen.push(...page.requests);
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen.map((r) => r.requestId).sort()).toEqual(all.requests.map((r) => r.requestId).sort());
        expect(new Set(seen.map((r) => r.requestId)).size).toBe(seen.length);
      }
    }
    const byTime = all.requests.map((r) => r.time);
    expect([...byTime].sort().reverse()).toEqual(byTime);
  });

  it('refuses a series granularity that would build too many buckets, and a forged cursor, naming the field', async () => {
    const year = TrafficFilters.parse({ timeRange: { kind: 'relative', last: '365d' } });
    await expect(
      traffic(database('modern'), year, { now: NOW, prices: PRICES, granularity: 'minute' }),
    ).rejects.toThrow(/granularity/);
    await expect(
      trafficRequests(
        database('modern'),
        filters(),
        { sort: 'time', direction: 'desc', cursor: 'not-a-cursor', limit: 5 },
        { now: NOW, prices: PRICES },
      ),
    ).rejects.toThrow(/cursor/);
  });
});
