import type { DimensionSeries, Insights, SpikeContext } from '../../../shared/analysis.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { bucketStarts } from '../../../shared/time-range.ts';
import type { ReadOptions } from '../db/database.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CallSource, PatternCells } from '../sources/call-source.ts';
import { foldCoincidentSpikes } from './coincident-spikes.ts';
import { SEEN_LIMIT } from './drain.ts';
import { PatternGrouper } from './pattern-grouper.ts';
import { detectSpikes, spikeSummary, type SpikeOptions } from './spikes.ts';

export interface InsightOptions extends ReadOptions {
  /** Patterns returned (all are counted). */
  topPatterns?: number;
  maxSpikes?: number;
  spikeOptions?: SpikeOptions;
  onProgress?: (rowsRead: number) => void;
  /** The cells read with the investigation of `query` (InvestigateOptions.onPatternCells): no read of its own when they came. */
  patternCells?: Promise<PatternCells | null>;
}

/** The pre-read cells, or null; cancelling stops the wait (the read they come from ends on its own). */
async function preRead(options: InsightOptions): Promise<PatternCells | null> {
  const { patternCells, signal } = options;
  if (!patternCells) return null;
  if (signal?.aborted) throw new AppError('CANCELLED', 'Grouping the errors was cancelled');
  if (!signal) return patternCells;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, fail) => {
    onAbort = () => fail(new AppError('CANCELLED', 'Grouping the errors was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([patternCells, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The period of equal length right before the range, same filters. */
function periodBefore(query: ResolvedQuery): ResolvedQuery {
  const length = Date.parse(query.to) - Date.parse(query.from);
  return { ...query, from: new Date(Date.parse(query.from) - length).toISOString(), to: query.from };
}

/** A read started ahead of its use: a failure waits for the `await` (never an unhandled rejection). */
function ahead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * The errors of the period before (periodBefore), same reads, into the grouper as "before": each
 * pattern then says whether it is new, grew or shrank. Their total is the "usual" that words a range
 * with no spike. `cells`: that period's cells, when their read was started already.
 */
async function groupPeriodBefore(
  calls: CallSource,
  query: ResolvedQuery,
  grouper: PatternGrouper,
  read: ReadOptions,
  cells?: Promise<PatternCells> | null,
): Promise<{ from: string; to: string; count: number }> {
  const previous = periodBefore(query);
  const window = { from: previous.from, to: previous.to };
  let count = 0;
  grouper.markBeforeRead();
  const pre = await (cells ?? calls.patternCells(previous, read));
  if (pre && pre.cells.length < SEEN_LIMIT) {
    for (const cell of pre.cells) {
      grouper.addCell(cell, 'before');
      count += cell.count;
    }
  } else {
    await calls.forEachErrorPage(
      previous,
      (rows) => {
        for (const row of rows) grouper.addBefore(row);
        count += rows.length;
      },
      read,
    );
  }
  return { ...window, count };
}

/**
 * Patterns over every matching error, spikes from per-dimension series and what each spike's errors
 * have in common. LiteLLM sources pre-group the errors in SQL (patterns and series from one statement);
 * mapped ones stream every error page by page (never all in memory) and count the series from those rows.
 */
export async function computeInsights(
  calls: CallSource,
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
  let series: DimensionSeries[];
  let beforeCells: Promise<PatternCells> | null | undefined;
  let contextsRead: Promise<SpikeContext[]> | undefined;
  const maxSpikes = options.maxSpikes ?? 10;
  // Each incident spikes in up to three dimensions; read enough candidates to fill the list after folding.
  const spikesOf = (s: DimensionSeries[]) =>
    detectSpikes(s, buckets, query.bucketSeconds, options.spikeOptions).slice(0, maxSpikes * 3);
  let raw: ReturnType<typeof spikesOf> | undefined;
  const pre = (await preRead(options)) ?? (await calls.patternCells(query, read));
  // Past SEEN_LIMIT distinct texts Drain's memo of seen texts resets mid-stream: only rows in order replay that.
  if (pre && pre.cells.length < SEEN_LIMIT) {
    series = pre.series;
    // The period before and the spikes' contexts are read while Node groups (the series are known).
    const before = calls.patternCells(periodBefore(query), read);
    beforeCells = before && ahead(before);
    raw = spikesOf(series);
    contextsRead = ahead(calls.spikeContexts(query, raw, read));
    newestRequestId = pre.cells[0]?.example.requestId ?? null;
    for (const cell of pre.cells) grouper.addCell(cell);
    options.onProgress?.(grouper.total);
  } else {
    ({ series } = await calls.errorPagesWithSeries(
      query,
      (rows) => {
        newestRequestId ??= rows[0]?.requestId ?? null;
        for (const row of rows) grouper.add(row);
        options.onProgress?.(grouper.total);
      },
      read,
    ));
  }
  const before = await groupPeriodBefore(calls, query, grouper, read, beforeCells);
  const { patterns, patternCount } = grouper.result(options.topPatterns ?? 20);

  raw ??= spikesOf(series);
  const contexts = await (contextsRead ?? calls.spikeContexts(query, raw, read));
  const folded = foldCoincidentSpikes(raw.map((spike, i) => ({ ...spike, context: contexts[i]! })));
  const spikes = folded
    .slice(0, maxSpikes)
    .map((spike) => ({ ...spike, summary: spikeSummary(spike, query.bucketSeconds) }));

  return {
    investigationId,
    total: grouper.total,
    newestRequestId,
    bucketSeconds: query.bucketSeconds,
    buckets,
    // Named by cause with the deterministic rules; the analysis asks the LLM about what they leave unknown.
    patterns,
    patternCount,
    spikes,
    series,
    before,
  };
}
