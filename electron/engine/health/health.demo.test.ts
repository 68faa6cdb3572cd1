import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPlatform } from '../../test-support/test-platform.ts';
import { createEngine, type Engine } from '../engine.ts';

let engine: Engine;
const DAY = 86_400_000;

beforeAll(() => {
  engine = createEngine(testPlatform());
});

afterAll(async () => {
  await engine?.close();
});

describe('the health check on the demo (PGlite)', () => {
  it("finds the demo's deliberate logging gap and the daily entry it left out", async () => {
    const now = engine.context.platform.now();
    const r = await engine.call('health.check', {
      source: { kind: 'demo' },
      timeRange: { kind: 'relative', last: '7d' },
    });
    const gap = r.findings.find((f) => f.kind === 'gap')!;
    expect(gap.count).toBe(1);
    // 15 minutes about three days before now (a cached snapshot moves forward by whole minutes; the minutes beside it may be empty by chance).
    const gapFrom = Date.parse(gap.touches!.from);
    expect(Math.abs(gapFrom - (now - 3 * DAY))).toBeLessThan(2 * 3_600_000);
    expect(Date.parse(gap.touches!.to) - gapFrom).toBeGreaterThanOrEqual(15 * 60_000);
    expect(r.reconciliation.filter((x) => x.cause === 'gap').length).toBeGreaterThan(0);
    // The busiest DailyUserSpend entry of two days ago is missing: SpendLogs holds requests it lacks.
    const days = [2, 3].map((n) => new Date(now - n * DAY).toISOString().slice(0, 10));
    const missing = r.reconciliation.filter(
      (x) => x.table === 'LiteLLM_DailyUserSpend' && days.includes(x.day) && x.daily.requests === 0,
    );
    expect(missing.map((x) => x.cause)).toEqual(['missing_entry']);
    expect(missing[0]!.spendLogs.requests).toBeGreaterThan(10);
    expect(
      r.findings.filter((f) => f.title.startsWith('"LiteLLM_DailyUserSpend" has no entry for')),
    ).toHaveLength(1);
    expect(r.tables.find((t) => t.table === 'LiteLLM_SpendLogs')!.totalBytes).toBeGreaterThan(0);
    expect(r.notVisible).toEqual([]);
    // The snapshot's shift to now rewrites every row; the demo vacuums after it, so no dead rows show.
    expect(r.findings.filter((f) => f.kind === 'bloat')).toEqual([]);
    expect(r.timings.totalMs).toBeLessThan(60_000);
  }, 180_000);
});
