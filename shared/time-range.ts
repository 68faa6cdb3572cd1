import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const RELATIVE_RANGE = /^(\d{1,5})([mhd])$/;

/** `90m`, `24h`, `7d` → milliseconds; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = RELATIVE_RANGE.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  if (amount <= 0) return null;
  return amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export const RelativeRange = z.object({
  kind: z.literal('relative'),
  last: z.string().refine((v) => parseDuration(v) !== null, {
    message: 'expected a duration like 15m, 24h or 7d',
  }),
});

const isoInstant = z.string().refine((v) => parseInstant(v) !== null, {
  message: 'expected an ISO 8601 date-time, e.g. 2026-11-20T14:00:00Z',
});

export const AbsoluteRange = z
  .object({ kind: z.literal('absolute'), from: isoInstant, to: isoInstant })
  .refine((r) => (parseInstant(r.from) ?? 0) < (parseInstant(r.to) ?? 0), {
    message: '"from" must be before "to"',
    path: ['from'],
  });

export const TimeRange = z.union([RelativeRange, AbsoluteRange]);
export type TimeRange = z.infer<typeof TimeRange>;

export interface ResolvedRange {
  from: string;
  to: string;
}

/**
 * Parses an ISO date-time; without an offset it is taken as UTC (the gateway stores UTC),
 * so `2026-11-20T14:00` means 14:00Z on every machine.
 */
export function parseInstant(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed))
    return null;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) && trimmed.length > 10;
  const normalised = trimmed.replace(' ', 'T');
  const withZone = hasOffset
    ? normalised
    : normalised.length === 10
      ? `${normalised}T00:00:00Z`
      : `${normalised}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}

export function resolveRange(range: TimeRange, now: number = Date.now()): ResolvedRange {
  if (range.kind === 'relative') {
    const duration = parseDuration(range.last) ?? 86_400_000;
    return { from: new Date(now - duration).toISOString(), to: new Date(now).toISOString() };
  }
  return {
    from: new Date(parseInstant(range.from) ?? 0).toISOString(),
    to: new Date(parseInstant(range.to) ?? 0).toISOString(),
  };
}

/** Bucket widths that read well on a time axis, smallest first. */
const BUCKET_STEPS_SECONDS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

const WEEK_SECONDS = 7 * 86_400;
/** The widest bucket SQL binds as an `int` (about 68 years), in whole weeks. */
const MAX_BUCKET_SECONDS = Math.floor((2 ** 31 - 1) / WEEK_SECONDS) * WEEK_SECONDS;

/**
 * Picks a bucket width giving at most ~120 buckets over the range. Past the named steps, widths are
 * whole weeks, so a range of years (or 0001–9999) stays a chart, not half a million buckets; only
 * ranges of more than 8,000 years exceed 120 buckets, at the widest bucket SQL can bind.
 */
export function bucketSecondsFor(range: ResolvedRange, maxBuckets = 120): number {
  const spanSeconds = (Date.parse(range.to) - Date.parse(range.from)) / 1000;
  for (const step of BUCKET_STEPS_SECONDS) {
    if (spanSeconds / step <= maxBuckets) return step;
  }
  const weeks = Math.ceil(spanSeconds / maxBuckets / WEEK_SECONDS);
  return Math.min(weeks * WEEK_SECONDS, MAX_BUCKET_SECONDS);
}

/** Every bucket start (epoch-aligned, like the SQL) from the one holding `from` up to `to`. */
export function bucketStarts(range: ResolvedRange, bucketSeconds: number): string[] {
  const stepMs = bucketSeconds * 1000;
  const first = Math.floor(Date.parse(range.from) / stepMs) * stepMs;
  const end = Date.parse(range.to);
  const starts: string[] = [];
  for (let t = first; t < end; t += stepMs) starts.push(new Date(t).toISOString());
  return starts;
}
