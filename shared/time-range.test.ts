import { describe, expect, it } from 'vitest';
import {
  bucketSecondsFor,
  bucketStarts,
  parseDuration,
  parseInstant,
  resolveRange,
  TimeRange,
} from './time-range.ts';

describe('time ranges', () => {
  it('parses durations and rejects the rest', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    for (const bad of ['7x', '0h', '-1h', 'h', '1.5h', '']) expect(parseDuration(bad)).toBeNull();
  });

  it('reads ISO instants as UTC unless an offset is given', () => {
    expect(parseInstant('2026-11-20T14:00')).toBe(Date.parse('2026-11-20T14:00:00Z'));
    expect(parseInstant('2026-11-20')).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(parseInstant('2026-11-20T14:00:00+02:00')).toBe(Date.parse('2026-11-20T12:00:00Z'));
    expect(parseInstant('2026-11-20 14:00:00.250Z')).toBe(Date.parse('2026-11-20T14:00:00.250Z'));
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2026-13-45T99:00')).toBeNull();
  });

  it('resolves relative ranges against now and validates absolute ones', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(resolveRange({ kind: 'relative', last: '90m' }, now)).toEqual({
      from: '2026-11-23T10:30:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
    });
    const reversed = TimeRange.safeParse({
      kind: 'absolute',
      from: '2026-11-23T12:00Z',
      to: '2026-11-23T10:00Z',
    });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues[0]?.message).toMatch(/"from" must be before "to"/);
  });

  it('chooses bucket widths that keep a chart readable and lists every bucket', () => {
    const range = (hours: number) => ({
      from: '2026-11-23T00:00:00.000Z',
      to: new Date(Date.parse('2026-11-23T00:00:00Z') + hours * 3_600_000).toISOString(),
    });
    expect(bucketSecondsFor(range(1))).toBe(60);
    expect(bucketSecondsFor(range(24))).toBe(900);
    expect(bucketSecondsFor(range(24 * 7))).toBe(3 * 3600);
    expect(bucketSecondsFor(range(24 * 30))).toBe(6 * 3600);
    expect(bucketSecondsFor(range(24 * 90))).toBe(86_400);
    const starts = bucketStarts({ from: '2026-11-23T00:07:00.000Z', to: '2026-11-23T01:00:00.000Z' }, 900);
    expect(starts).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T00:15:00.000Z',
      '2026-11-23T00:30:00.000Z',
      '2026-11-23T00:45:00.000Z',
    ]);
  });

  it('keeps any range, however long, to a few thousand buckets that SQL can bind as an int', () => {
    for (const range of [
      { from: '0001-01-01T00:00:00.000Z', to: '9999-12-31T00:00:00.000Z' },
      { from: '1970-01-01T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' },
      { from: '2020-01-01T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' },
    ]) {
      const seconds = bucketSecondsFor(range);
      expect(seconds).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(seconds % (7 * 86_400)).toBe(0);
      expect(bucketStarts(range, seconds).length).toBeLessThanOrEqual(2_000);
    }
  });
});
