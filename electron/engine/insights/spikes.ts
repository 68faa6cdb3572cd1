import type {
  DimensionSeries,
  Spike,
  SpikeCompanion,
  SpikeContext,
  SpikeDimension,
} from '../../../shared/analysis.ts';
import { bucketWords, count, rateChange } from '../../../shared/rate-words.ts';

export interface SpikeOptions {
  /** Robust z-score a bucket must reach: (count − median) / scale. */
  minScore?: number;
  /** A bucket must also hold this many times its baseline… */
  minRatio?: number;
  /** …and at least this many errors. */
  minBucketCount?: number;
  /** A window must total at least this many errors to be reported. */
  minWindowCount?: number;
  /** Quiet buckets allowed inside one window. */
  maxGap?: number;
}

const DEFAULTS: Required<SpikeOptions> = {
  minScore: 5,
  minRatio: 2,
  minBucketCount: 3,
  minWindowCount: 10,
  maxGap: 1,
};

export type RawSpike = Omit<Spike, 'context' | 'summary' | 'together'>;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median and scale of a series. The scale is the MAD (×1.4826, the normal-consistent factor) but
 * never below √median, the spread of a Poisson count: error counts of a quiet value are often all
 * zero (MAD 0), and a handful of errors must not then look like an outlier.
 */
export function baselineOf(counts: readonly number[]): { median: number; scale: number } {
  const m = median(counts);
  const mad = median(counts.map((c) => Math.abs(c - m)));
  return { median: m, scale: Math.max(1.4826 * mad, Math.sqrt(Math.max(m, 1))) };
}

/** Windows where each series jumps well above its own baseline, largest excess first. */
export function detectSpikes(
  series: readonly DimensionSeries[],
  buckets: readonly string[],
  bucketSeconds: number,
  options: SpikeOptions = {},
): RawSpike[] {
  const o = { ...DEFAULTS, ...options };
  const spikes: RawSpike[] = [];
  for (const s of series) {
    const { median: base, scale } = baselineOf(s.counts);
    const score = (c: number) => (c - base) / scale;
    const flagged = s.counts.map(
      (c) => c >= o.minBucketCount && c >= o.minRatio * base && score(c) >= o.minScore,
    );
    let i = 0;
    while (i < flagged.length) {
      if (!flagged[i]) {
        i++;
        continue;
      }
      let end = i;
      for (let j = i + 1; j < flagged.length && j - end <= o.maxGap + 1; j++) if (flagged[j]) end = j;
      const window = s.counts.slice(i, end + 1);
      const count = window.reduce((a, b) => a + b, 0);
      if (count >= o.minWindowCount) {
        const peakOffset = window.indexOf(Math.max(...window));
        const peak = window[peakOffset]!;
        spikes.push({
          dimension: s.dimension,
          value: s.value,
          from: buckets[i]!,
          to: new Date(Date.parse(buckets[end]!) + bucketSeconds * 1000).toISOString(),
          count,
          peakBucket: buckets[i + peakOffset]!,
          peak,
          baseline: round(base),
          excess: round(count - base * window.length),
          score: round(score(peak)),
        });
      }
      i = end + 1;
    }
  }
  return spikes.sort((a, b) => b.excess - a.excess || b.score - a.score || a.from.localeCompare(b.from));
}

const round = (n: number) => Math.round(n * 100) / 100;

const DIMENSION_WORDS = { model: 'model', keyAlias: 'key alias', errorType: 'error type' } as const;

export { bucketWords };

const hhmm = (iso: string) => iso.slice(11, 16);

export function dimensionValueWords(dimension: SpikeDimension, value: string | null): string {
  return `${DIMENSION_WORDS[dimension]} ${value ?? (dimension === 'keyAlias' ? '(no key alias)' : '(none)')}`;
}

/**
 * One line for people: `key alias support-bot: 812 errors 10:15–11:30 UTC (from about 0.3 to 54 per
 * 15 min; together with model gpt-4o, error type RateLimitError)`, or `mostly …` when nothing else spiked.
 */
export function spikeSummary(
  spike: RawSpike & { context: SpikeContext; together: readonly SpikeCompanion[] },
  bucketSeconds: number,
): string {
  const { context } = spike;
  const sameDay = spike.from.slice(0, 10) === spike.to.slice(0, 10);
  const range = sameDay
    ? `${spike.from.slice(0, 10)} ${hhmm(spike.from)}–${hhmm(spike.to)} UTC`
    : `${spike.from.slice(0, 16).replace('T', ' ')} – ${spike.to.slice(0, 16).replace('T', ' ')} UTC`;
  const together = spike.together.map((t) => dimensionValueWords(t.dimension, t.value)).join(', ');
  const mostly = [context.models[0]?.value, context.keyAliases[0]?.value, context.errorTypes[0]?.value]
    .filter((v): v is string => Boolean(v) && v !== spike.value)
    .join(', ');
  const common = together ? `; together with ${together}` : mostly ? `; mostly ${mostly}` : '';
  const buckets = Math.max(
    1,
    Math.round((Date.parse(spike.to) - Date.parse(spike.from)) / 1000 / bucketSeconds),
  );
  const rate = rateChange(spike.baseline, spike.count / buckets, bucketSeconds);
  return `${dimensionValueWords(spike.dimension, spike.value)}: ${count(spike.count)} errors ${range} (${rate}${common})`;
}
