import { bucketWords } from './rate-words.ts';
import { bucketSecondsFor, type ResolvedRange } from './time-range.ts';
import type { Granularity, SeriesGranularity } from './traffic.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Series buckets are capped so a year at minute granularity cannot build a million-point chart. */
export const MAX_BUCKETS = 5_000;

const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86_400, week: 7 * 86_400, month: 30 * 86_400 } as const;

/** Weeks (from Monday) and months are calendar units; every other series bucket has a fixed width. */
export const isCalendarUnit = (g: SeriesGranularity): g is 'week' | 'month' => g === 'week' || g === 'month';

/**
 * The series bucket width in seconds: the unit the user chose (weeks and months nominally), else the
 * one rule the Errors timeline and the report use (`bucketSecondsFor`), so both tabs show the same
 * buckets for the same range (issue 24 item 7).
 */
export function seriesBucketSeconds(range: ResolvedRange, granularity: Granularity | undefined): number {
  return granularity ? UNIT_SECONDS[granularity] : bucketSecondsFor(range);
}

/** `15 min`, `hour`, `week`: the series bucket as both tabs name it. */
export function seriesBucketWords(q: { granularity: SeriesGranularity; bucketSeconds: number }): string {
  return isCalendarUnit(q.granularity) ? q.granularity : bucketWords(q.bucketSeconds);
}

/** Every series bucket start of the query's range, or null when there would be more than `max`. */
export function seriesBuckets(
  q: ResolvedRange & { granularity: SeriesGranularity; bucketSeconds: number },
  max = MAX_BUCKETS,
): string[] | null {
  if (isCalendarUnit(q.granularity)) return granularBuckets(q, q.granularity, max);
  const step = q.bucketSeconds * 1000;
  const first = Math.floor(Date.parse(q.from) / step) * step;
  const end = Date.parse(q.to);
  if ((end - first) / step > max) return null;
  const starts: string[] = [];
  for (let t = first; t < end; t += step) starts.push(new Date(t).toISOString());
  return starts;
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
