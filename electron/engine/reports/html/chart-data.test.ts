import { describe, expect, it } from 'vitest';
import { axisTicks, bucketLabel, labelIndices, niceStep, stackTimeline, topWithOther } from './chart-data.ts';

const items = (...counts: number[]) => counts.map((count, i) => ({ label: `m${i}`, count }));

describe('topWithOther', () => {
  it('keeps every entry, largest first, when they fit', () => {
    expect(topWithOther([{ label: 'b', count: 1 }, { label: 'a', count: 5 }], 3)).toEqual([
      { label: 'a', count: 5, other: false },
      { label: 'b', count: 1, other: false },
    ]);
  });

  it('folds the rest into one "Other" bar so there are never more than n bars, and keeps the sum', () => {
    const bars = topWithOther(items(1, 9, 3, 7, 2, 5), 4);
    expect(bars.map((b) => b.label)).toEqual(['m1', 'm3', 'm5', 'Other (3 more)']);
    expect(bars.at(-1)).toEqual({ label: 'Other (3 more)', count: 6, other: true });
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(27);
  });

  it('orders ties by label so the chart is stable from run to run', () => {
    expect(topWithOther([{ label: 'z', count: 2 }, { label: 'a', count: 2 }], 5).map((b) => b.label)).toEqual(['a', 'z']);
  });

  it('draws nothing for n = 0 and nothing from nothing', () => {
    expect(topWithOther(items(3), 0)).toEqual([]);
    expect(topWithOther([], 5)).toEqual([]);
  });
});

describe('axis ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(13)).toBe(5);
    expect(niceStep(800)).toBe(200);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(2)).toBe(1); // never a fractional count of errors
  });

  it('runs from 0 to the first tick at or above the maximum', () => {
    expect(axisTicks(13)).toEqual([0, 5, 10, 15]);
    expect(axisTicks(672)).toEqual([0, 200, 400, 600, 800]);
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(20)).toEqual([0, 5, 10, 15, 20]);
  });
});

describe('bucket labels (UTC)', () => {
  it('shows the date where the day changes and the time alone within a day', () => {
    expect(bucketLabel('2026-03-10T14:05:00.000Z', 300)).toBe('Mar 10 14:05');
    expect(bucketLabel('2026-03-10T14:10:00.000Z', 300, '2026-03-10T14:05:00.000Z')).toBe('14:10');
    expect(bucketLabel('2026-03-11T00:00:00.000Z', 3600, '2026-03-10T23:00:00.000Z')).toBe('Mar 11 00:00');
  });

  it('shows days alone for day-wide buckets', () => {
    expect(bucketLabel('2026-12-31T00:00:00.000Z', 86_400, '2026-12-30T00:00:00.000Z')).toBe('Dec 31');
  });

  it('labels at most the asked number of buckets, evenly, starting with the first', () => {
    expect(labelIndices(120, 7)).toEqual([0, 18, 36, 54, 72, 90, 108]);
    expect(labelIndices(3, 7)).toEqual([0, 1, 2]);
    expect(labelIndices(0)).toEqual([]);
  });
});

describe('stackTimeline', () => {
  const buckets = ['t0', 't1', 't2'];
  const points = [
    { bucket: 't0', model: 'a', count: 5 },
    { bucket: 't1', model: 'a', count: 1 },
    { bucket: 't1', model: 'b', count: 4 },
    { bucket: 't2', model: 'c', count: 2 },
    { bucket: 't2', model: 'd', count: 1 },
    { bucket: 'outside', model: 'a', count: 100 },
  ];

  it('gives the largest models their own series and folds the rest into "Other models"', () => {
    const s = stackTimeline(buckets, points, 3);
    expect(s.series.map((x) => [x.name, x.values, x.other])).toEqual([
      ['a', [5, 1, 0], false],
      ['b', [0, 4, 0], false],
      ['Other models', [0, 0, 3], true],
    ]);
  });

  it('keeps per-bucket totals equal to the input, ignoring points outside the buckets', () => {
    const s = stackTimeline(buckets, points, 2);
    expect(s.totals).toEqual([5, 5, 3]);
    expect(s.series).toHaveLength(2);
  });

  it('has no series and zero totals for an empty range', () => {
    expect(stackTimeline(buckets, [], 5)).toEqual({ buckets, series: [], totals: [0, 0, 0] });
  });
});
