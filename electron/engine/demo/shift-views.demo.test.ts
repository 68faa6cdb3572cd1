import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { SHARED_CACHE } from '../../test-support/run-cli.ts';
import { TEST_NOW } from '../../test-support/test-clock.ts';
import { PgliteDatabase } from '../db/pglite-database.ts';
import { healthCheck } from '../health/health-check.ts';
import { computeInsights } from '../insights/insights.ts';
import { investigate } from '../sources/litellm/investigate.ts';
import { LiteLLMSource } from '../sources/litellm/litellm-source.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { traffic } from '../traffic/traffic.ts';
import { createDemoDatabase } from './demo-database.ts';
import { META_TABLE, SHIFTED_SCHEMA } from './shift-views.ts';

/**
 * The demo opened through its shift views answers exactly as the same snapshot shifted the old way
 * (every row rewritten by UPDATE, then VACUUM) at the same pinned now: investigation, patterns and
 * spikes, traffic from request logs and from the daily tables, and the health check.
 */
const MINUTE = 60_000;
const DAY = 86_400_000;
// The snapshot is made at TEST_NOW (global setup); a shift of days, hours and minutes moves it.
const NOW = TEST_NOW + 2 * DAY + 3 * 3_600_000 + 41 * MINUTE;

/** The previous open: tables back under LiteLLM's names, every timestamp rewritten (demo-database.ts before the views). */
async function shiftedTheOldWay(now: number): Promise<PgliteDatabase> {
  const viewed = await createDemoDatabase({ now, cacheDir: SHARED_CACHE });
  const db = await PGlite.create({ loadDataDir: await viewed.db.dumpDataDir('none') });
  await viewed.close();
  const tables = [
    'LiteLLM_SpendLogs',
    'LiteLLM_ErrorLogs',
    'LiteLLM_DailyUserSpend',
    'LiteLLM_DailyTeamSpend',
  ];
  for (const t of tables)
    await db.exec(`DROP VIEW public."${t}"; ALTER TABLE ${SHIFTED_SCHEMA}."${t}" SET SCHEMA public;`);
  const { rows } = await db.query<{ generated_at: string }>(`SELECT generated_at FROM ${META_TABLE}`);
  const minutes = Math.floor((now - Number(rows[0]!.generated_at)) / MINUTE);
  const by = [`${minutes} minutes`];
  await db.transaction(async (tx) => {
    for (const table of ['LiteLLM_SpendLogs', 'LiteLLM_ErrorLogs']) {
      await tx.query(
        `UPDATE "${table}" SET "startTime" = "startTime" + $1::interval, "endTime" = "endTime" + $1::interval`,
        by,
      );
    }
    await tx.query(
      `UPDATE "LiteLLM_SpendLogs" SET "completionStartTime" = "completionStartTime" + $1::interval`,
      by,
    );
    const days = [String(Math.floor(minutes / 1440))];
    for (const table of ['LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend']) {
      await tx.query(`UPDATE "${table}" SET date = to_char(date::date + $1::int, 'YYYY-MM-DD')`, days);
    }
  });
  await db.exec('VACUUM ANALYZE');
  return new PgliteDatabase(db);
}

/** The answers the screens show, without timings and physical sizes (a rewritten table is larger on disk). */
async function answers(db: PgliteDatabase) {
  const filters = Filters.parse({ timeRange: { kind: 'relative', last: '7d' }, limit: 200 });
  const inv = await investigate(db, filters, { now: NOW });
  const query = resolveQuery(filters, NOW);
  const insights = await computeInsights(new LiteLLMSource(db), 'inv', query);
  const weekTraffic = await traffic(
    db,
    TrafficFilters.parse({ timeRange: { kind: 'relative', last: '7d' } }),
    { now: NOW, prices: DEFAULT_PRICES, basis: 'spend_logs' },
  );
  const days = {
    kind: 'absolute' as const,
    from: new Date(Math.floor(NOW / DAY) * DAY - 6 * DAY).toISOString(),
    to: new Date(Math.floor(NOW / DAY) * DAY).toISOString(),
  };
  const dailyTraffic = await traffic(db, TrafficFilters.parse({ timeRange: days }), {
    now: NOW,
    prices: DEFAULT_PRICES,
    basis: 'daily',
    granularity: 'day',
  });
  const health = await healthCheck(
    db,
    { from: new Date(NOW - 7 * DAY).toISOString(), to: new Date(NOW).toISOString() },
    { now: NOW },
  );
  const withoutTimes = <T extends object>(o: T) =>
    JSON.parse(
      JSON.stringify(o, (k, v: unknown) =>
        /^(timings|elapsedMs|tookMs|durationMs)$/.test(k) ? undefined : v,
      ),
    ) as T;
  return {
    investigation: withoutTimes(inv),
    insights: withoutTimes({ ...insights, investigationId: undefined }),
    weekTraffic: withoutTimes(weekTraffic),
    dailyTraffic: withoutTimes(dailyTraffic),
    health: withoutTimes({
      findings: health.findings.map((f) => ({
        ...f,
        details: f.kind === 'bloat' || f.kind === 'json_weight' ? [] : f.details,
      })),
      reconciliation: health.reconciliation,
      rows: health.tables.map((t) => ({
        table: t.table,
        rowsEstimate: t.rowsEstimate,
        partitioned: t.partitioned,
      })),
      notVisible: health.notVisible,
    }),
  };
}

/** Sums of floats follow the rows' physical order, which the rewrite changed: equal to 6 decimals. */
function nearly(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return expect.closeTo(value, 6);
  if (Array.isArray(value)) return value.map(nearly);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nearly(v)]));
  return value;
}

let viewed: PgliteDatabase;
let rewritten: PgliteDatabase;

beforeAll(async () => {
  viewed = await createDemoDatabase({ now: NOW, cacheDir: SHARED_CACHE });
  rewritten = await shiftedTheOldWay(NOW);
}, 300_000);

afterAll(async () => {
  await viewed?.close();
  await rewritten?.close();
});

describe('the demo shifted to now by views', () => {
  it('answers as the snapshot rewritten row by row at the same pinned now', async () => {
    const before = await answers(rewritten);
    const after = await answers(viewed);
    // The data reach the screens: a week of errors, the incident, daily totals, the deliberate gap.
    expect(before.investigation.total).toBeGreaterThan(500);
    expect(before.dailyTraffic.basis).toBe('daily');
    expect(before.health.findings.map((f) => f.kind)).toContain('gap');
    expect(after).toEqual(nearly(before));
  }, 300_000);

  it('reports the tables behind the views: their indexes, sizes and unique request ids', async () => {
    const health = await healthCheck(
      viewed,
      { from: new Date(NOW - DAY).toISOString(), to: new Date(NOW).toISOString() },
      { now: NOW },
    );
    expect(health.findings.filter((f) => f.kind === 'missing_index' || f.kind === 'duplicate_ids')).toEqual(
      [],
    );
    expect(health.tables.find((t) => t.table === 'LiteLLM_SpendLogs')!.totalBytes).toBeGreaterThan(1_000_000);
  }, 300_000);
});
