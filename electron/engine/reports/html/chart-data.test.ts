import { describe, expect, it } from 'vitest';
import { axisTicks, bucketLabel, labelIndices, niceStep } from './chart-data.ts';

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
