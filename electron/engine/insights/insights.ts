import type { Insights } from '../../../shared/analysis.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { bucketStarts } from '../../../shared/time-range.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import { dimensionSeries, errorsBefore, forEachErrorPage, spikeContexts } from '../sources/source-reads.ts';
import { foldCoincidentSpikes } from './coincident-spikes.ts';
import { PatternGrouper } from './pattern-grouper.ts';
import { detectSpikes, spikeSummary, type SpikeOptions } from './spikes.ts';
import { categorizePattern } from './taxonomy.ts';

export interface InsightOptions extends ReadOptions {
  /** Patterns returned (all are counted). */
  topPatterns?: number;
  maxSpikes?: number;
  spikeOptions?: SpikeOptions;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Patterns over every matching error (streamed page by page, never all in memory), spikes from
 * per-dimension series computed in SQL, and what each spike's errors have in common.
 */
export async function computeInsights(
  db: Database,
  investigationId: string,
  query: ResolvedQuery,
  options: InsightOptions = {},
): Promise<Insights> {
  const read: ReadOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  };
  const buckets = bucketStarts(query, query.bucketSeconds);
  const grouper = new PatternGrouper({
    startMs: Date.parse(buckets[0] ?? query.from),
    bucketSeconds: query.bucketSeconds,
    count: buckets.length,
  });
  let newestRequestId: string | null = null;
  await forEachErrorPage(
    db,
    query,
    (rows) => {
      newestRequestId ??= rows[0]?.requestId ?? null;
      for (const row of rows) grouper.add(row);
      options.onProgress?.(grouper.total);
    },
    read,
  );
  const { patterns, patternCount } = grouper.result(options.topPatterns ?? 20);

  const { series } = await dimensionSeries(db, query, read);
  // Each incident spikes in up to three dimensions; read enough candidates to fill the list after folding.
  const maxSpikes = options.maxSpikes ?? 10;
  const raw = detectSpikes(series, buckets, query.bucketSeconds, options.spikeOptions).slice(
    0,
    maxSpikes * 3,
  );
  const contexts = await spikeContexts(db, query, raw, read);
  const folded = foldCoincidentSpikes(raw.map((spike, i) => ({ ...spike, context: contexts[i]! })));
  const spikes = folded
    .slice(0, maxSpikes)
    .map((spike) => ({ ...spike, summary: spikeSummary(spike, query.bucketSeconds) }));

  // Only needed to word "no spike" honestly; one count over the previous period.
  const before = spikes.length === 0 && grouper.total > 0 ? await errorsBefore(db, query, read) : null;

  return {
    investigationId,
    total: grouper.total,
    newestRequestId,
    bucketSeconds: query.bucketSeconds,
    buckets,
    // Named by cause with the deterministic rules; the analysis asks the LLM about what they leave unknown.
    patterns: patterns.map(categorizePattern),
    patternCount,
    spikes,
    series,
    before,
  };
}
