import { rankWithOther } from '../../../../shared/top-n.ts';
/** Shaping of report charts, kept pure so it is tested without a DOM or an SVG renderer. */

export interface BarDatum {
  label: string;
  count: number;
  /** True for the bar that sums everything past the top N. */
  other: boolean;
}

/**
 * The largest `n` entries, largest first (ties by label, so the order is stable); when more remain,
 * the last slot becomes "Other (k more)" holding their sum, so a chart never has more than `n` bars.
 */
export function topWithOther(items: readonly { label: string; count: number }[], n: number): BarDatum[] {
  const { kept, rest } = rankWithOther(items, n, (i) => i.label);
  const bars = kept.map((i) => ({ ...i, other: false }));
  if (!rest.length || n <= 0) return bars;
  const sum = rest.reduce((s, i) => s + i.count, 0);
  return [...bars, { label: `Other (${rest.length} more)`, count: sum, other: true }];
}

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

/**
 * The label under a timeline bucket, in UTC: days as `Mar 10`; shorter buckets as `14:05`, with the
 * date in front where the day changes from the previous label (or for the first one).
 */
export function bucketLabel(iso: string, bucketSeconds: number, previousIso?: string): string {
  const d = new Date(iso);
  const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (bucketSeconds >= 86_400) return day;
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const sameDay = previousIso !== undefined && previousIso.slice(0, 10) === iso.slice(0, 10);
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

export interface StackedTimeline {
  buckets: string[];
  /** Largest first; the last is "Other" when models were folded into it. */
  series: { name: string; values: number[]; other: boolean }[];
  totals: number[];
}

/**
 * Errors per bucket split by model: the `topModels - 1` largest models over the range keep their own
 * series and the rest become "Other", so the chart stays readable with many models.
 */
export function stackTimeline(
  buckets: readonly string[],
  points: readonly { bucket: string; model: string; count: number }[],
  topModels = 5,
): StackedTimeline {
  const totalsByModel = new Map<string, number>();
  for (const p of points) totalsByModel.set(p.model, (totalsByModel.get(p.model) ?? 0) + p.count);
  const ranked = topWithOther(
    [...totalsByModel].map(([label, count]) => ({ label, count })),
    topModels,
  );
  const own = new Set(ranked.filter((r) => !r.other).map((r) => r.label));
  const index = new Map(buckets.map((b, i) => [b, i]));
  const series = ranked.map((r) => ({ name: r.other ? 'Other models' : r.label, values: buckets.map(() => 0), other: r.other }));
  const otherSeries = series.find((s) => s.other);
  for (const p of points) {
    const i = index.get(p.bucket);
    if (i === undefined) continue;
    const target = own.has(p.model) ? series.find((s) => !s.other && s.name === p.model) : otherSeries;
    if (target) target.values[i]! += p.count;
  }
  const totals = buckets.map((_, i) => series.reduce((s, x) => s + x.values[i]!, 0));
  return { buckets: [...buckets], series, totals };
}
