import { describe, expect, it } from 'vitest';
import { bucketWindow } from './timeline-zoom.ts';

const buckets = ['2026-03-10T10:00:00.000Z', '2026-03-10T10:15:00.000Z', '2026-03-10T10:30:00.000Z'];
const range = { from: '2026-03-10T10:05:00.000Z', to: '2026-03-10T10:40:00.000Z' };

describe('bucketWindow', () => {
  it('is one bucket for a click', () => {
    expect(bucketWindow(buckets, 1, 1, 900, range)).toEqual({
      from: '2026-03-10T10:15:00.000Z',
      to: '2026-03-10T10:30:00.000Z',
    });
  });

  it('spans every bucket a drag touched, whichever way it went, inside the results’ range', () => {
    expect(bucketWindow(buckets, 2, 0, 900, range)).toEqual({ from: range.from, to: range.to });
  });

  it('is nothing for an index outside the buckets', () => {
    expect(bucketWindow(buckets, 0, 5, 900, range)).toBeNull();
    expect(bucketWindow([], 0, 0, 900, range)).toBeNull();
  });
});
