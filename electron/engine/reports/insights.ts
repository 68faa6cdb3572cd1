import type { ReportPattern, ReportSpike } from '../../../shared/contract/reports.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import { formatBucketWidth, formatCount, formatUtcRange, percent } from './format.ts';

const median = (sorted: readonly number[]) => {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs of buckets far above the usual level, for reports made without the analysis area's spike
 * detector: above median + 4 robust deviations (MAD, at least Poisson noise), and at least `minCount`.
 * Largest first.
 */
export function findSpikes(
  timeline: readonly { bucket: string; count: number }[],
  bucketSeconds: number,
  { maxSpikes = 5, minCount = 5 }: { maxSpikes?: number; minCount?: number } = {},
): ReportSpike[] {
  if (timeline.length < 4) return [];
  const counts = timeline.map((p) => p.count);
  const base = median([...counts].sort((a, b) => a - b));
  const mad = median(counts.map((c) => Math.abs(c - base)).sort((a, b) => a - b));
  const spread = Math.max(1.4826 * mad, Math.sqrt(Math.max(base, 1)));
  const threshold = Math.max(base + 4 * spread, minCount);
  const spikes: ReportSpike[] = [];
  let run: { start: number; end: number; count: number; peak: number } | null = null;
  const close = () => {
    if (!run) return;
    const endMs = Date.parse(timeline[run.end]!.bucket) + bucketSeconds * 1000;
    const from = timeline[run.start]!.bucket;
    const to = new Date(endMs).toISOString();
    spikes.push({
      from,
      to,
      count: run.count,
      baseline: base,
      peak: run.peak,
      summary: `all errors: ${formatCount(run.count)} errors ${formatUtcRange(from, to)} (peak ${formatCount(run.peak)} per ${formatBucketWidth(bucketSeconds)}, usually ${formatCount(Math.round(base))})`,
    });
    run = null;
  };
  timeline.forEach((p, i) => {
    if (p.count < threshold) return close();
    if (run && run.end === i - 1) {
      run.end = i;
      run.count += p.count;
      run.peak = Math.max(run.peak, p.count);
    } else {
      close();
      run = { start: i, end: i, count: p.count, peak: p.count };
    }
  });
  close();
  return spikes.sort((a, b) => b.count - a.count).slice(0, maxSpikes);
}

const DIMENSIONS: Record<string, string> = { model: 'model', keyAlias: 'key alias', errorType: 'error type' };

/** `key alias support-bot`, `model gpt-4o`; `no key alias` for a null value. */
export function dimensionLabel(dimension: string, value: string | null | undefined): string {
  const name = DIMENSIONS[dimension] ?? dimension;
  return value === null || value === undefined ? `no ${name}` : `${name} ${value}`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ').slice(0, 120)}\``;

/**
 * What the report says when no LLM analysis ran: the facts an engineer would write first, as Markdown
 * that reads the same in the HTML page, in Slack and in GitHub.
 */
export function offlineSummary(inv: Investigation, spikes: readonly ReportSpike[], patterns?: readonly ReportPattern[]): string {
  if (inv.total === 0) return `No errors matched between ${formatUtcRange(inv.query.from, inv.query.to)}.`;
  const lines = [`**${formatCount(inv.total)} errors** between ${formatUtcRange(inv.query.from, inv.query.to)}.`, ''];
  const share = (n: number) => `${formatCount(n)} (${percent(n, inv.total)})`;
  const model = inv.byModel[0];
  if (model) lines.push(`- Most affected model: ${code(model.model)}, ${share(model.count)}`);
  const type = inv.byErrorType[0];
  if (type) lines.push(`- Most common error type: ${code(type.errorType)}, ${share(type.count)}`);
  const key = inv.byKeyAlias[0];
  if (key) lines.push(`- Most affected key: ${key.keyAlias === null ? 'no key alias' : code(key.keyAlias)}, ${share(key.count)}`);
  const spike = spikes[0];
  if (spike) {
    const what = spike.dimension && spike.value !== undefined ? ` of ${dimensionLabel(spike.dimension, spike.value)}` : '';
    lines.push(`- Largest spike${what}: ${formatUtcRange(spike.from, spike.to)}, ${share(spike.count)}${spike.peak ? `, peak ${formatCount(spike.peak)} in one bucket` : ''}`);
  }
  const pattern = patterns?.[0];
  if (pattern) lines.push(`- Largest pattern: ${code(pattern.template)}, ${share(pattern.count)}`);
  return lines.join('\n');
}
