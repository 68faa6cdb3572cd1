import { describe, expect, it } from 'vitest';
import { TrafficFilters, type Granularity } from '../../../../shared/traffic.ts';
import { resolveTrafficQuery } from '../../traffic/traffic-query.ts';
import { rollupPeriod, type RollupTable } from './rollups.ts';

const MONTH = TrafficFilters.parse({
  timeRange: { kind: 'absolute', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
});
const table = (...periods: string[]): RollupTable => ({
  table: 'app_llmtokenusage',
  columns: new Map(),
  periods: new Set(periods),
});
const query = (granularity?: Granularity) =>
  resolveTrafficQuery(MONTH, { now: Date.parse('2026-12-01T00:00:00Z'), granularity, currency: 'USD' });

describe('which roll-up period answers a series (issue 24 item 7)', () => {
  it("one that fills the range's buckets, else, without a chosen granularity, a coarser one rather than every row", () => {
    expect(query().bucketSeconds).toBe(6 * 3600);
    expect(rollupPeriod(table('day', 'hour'), query())).toEqual({ period: 'hour', coarser: false });
    expect(rollupPeriod(table('day'), query())).toEqual({ period: 'day', coarser: true });
    expect(rollupPeriod(table('day'), query('day'))).toEqual({ period: 'day', coarser: false });
  });

  it('a chosen granularity finer than the roll-ups is never coarsened', () => {
    expect(rollupPeriod(table('day'), query('hour'))).toHaveProperty('reason');
    const day = resolveTrafficQuery(
      TrafficFilters.parse({
        timeRange: { kind: 'absolute', from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' },
      }),
      { now: Date.parse('2026-11-21T00:00:00Z'), granularity: 'minute', currency: 'USD' },
    );
    expect(rollupPeriod(table('day', 'hour'), day)).toHaveProperty('reason');
  });
});
