import type { ResolvedRange } from './time-range.ts';
import type { Granularity } from './traffic.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Series buckets are capped so a year at minute granularity cannot build a million-point chart. */
export const MAX_BUCKETS = 5_000;

/** A day in hourly buckets, a month daily, a year monthly (issue 10). */
export function autoGranularity(range: ResolvedRange): Granularity {
  const span = Date.parse(range.to) - Date.parse(range.from);
  if (span <= 3 * HOUR) return 'minute';
  if (span <= 4 * DAY) return 'hour';
  if (span <= 93 * DAY) return 'day';
  return 'month';
}

/** The UTC start of the bucket holding `ms`, as PostgreSQL's `date_trunc(unit, t)` computes it. */
export function truncate(ms: number, unit: Granularity): number {
  const d = new Date(ms);
  switch (unit) {
    case 'minute':
      return Math.floor(ms / 60_000) * 60_000;
    case 'hour':
      return Math.floor(ms / HOUR) * HOUR;
    case 'day':
      return Math.floor(ms / DAY) * DAY;
    case 'week': {
      const day = Math.floor(ms / DAY) * DAY;
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0, as ISO weeks
      return day - weekday * DAY;
    }
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
}

function next(ms: number, unit: Granularity): number {
  if (unit === 'month') {
    const d = new Date(ms);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return ms + { minute: 60_000, hour: HOUR, day: DAY, week: 7 * DAY }[unit];
}

/** Every bucket start from the one holding `from` up to `to`, or null when there would be more than `max`. */
export function granularBuckets(range: ResolvedRange, unit: Granularity, max = MAX_BUCKETS): string[] | null {
  const end = Date.parse(range.to);
  const starts: string[] = [];
  for (let t = truncate(Date.parse(range.from), unit); t < end; t = next(t, unit)) {
    if (starts.length >= max) return null;
    starts.push(new Date(t).toISOString());
  }
  return starts;
}

/** The range of equal length just before, for "change vs before". */
export function previousRange(range: ResolvedRange): ResolvedRange {
  const from = Date.parse(range.from);
  const span = Date.parse(range.to) - from;
  return { from: new Date(from - span).toISOString(), to: range.from };
}

/** True when both ends fall on UTC midnight: the daily tables can answer. */
export function isWholeDays(range: ResolvedRange): boolean {
  return Date.parse(range.from) % DAY === 0 && Date.parse(range.to) % DAY === 0;
}
