/** Axis and label arithmetic of the report charts (the data shaping itself is shared/chart-shaping.ts). */

/** Step ×1, ×2 or ×5 of a power of ten giving about `target` intervals up to `max`. */
export function niceStep(max: number, target = 4): number {
  if (max <= 0) return 1;
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Math.max(1, step);
}

/** Gridline values from 0 up to the first step at or above `max`: [0, 5, 10, 15] for 13. */
export function axisTicks(max: number, target = 4): number[] {
  const step = niceStep(max, target);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return ticks;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Month, day, hours and minutes of an instant on the wall clock of `timeZone`. */
function wallClock(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { month: get('month') - 1, day: get('day'), hour: get('hour'), minute: get('minute') };
}

/**
 * The label under a timeline bucket, in `timeZone` (UTC by default): days as `Mar 10`; shorter
 * buckets as `14:05`, with the date in front where the day changes from the previous label (or for
 * the first one).
 */
export function bucketLabel(
  iso: string,
  bucketSeconds: number,
  previousIso?: string,
  timeZone = 'UTC',
): string {
  const d = wallClock(iso, timeZone);
  const day = `${MONTHS[d.month]} ${d.day}`;
  if (bucketSeconds >= 86_400) return day;
  const time = `${String(d.hour).padStart(2, '0')}:${String(d.minute).padStart(2, '0')}`;
  const before = previousIso === undefined ? undefined : wallClock(previousIso, timeZone);
  const sameDay = before !== undefined && before.month === d.month && before.day === d.day;
  return sameDay ? time : `${day} ${time}`;
}

/** Indices of the buckets that get a label: evenly spaced, at most `maxLabels`, always the first. */
export function labelIndices(count: number, maxLabels = 8): number[] {
  if (count <= 0) return [];
  const every = Math.max(1, Math.ceil(count / maxLabels));
  const out: number[] = [];
  for (let i = 0; i < count; i += every) out.push(i);
  return out;
}
