import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, type FiltersInput } from '../../../shared/filters.ts';
import type { Dialect } from '../../../shared/source-mapping.ts';
import { TrafficFilters, type TrafficFiltersInput } from '../../../shared/traffic.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { RANGE2D } from '../../test-support/upstream-call-logs.ts';
import { upstreamStatements } from '../../test-support/upstream-ddl.ts';
import { openCallSource } from './open-mapped.ts';

const NOW = Date.parse(RANGE2D.to);

/**
 * The three call-log systems as their frameworks create them, opened with no hand mapping on every
 * engine, each figure against independent SQL run in that engine.
 */
let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines(upstreamStatements);
});
afterAll(async () => engines?.stop());

const DIALECTS: Dialect[] = ['postgres', 'mysql', 'sqlite'];
const open = (dialect: Dialect, table: string) => openCallSource(engines.open(dialect), { table });
const investigate = async (dialect: Dialect, table: string, extra: FiltersInput = {}) =>
  (await open(dialect, table)).investigate(
    Filters.parse({ timeRange: { kind: 'absolute', ...RANGE2D }, limit: 1000, ...extra }),
    { now: NOW },
  );
const usage = async (dialect: Dialect, table: string, extra: TrafficFiltersInput = {}) =>
  (await open(dialect, table)).traffic(
    TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE2D }, ...extra }),
    {
      now: NOW,
      prices: DEFAULT_PRICES,
      page: { sort: 'time', direction: 'desc', cursor: null, limit: 1000 },
    },
  );

/** The range on a time column, as each engine compares it (PostgreSQL's timestamptz with its offset). */
function inRange(dialect: Dialect, column: string, tz: boolean): string {
  const [from, to] = [RANGE2D.from, RANGE2D.to].map((t) => t.replace('T', ' ').replace('.000Z', ''));
  const z = dialect === 'postgres' && tz ? '+00' : '';
  return `${column} >= '${from}${z}' AND ${column} < '${to}${z}'`;
}
const dateOf = (dialect: Dialect, column: string) =>
  dialect === 'postgres'
    ? `CAST((${column} AT TIME ZONE 'UTC') AS date)`
    : dialect === 'mysql'
      ? `DATE(${column})`
      : `date(${column})`;
const oracle = (dialect: Dialect, sql: string) => engines.oracle[dialect](sql);
const n = (v: unknown) => Number(v ?? 0);
/** Rows of (k, n) as a map, NULL keys as null. */
const counts = (rows: Record<string, unknown>[]) =>
  Object.fromEntries(rows.map((r) => [String(r.k ?? null), n(r.n)]));

describe.each(DIALECTS)('upstream call-log shapes on %s, no --map', (dialect) => {
  const CALLS = `llm_llmcalllog c WHERE ${inRange(dialect, 'c.request_timestamp', true)}`;
  const FAILED = `c.status NOT IN ('success', 'pending', 'processing') AND c.status <> ''`;

  it('LLMCallLog: failures, in flight, requests, tokens and the key breakdown by user name', async () => {
    const [want] = await oracle(
      dialect,
      `SELECT count(*) AS requests, sum(CASE WHEN ${FAILED} THEN 1 ELSE 0 END) AS failed,
              sum(CASE WHEN c.status IN ('pending', 'processing') THEN 1 ELSE 0 END) AS in_flight,
              sum(c.total_tokens) AS total_tokens, sum(c.prompt_tokens) AS prompt_tokens FROM ${CALLS}`,
    );
    const result = await usage(dialect, 'llm_llmcalllog');
    expect(result.summary).toMatchObject({
      requests: n(want!.requests),
      failed: n(want!.failed),
      inFlight: n(want!.in_flight),
      totalTokens: n(want!.total_tokens),
      promptTokens: n(want!.prompt_tokens),
    });
    expect((await investigate(dialect, 'llm_llmcalllog')).total).toBe(n(want!.failed));
    const byUser = await oracle(
      dialect,
      `SELECT u.username AS k, count(*) AS n FROM llm_llmcalllog c LEFT JOIN auth_user u ON u.id = c.user_id WHERE ${inRange(dialect, 'c.request_timestamp', true)} GROUP BY u.username`,
    );
    expect(Object.fromEntries(result.byKeyAlias.map((k) => [String(k.keyAlias), k.requests]))).toEqual(
      counts(byUser),
    );
  });

  it('LLMCallLog: a recorded cost is the spend; the price row in force prices the rest; one total per currency', async () => {
    const rows = await oracle(
      dialect,
      `WITH priced AS (
         SELECT c.estimated_cost, c.prompt_tokens, c.completion_tokens, p.input_price_per_1k AS pin, p.output_price_per_1k AS pout, p.currency,
                ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY p.effective_date DESC, p.input_price_per_1k DESC) AS rn
           FROM llm_llmcalllog c
           LEFT JOIN llm_llmmodelprice p ON p.model_name = c.model_name AND p.is_active AND p.effective_date <= ${dateOf(dialect, 'c.request_timestamp')}
          WHERE ${inRange(dialect, 'c.request_timestamp', true)})
       SELECT COALESCE(currency, 'USD') AS k,
              sum(COALESCE(estimated_cost, CASE WHEN COALESCE(prompt_tokens, 0) + COALESCE(completion_tokens, 0) > 0
                  THEN (COALESCE(prompt_tokens, 0) * pin + COALESCE(completion_tokens, 0) * pout) / 1000 END, 0)) AS n
         FROM priced WHERE rn = 1 GROUP BY COALESCE(currency, 'USD')`,
    );
    const want = Object.fromEntries(rows.map((r) => [String(r.k), Math.round(n(r.n) * 1e9) / 1e9]));
    expect(Object.keys(want).sort()).toEqual(['CNY', 'USD']);
    const result = await usage(dialect, 'llm_llmcalllog');
    const got = Object.fromEntries((result.summary.spendByCurrency ?? []).map((m) => [m.currency, m.spend]));
    expect(Object.keys(got).sort()).toEqual(['CNY', 'USD']);
    for (const currency of ['CNY', 'USD']) expect(got[currency]).toBeCloseTo(want[currency]!, 9);
    // Never added: `spend` is the USD total alone, and says so.
    expect(result.query.currency).toBe('USD');
    expect(result.summary.spend).toBeCloseTo(want.USD!, 9);
    expect(result.notes.join(' ')).toMatch(/USD only.*CNY/);
  });

  it('llm_tracker_usage: failures, tokens and the key breakdown by auth_user.username', async () => {
    const TRACKER = `llm_tracker_usage t WHERE ${inRange(dialect, 't.created_at', true)}`;
    const [want] = await oracle(
      dialect,
      `SELECT count(*) AS requests, sum(CASE WHEN t.success THEN 0 ELSE 1 END) AS failed, sum(t.total_tokens) AS total_tokens, sum(t.cached_tokens) AS cached FROM ${TRACKER}`,
    );
    const result = await usage(dialect, 'llm_tracker_usage');
    expect(result.summary).toMatchObject({
      requests: n(want!.requests),
      failed: n(want!.failed),
      totalTokens: n(want!.total_tokens),
      cachedTokens: n(want!.cached),
    });
    const byUser = await oracle(
      dialect,
      `SELECT u.username AS k, count(*) AS n FROM llm_tracker_usage t LEFT JOIN auth_user u ON u.id = t.user_id WHERE ${inRange(dialect, 't.created_at', true)} GROUP BY u.username`,
    );
    expect(Object.fromEntries(result.byKeyAlias.map((k) => [String(k.keyAlias), k.requests]))).toEqual(
      counts(byUser),
    );
  });

  it('router request_logs: no HTTP code with an error is a failure; providers by name through providers.name', async () => {
    const FAIL = `(r.status_code NOT BETWEEN 200 AND 399 OR (r.status_code IS NULL AND COALESCE(r.error_message, '') <> ''))`;
    const WHERE = inRange(dialect, 'r.created_at', false);
    const [want] = await oracle(
      dialect,
      `SELECT count(*) AS requests, sum(CASE WHEN ${FAIL} THEN 1 ELSE 0 END) AS failed, sum(r.total_tokens) AS total_tokens FROM request_logs r WHERE ${WHERE}`,
    );
    const result = await usage(dialect, 'request_logs');
    expect(result.summary).toMatchObject({
      requests: n(want!.requests),
      failed: n(want!.failed),
      totalTokens: n(want!.total_tokens),
    });
    const investigation = await investigate(dialect, 'request_logs');
    expect(investigation.total).toBe(n(want!.failed));
    const byProvider = await oracle(
      dialect,
      `SELECT p.name AS k, count(*) AS n FROM request_logs r LEFT JOIN providers p ON p.id = r.provider_id WHERE ${WHERE} AND ${FAIL} GROUP BY p.name`,
    );
    const got: Record<string, number> = {};
    for (const e of investigation.errors) got[String(e.provider)] = (got[String(e.provider)] ?? 0) + 1;
    expect(got).toEqual(counts(byProvider));
    // The provider breakdown: the same names and counts.
    expect(
      Object.fromEntries((investigation.byProvider ?? []).map((p) => [String(p.provider), p.count])),
    ).toEqual(counts(byProvider));
  });

  it("LLMTokenUsage (date, hour, period) is found, and its whole-day figures equal the call log's", async () => {
    // The roll-ups hold only calls with a user (the FK is NOT NULL): compare those.
    const users = { keyAliases: ['alice', 'bob', 'carol'] };
    const db = await open(dialect, 'llm_llmcalllog');
    const options = {
      prices: DEFAULT_PRICES,
      page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
    } as const;
    const filters = TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE2D }, ...users });
    const daily = await db.traffic(filters, { now: NOW, ...options, basis: 'daily' });
    const calls = await db.traffic(filters, { now: NOW, ...options, basis: 'spend_logs' });
    expect(daily.basis).toBe('daily');
    expect(calls.summary.requests).toBeGreaterThan(0);
    const figures = (t: typeof daily) => ({
      requests: t.summary.requests,
      failed: t.summary.failed,
      totalTokens: t.summary.totalTokens,
      promptTokens: t.summary.promptTokens,
    });
    expect(figures(daily)).toEqual(figures(calls));
    expect(Object.fromEntries(daily.byKeyAlias.map((k) => [k.keyAlias, k.requests]))).toEqual(
      Object.fromEntries(calls.byKeyAlias.map((k) => [k.keyAlias, k.requests])),
    );
  });

  it('empty-value filters: NULL and empty match "(none)" for key, model and status code on every shape', async () => {
    const cases: [string, FiltersInput, string][] = [
      [
        'llm_llmcalllog',
        { keyAliases: [''] },
        `SELECT count(*) AS n FROM ${CALLS} AND ${FAILED} AND c.user_id IS NULL`,
      ],
      [
        'llm_llmcalllog',
        { models: [''] },
        `SELECT count(*) AS n FROM ${CALLS} AND ${FAILED} AND COALESCE(c.model_name, '') = ''`,
      ],
      [
        'llm_llmcalllog',
        { statusCodes: [''] },
        `SELECT count(*) AS n FROM ${CALLS} AND ${FAILED} AND COALESCE(c.error_code, '') = ''`,
      ],
      [
        'llm_tracker_usage',
        { keyAliases: [''] },
        `SELECT count(*) AS n FROM llm_tracker_usage t WHERE ${inRange(dialect, 't.created_at', true)} AND NOT t.success AND t.user_id IS NULL`,
      ],
      [
        'llm_tracker_usage',
        { models: [''] },
        `SELECT count(*) AS n FROM llm_tracker_usage t WHERE ${inRange(dialect, 't.created_at', true)} AND NOT t.success AND COALESCE(t.model, '') = ''`,
      ],
      [
        'request_logs',
        { keyAliases: [''] },
        `SELECT count(*) AS n FROM request_logs r WHERE ${inRange(dialect, 'r.created_at', false)} AND (r.status_code NOT BETWEEN 200 AND 399 OR r.status_code IS NULL) AND COALESCE(r.user_id, '') = ''`,
      ],
      [
        'request_logs',
        { models: [''] },
        `SELECT count(*) AS n FROM request_logs r WHERE ${inRange(dialect, 'r.created_at', false)} AND (r.status_code NOT BETWEEN 200 AND 399 OR r.status_code IS NULL) AND COALESCE(r.model, '') = ''`,
      ],
      [
        'request_logs',
        { statusCodes: [''] },
        `SELECT count(*) AS n FROM request_logs r WHERE ${inRange(dialect, 'r.created_at', false)} AND r.status_code IS NULL AND COALESCE(r.error_message, '') <> ''`,
      ],
    ];
    for (const [table, filter, sql] of cases) {
      const [want] = await oracle(dialect, sql);
      expect(n(want!.n), `${table} ${JSON.stringify(filter)}: the fixture has such failures`).toBeGreaterThan(
        0,
      );
      expect((await investigate(dialect, table, filter)).total, `${table} ${JSON.stringify(filter)}`).toBe(
        n(want!.n),
      );
    }
  });
});
