import { describe, expect, it } from 'vitest';
import { findGaps } from './gaps.ts';

const FROM = Date.parse('2026-03-10T00:00:00Z');
const series = (perMinute: (i: number) => number, minutes: number) =>
  new Map(
    Array.from({ length: minutes }, (_, i) => [FROM + i * 60_000, perMinute(i)] as const).filter(
      ([, n]) => n > 0,
    ),
  );

describe('findGaps', () => {
  it('finds empty minutes amid steady traffic, with the rate around them', () => {
    const gaps = findGaps(
      series((i) => (i >= 60 && i < 70 ? 0 : 3), 180),
      FROM,
      FROM + 180 * 60_000,
    );
    expect(gaps).toEqual([
      {
        from: '2026-03-10T01:00:00.000Z',
        to: '2026-03-10T01:10:00.000Z',
        minutes: 10,
        ratePerMinute: 3,
        expectedMissing: 30,
      },
    ]);
  });

  it('leaves alone silence at the start or end of the range, sparse traffic and a run the rate makes ordinary', () => {
    expect(
      findGaps(
        series((i) => (i < 40 ? 0 : 3), 120),
        FROM,
        FROM + 120 * 60_000,
      ),
    ).toEqual([]);
    expect(
      findGaps(
        series((i) => (i > 100 ? 0 : 3), 120),
        FROM,
        FROM + 120 * 60_000,
      ),
    ).toEqual([]);
    // After the silence the traffic turns sparse (most minutes empty): a quiet night, not lost rows.
    expect(
      findGaps(
        series((i) => (i < 60 ? 4 : i < 80 ? 0 : i % 3 === 0 ? 1 : 0), 180),
        FROM,
        FROM + 180 * 60_000,
      ),
    ).toEqual([]);
    // Four empty minutes at one request a minute happen by chance (e^-4).
    expect(
      findGaps(
        series((i) => (i >= 60 && i < 64 ? 0 : 1), 180),
        FROM,
        FROM + 180 * 60_000,
      ),
    ).toEqual([]);
  });
});
