import { describe, expect, it } from 'vitest';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { resolveTrafficQuery } from './traffic-query.ts';
import { resolveQuery } from '../query/resolve-query.ts';

const over = (from: string, to: string) =>
  TrafficFilters.parse({ timeRange: { kind: 'absolute', from, to } });

describe('resolveTrafficQuery: a granularity with too many buckets says what to do (issue 18, defect 10)', () => {
  it('names the coarser granularities that fit (11 months: 8,000 hours is too many as well)', () => {
    expect(() =>
      resolveTrafficQuery(over('2026-01-01T00:00:00Z', '2026-12-01T00:00:00Z'), {
        now: Date.parse('2026-12-01T00:00:00Z'),
        granularity: 'minute',
        currency: 'USD',
      }),
    ).toThrow(
      'granularity: "minute" gives more than 5000 buckets over this range; choose day, week or month',
    );
  });

  it('over 0001–9999, where even month is too fine, says to narrow the range instead', () => {
    for (const granularity of ['month', 'day'] as const) {
      expect(() =>
        resolveTrafficQuery(over('0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z'), {
          now: Date.parse('9999-12-31T00:00:00Z'),
          granularity,
          currency: 'USD',
        }),
      ).toThrow(
        /gives more than 5000 buckets over this range, and month is the coarsest: narrow the range to at most 5000 months \(about 416 years\)$/,
      );
    }
  });

  it("without a granularity follows the Errors timeline's rule, which fits any range (issue 24 item 7)", () => {
    const range = over('0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z');
    const now = Date.parse('9999-12-31T00:00:00Z');
    const q = resolveTrafficQuery(range, { now, currency: 'USD' });
    expect([q.granularity, q.bucketSeconds]).toEqual(['auto', resolveQuery(range, now).bucketSeconds]);
  });
});
