import { describe, expect, it } from 'vitest';
import type { DimensionSeries } from '../../../shared/analysis.ts';
import { baselineOf, detectSpikes } from './spikes.ts';

const START = Date.UTC(2026, 2, 10, 0, 0);
const buckets = (n: number) =>
  Array.from({ length: n }, (_, i) => new Date(START + i * 900_000).toISOString());
const series = (
  value: string,
  counts: number[],
  dimension: DimensionSeries['dimension'] = 'keyAlias',
): DimensionSeries => ({
  dimension,
  value,
  total: counts.reduce((a, b) => a + b, 0),
  counts,
});

describe('detectSpikes', () => {
  it('flags the window where a value jumps above its own baseline, with its extent and excess', () => {
    const counts = [2, 3, 1, 2, 4, 2, 3, 2, 40, 65, 3, 2, 1, 3, 2, 2];
    const [spike, ...rest] = detectSpikes([series('support-bot', counts)], buckets(16), 900);
    expect(rest).toEqual([]);
    expect(spike).toMatchObject({
      dimension: 'keyAlias',
      value: 'support-bot',
      from: buckets(16)[8],
      to: buckets(16)[10],
      count: 105,
      peak: 65,
      peakBucket: buckets(16)[9],
      baseline: 2,
      excess: 101,
    });
    expect(spike!.score).toBeGreaterThan(20);
  });

  it('leaves steady or merely noisy series alone, and ignores a handful of errors on a quiet value', () => {
    const steady = series('steady', [50, 55, 48, 52, 61, 47, 53, 58, 49, 51, 56, 50]);
    const quiet = series('quiet', [0, 0, 0, 4, 0, 0, 0, 0, 0, 3, 0, 0]);
    expect(detectSpikes([steady, quiet], buckets(12), 900)).toEqual([]);
  });

  it('measures a busy value against its own level, not against zero', () => {
    // Twice the usual level for two buckets in a series that normally varies little.
    const counts = [100, 104, 98, 101, 97, 103, 99, 230, 240, 102, 100, 96];
    const [spike] = detectSpikes([series('gpt-4o', counts, 'model')], buckets(12), 900);
    expect(spike).toMatchObject({ value: 'gpt-4o', count: 470, baseline: 100.5 });
  });

  it('ranks spikes of several dimensions by their excess', () => {
    const small = series('RateLimitError', [0, 0, 0, 30, 0, 0, 0, 0], 'errorType');
    const big = series('gpt-4o', [1, 1, 1, 1, 1, 90, 1, 1], 'model');
    expect(detectSpikes([small, big], buckets(8), 900).map((s) => s.value)).toEqual([
      'gpt-4o',
      'RateLimitError',
    ]);
  });
});

describe('baselineOf', () => {
  it('uses the median and a scale never below the Poisson spread', () => {
    expect(baselineOf([0, 0, 0, 0, 9])).toEqual({ median: 0, scale: 1 });
    expect(baselineOf([100, 100, 100, 100])).toEqual({ median: 100, scale: 10 });
  });
});
