import { describe, expect, it } from 'vitest';
import type { Investigation } from '../../../shared/investigation.ts';
import { formatLocal, formatSpan, formatUtc, formatUtcRange, percent } from './format.ts';
import { findSpikes, offlineSummary } from './insights.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-10T00:00:00Z');
const timeline = (counts: number[], stepMs = HOUR) =>
  counts.map((count, i) => ({ bucket: new Date(START + i * stepMs).toISOString(), count }));

describe('findSpikes', () => {
  it('finds a run of buckets far above the usual level, with its window and size', () => {
    const spikes = findSpikes(timeline([3, 4, 2, 3, 5, 3, 40, 55, 4, 3, 2, 3]), 3600);
    expect(spikes).toEqual([
      {
        from: '2026-03-10T06:00:00.000Z',
        to: '2026-03-10T08:00:00.000Z',
        count: 95,
        baseline: 3,
        peak: 55,
        summary: 'all errors: 95 errors 2026-03-10 06:00 – 08:00 UTC (peak 55 per 1 h, usually 3)',
      },
    ]);
  });

  it('sees no spike in steady or noisy-but-flat traffic, nor in tiny counts', () => {
    expect(findSpikes(timeline([10, 12, 9, 11, 13, 10, 12, 9, 11, 10]), 3600)).toEqual([]);
    expect(findSpikes(timeline([0, 0, 1, 0, 0, 2, 0, 0, 0, 0]), 3600)).toEqual([]);
    expect(findSpikes(timeline([]), 3600)).toEqual([]);
  });

  it('returns separate spikes largest first, at most maxSpikes', () => {
    const spikes = findSpikes(timeline([2, 30, 2, 2, 2, 2, 60, 2, 2, 2, 25, 2]), 3600, { maxSpikes: 2 });
    expect(spikes.map((s) => [s.from.slice(11, 16), s.count])).toEqual([
      ['06:00', 60],
      ['01:00', 30],
    ]);
  });
});

describe('offlineSummary', () => {
  const inv: Investigation = {
    query: {
      from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z', bucketSeconds: 60, keyAliases: [], models: [],
      errorTypes: [], statusCodes: [], teamAliases: [], text: null, limit: 100,
    },
    total: 200,
    byModel: [{ model: 'gpt-4o', count: 150 }, { model: 'claude', count: 50 }],
    byErrorType: [{ errorType: 'Rate`Limit`Error', count: 120 }],
    byKeyAlias: [{ keyAlias: null, count: 110 }],
    timeline: [],
    timelineByModel: [],
    errors: [],
    notes: [],
  };

  it('states the total, the top model, error type and key, and the largest spike and pattern', () => {
    const spike = { from: '2026-03-10T10:30:00.000Z', to: '2026-03-10T11:00:00.000Z', count: 90, peak: 60, dimension: 'keyAlias', value: 'bot' };
    const text = offlineSummary(inv, [spike], [
      { template: 'Rate limit reached for <*>', count: 80 },
    ]);
    expect(text).toContain('**200 errors** between 2026-03-10 10:00 – 12:00 UTC.');
    expect(text).toContain('- Most affected model: `gpt-4o`, 150 (75%)');
    // A backtick in a value cannot break out of its code span.
    expect(text).toContain("- Most common error type: `Rate'Limit'Error`, 120 (60%)");
    expect(text).toContain('- Most affected key: no key alias, 110 (55%)');
    expect(text).toContain('- Largest spike of key alias bot: 2026-03-10 10:30 – 11:00 UTC, 90 (45%), peak 60 in one bucket');
    expect(text).toContain('- Largest pattern: `Rate limit reached for <*>`, 80 (40%)');
  });

  it('says plainly when nothing matched', () => {
    expect(offlineSummary({ ...inv, total: 0 }, [])).toBe('No errors matched between 2026-03-10 10:00 – 12:00 UTC.');
  });
});

describe('report formatting', () => {
  it('writes UTC times, ranges and spans people read at a glance', () => {
    expect(formatUtc('2026-03-10T10:00:00.000Z')).toBe('2026-03-10 10:00 UTC');
    expect(formatUtc('2026-03-10T10:00:07.900Z')).toBe('2026-03-10 10:00:07 UTC');
    expect(formatUtcRange('2026-03-10T22:00:00Z', '2026-03-11T02:00:00Z')).toBe('2026-03-10 22:00 – 2026-03-11 02:00 UTC');
    expect(formatSpan(90 * 60_000)).toBe('90 minutes');
    expect(formatSpan(24 * HOUR)).toBe('24 hours');
    expect(formatSpan(7 * 24 * HOUR)).toBe('7 days');
    expect(percent(1, 3)).toBe('33%');
    expect(percent(1, 300)).toBe('0.3%');
    expect(percent(5, 0)).toBe('0%');
  });

  it('shows local time in the named zone with its offset, daylight saving included', () => {
    expect(formatLocal('2026-03-10T10:00:00Z', 'Europe/Paris')).toBe('2026-03-10 11:00 (Europe/Paris, GMT+1)');
    expect(formatLocal('2026-07-10T10:00:00Z', 'Europe/Paris')).toBe('2026-07-10 12:00 (Europe/Paris, GMT+2)');
    expect(formatLocal('2026-03-10T10:00:00Z', 'America/New_York')).toBe('2026-03-10 06:00 (America/New_York, GMT-4)');
    expect(formatLocal('2026-03-10T10:00:00Z', 'UTC')).toBe('2026-03-10 10:00 (UTC)');
  });
});
