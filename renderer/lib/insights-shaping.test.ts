import { describe, expect, it } from 'vitest';
import type { Spike } from '../../shared/analysis.ts';
import { Filters } from '../../shared/filters.ts';
import { zoneLabel } from './display-zone.ts';
import {
  exampleRow,
  localWindow,
  longestLiteral,
  sparklinePaths,
  spikeFilters,
  spikeSentence,
  noSpikeWords,
  templateParts,
} from './insights-shaping.ts';

const spike = (over: Partial<Spike> = {}): Spike => ({
  dimension: 'keyAlias',
  value: 'support-bot',
  from: '2026-11-23T17:45:00.000Z',
  to: '2026-11-23T19:00:00.000Z',
  count: 800,
  peakBucket: '2026-11-23T18:00:00.000Z',
  peak: 200,
  baseline: 4,
  excess: 780,
  score: 30,
  context: { models: [], deployments: [], keyAliases: [], errorTypes: [] },
  together: [],
  summary: '',
  ...over,
});

describe('templates', () => {
  it('splits placeholders from literal text', () => {
    expect(templateParts('Rate limit <*> of <*>')).toEqual([
      { text: 'Rate limit ', placeholder: false },
      { text: '<*>', placeholder: true },
      { text: ' of ', placeholder: false },
      { text: '<*>', placeholder: true },
    ]);
    expect(templateParts('<*>')).toEqual([{ text: '<*>', placeholder: true }]);
  });

  it('picks the longest literal fragment, trimmed, or null when there is none', () => {
    expect(longestLiteral('RateLimitError: <*> tokens per min exceeded for <*>')).toBe(
      'tokens per min exceeded for',
    );
    expect(longestLiteral('Timeout after <*>s')).toBe('Timeout after');
    expect(longestLiteral('<*> <*>')).toBeNull();
  });
});

describe('sparklinePaths', () => {
  it('puts the maximum at the top and zero on the baseline', () => {
    const { line, area } = sparklinePaths([0, 5, 10], 100, 20, 0);
    expect(line).toBe('M0,20L50,10L100,0');
    expect(area).toBe('M0,20L50,10L100,0L100,20L0,20Z');
  });

  it('draws an all-zero series flat on the baseline and a single bucket in the middle', () => {
    expect(sparklinePaths([0, 0], 10, 10, 0).line).toBe('M0,10L10,10');
    expect(sparklinePaths([3], 10, 10, 0).line).toBe('M5,0');
    expect(sparklinePaths([], 10, 10)).toEqual({ line: '', area: '' });
  });
});

describe('spikes', () => {
  it('reads as one sentence: who, how many, when (local time), from what rate to what', () => {
    const now = Date.parse('2026-11-23T20:00:00Z');
    const noSeries = { bucketSeconds: 900, buckets: [], series: [] };
    const text = spikeSentence(spike(), noSeries, now);
    // 800 errors over 5 buckets = 160 per bucket, from a baseline of 4.
    expect(text).toBe(
      `key alias support-bot: 800 errors ${localWindow(spike().from, spike().to, now)}, from about 4 to 160 per 15 min`,
    );
    expect(spikeSentence(spike({ baseline: 0, dimension: 'model', value: 'gpt-4o' }), noSeries, now)).toMatch(
      /^model gpt-4o: 800 errors .*, from about 0 to 160 per 15 min$/,
    );
  });

  it('names the values that spiked with it on the same errors', () => {
    const now = Date.parse('2026-11-23T20:00:00Z');
    const with2 = spike({
      together: [
        { dimension: 'model', value: 'gpt-4o', count: 790, from: spike().from, to: spike().to },
        { dimension: 'errorType', value: 'RateLimitError', count: 805, from: spike().from, to: spike().to },
      ],
    });
    expect(spikeSentence(with2, { bucketSeconds: 900, buckets: [], series: [] }, now)).toMatch(
      /^key alias support-bot: 800 errors .*, from about 4 to 160 per 15 min; with model gpt-4o, error type RateLimitError$/,
    );
    expect(
      spikeSentence(spike({ value: null }), { bucketSeconds: 900, buckets: [], series: [] }, now),
    ).toMatch(/^\(no key alias\): 800 errors /);
  });

  it('takes the usual rate from the buckets outside the window when the series is known', () => {
    // 8 buckets of 15 min from 17:00; the window 17:45–19:00 holds buckets 3..7.
    const buckets = Array.from({ length: 8 }, (_, i) =>
      new Date(Date.parse('2026-11-23T17:00:00Z') + i * 900_000).toISOString(),
    );
    const series = [
      {
        dimension: 'keyAlias' as const,
        value: 'support-bot',
        total: 802,
        counts: [1, 0, 1, 160, 160, 160, 160, 160],
      },
    ];
    // Outside: 2 errors over 3 buckets; inside: 160 per bucket, though the median baseline is 1.
    expect(spikeSentence(spike({ baseline: 1 }), { bucketSeconds: 900, buckets, series })).toMatch(
      /, from about 0.7 to 160 per 15 min$/,
    );
  });

  it('never calls a range usual when it runs above the period before it', () => {
    const buckets = Array.from({ length: 4 }, (_, i) =>
      new Date(Date.parse('2026-11-23T17:00:00Z') + i * 900_000).toISOString(),
    );
    const before = { from: '2026-11-23T16:00:00.000Z', to: '2026-11-23T17:00:00.000Z', count: 4 };
    const hot = noSpikeWords({ total: 600, bucketSeconds: 900, buckets, before });
    expect(hot.title).toBe('The whole range is elevated');
    expect(hot.text).toContain('above the 1 h before it: from about 1 to 150 per 15 min');
    expect(noSpikeWords({ total: 5, bucketSeconds: 900, buckets, before }).text).not.toMatch(/usual/);
    expect(noSpikeWords({ total: 0, bucketSeconds: 900, buckets, before: null }).text).toBe(
      'No errors in this range.',
    );
  });

  it('shows the day only when the window is not today', () => {
    const from = new Date(2026, 10, 23, 18, 40).toISOString();
    const to = new Date(2026, 10, 23, 19, 55).toISOString();
    // Labelled with the display zone (local here: the machine's offset).
    expect(localWindow(from, to, new Date(2026, 10, 23, 22, 0).getTime())).toBe(
      `18:40–19:55 ${zoneLabel(new Date(to))}`,
    );
    expect(localWindow(from, to, new Date(2026, 10, 25, 9, 0).getTime())).toBe(
      `Nov 23 18:40–19:55 ${zoneLabel(new Date(to))}`,
    );
  });

  it('filters to the spike’s value alone and its window as an absolute range', () => {
    const base = Filters.parse({ keyAliases: ['other'], models: ['gpt-4o'], text: 'x' });
    const next = spikeFilters(base, spike());
    expect(next.keyAliases).toEqual(['support-bot']);
    expect(next.models).toEqual(['gpt-4o']);
    expect(next.text).toBe('x');
    expect(next.timeRange).toEqual({ kind: 'absolute', from: spike().from, to: spike().to });
    expect(Filters.safeParse(next).success).toBe(true);
  });
});

describe('exampleRow', () => {
  const example = {
    requestId: 'req-1',
    time: '2026-11-23T18:00:00.000Z',
    model: 'gpt-4o',
    keyAlias: 'support-bot',
    errorType: 'RateLimitError',
    statusCode: '429',
    message: 'Rate limit reached',
  };
  it('uses the loaded row when there is one, else builds a partial one from the example', () => {
    const loaded = {
      ...exampleRow(example, []).row,
      deployment: 'azure/gpt-4o-eu',
      sources: ['spend_logs' as const],
    };
    expect(exampleRow(example, [loaded])).toEqual({ row: loaded, partial: false });
    const { row, partial } = exampleRow(example, []);
    expect(partial).toBe(true);
    expect(row).toMatchObject({
      requestId: 'req-1',
      model: 'gpt-4o',
      errorMessage: 'Rate limit reached',
      deployment: null,
      sources: [],
    });
  });
});
