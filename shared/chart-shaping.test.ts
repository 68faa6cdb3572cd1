import { describe, expect, it } from 'vitest';
import type { Investigation } from './investigation.ts';
import { BREAKDOWN_BARS, breakdownBars, stackTimeline, TIMELINE_SERIES, topN } from './chart-shaping.ts';

describe('topN', () => {
  it('keeps every entry when there are at most n, largest first, with shares', () => {
    const bars = topN(
      [
        { label: 'b', count: 1 },
        { label: 'a', count: 3 },
      ],
      3,
      4,
    );
    expect(bars.map((b) => [b.label, b.value, b.count, b.share])).toEqual([
      ['a', 'a', 3, 0.75],
      ['b', 'b', 1, 0.25],
    ]);
  });

  it('folds the tail into one Other bar that cannot be clicked into a filter', () => {
    const items = ['m1', 'm2', 'm3', 'm4', 'm5'].map((label, i) => ({ label, count: 10 - i }));
    const bars = topN(items, 3, 40);
    expect(bars.map((b) => b.label)).toEqual(['m1', 'm2', 'Other (3)']);
    expect(bars[2]).toMatchObject({ value: null, count: 8 + 7 + 6 });
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(40);
  });

  it('names a missing key alias and filters on the missing value', () => {
    const [bar] = topN([{ label: null, count: 2 }], 5, 2);
    expect(bar).toMatchObject({ label: '(no key alias)', value: '' });
  });
});

const inv = (partial: Partial<Investigation>): Investigation => ({
  query: {
    from: '2026-03-10T10:00:00.000Z',
    to: '2026-03-10T13:00:00.000Z',
    bucketSeconds: 3600,
    keyAliases: [],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
    limit: 100,
  },
  total: 0,
  byModel: [],
  byErrorType: [],
  byKeyAlias: [],
  timeline: [],
  timelineByModel: [],
  errors: [],
  notes: [],
  ...partial,
});

describe('breakdownBars', () => {
  it('reads the breakdown of the field asked for', () => {
    const i = inv({
      total: 5,
      byErrorType: [
        { errorType: 'RateLimitError', count: 4 },
        { errorType: 'Timeout', count: 1 },
      ],
    });
    expect(breakdownBars(i, 'errorType').map((b) => b.value)).toEqual(['RateLimitError', 'Timeout']);
    expect(breakdownBars(i, 'model')).toEqual([]);
  });

  it('names a call with no provider as such, and has no provider bars where the source has none', () => {
    const i = inv({
      total: 3,
      byProvider: [
        { provider: 'anthropic', count: 2 },
        { provider: null, count: 1 },
      ],
    });
    expect(breakdownBars(i, 'provider').map((b) => [b.label, b.count])).toEqual([
      ['anthropic', 2],
      ['(no provider)', 1],
    ]);
    expect(breakdownBars(inv({ total: 3 }), 'provider')).toEqual([]);
  });
});

describe('stackTimeline', () => {
  const timeline = [
    { bucket: '2026-03-10T10:00:00.000Z', count: 3 },
    { bucket: '2026-03-10T11:00:00.000Z', count: 0 },
    { bucket: '2026-03-10T12:00:00.000Z', count: 6 },
  ];
  const byModel = [
    { bucket: '2026-03-10T10:00:00.000Z', model: 'gpt-4o', count: 2 },
    { bucket: '2026-03-10T10:00:00.000Z', model: 'gpt-3.5-turbo', count: 1 },
    { bucket: '2026-03-10T12:00:00.000Z', model: 'gpt-4o', count: 3 },
    { bucket: '2026-03-10T12:00:00.000Z', model: 'claude', count: 2 },
    { bucket: '2026-03-10T12:00:00.000Z', model: 'llama', count: 1 },
  ];

  it('keeps every bucket, empty ones as zeros, and safe series keys for dotted model names', () => {
    const { series, rows } = stackTimeline(timeline, byModel, 6);
    expect(series.map((s) => [s.key, s.label])).toEqual([
      ['s0', 'gpt-4o'],
      ['s1', 'claude'],
      ['s2', 'gpt-3.5-turbo'],
      ['s3', 'llama'],
    ]);
    expect(rows.map((r) => r.total)).toEqual([3, 0, 6]);
    expect(rows[1]).toMatchObject({ s0: 0, s1: 0, s2: 0, s3: 0 });
    expect(rows[0]).toMatchObject({ s0: 2, s2: 1 });
  });

  it('sums models beyond the limit into Other, so each bar still totals its bucket', () => {
    const { series, rows } = stackTimeline(timeline, byModel, 2);
    expect(series.map((s) => [s.label, s.model])).toEqual([
      ['gpt-4o', 'gpt-4o'],
      ['Other', null],
    ]);
    expect(rows.map((r) => [r.s0, r.other])).toEqual([
      [2, 1],
      [0, 0],
      [3, 3],
    ]);
    for (const [i, row] of rows.entries())
      expect((row.s0 as number) + (row.other as number)).toBe(timeline[i]!.count);
  });
});

describe('one shaping for app and report', () => {
  it('caps the timeline at TIMELINE_SERIES series, "Other" included, and breakdowns at BREAKDOWN_BARS bars', () => {
    const models = Array.from({ length: 12 }, (_, i) => ({ bucket: 't0', model: `m${i}`, count: 20 - i }));
    const { series } = stackTimeline([{ bucket: 't0', count: 0 }], models);
    expect(series).toHaveLength(TIMELINE_SERIES);
    expect(series.at(-1)).toMatchObject({ label: 'Other', model: null });
    const i = inv({ total: 200, byModel: models.map(({ model, count }) => ({ model, count })) });
    const bars = breakdownBars(i, 'model');
    expect(bars).toHaveLength(BREAKDOWN_BARS);
    expect(bars.at(-1)).toMatchObject({ value: null, label: `Other (${12 - BREAKDOWN_BARS + 1})` });
  });
});
