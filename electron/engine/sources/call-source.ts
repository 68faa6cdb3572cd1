import type { DimensionSeries, SpikeContext, SpikeDimension } from '../../../shared/analysis.ts';
import type { ErrorDetail, ValueCount, ValueField } from '../../../shared/contract/drilldown.ts';
import type { Filters } from '../../../shared/filters.ts';
import type { HealthReport } from '../../../shared/health.ts';
import type { ErrorRow, Investigation, ResolvedQuery } from '../../../shared/investigation.ts';
import type { TimeRange } from '../../../shared/time-range.ts';
import type { RequestPage, RequestPageQuery, Traffic, TrafficFilters } from '../../../shared/traffic.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import type { HealthOptions } from '../health/health-check.ts';
import type { PatternCell } from '../insights/pattern-grouper.ts';
import type { TrafficOptions } from '../traffic/traffic.ts';

/** How an investigation runs: the engine's clock, the large-scan guard, progress and the first rows. */
export interface InvestigateOptions extends ReadOptions {
  now: number;
  /** Refuse (LARGE_SCAN) when EXPLAIN estimates the query reads more rows than this. */
  largeScanRows?: number;
  onProgress?: (message: string) => void;
  /** The newest rows (the table's first screen) before the aggregate, where the session can bound them. */
  onFirstRows?: (rows: ErrorRow[]) => void;
  firstRowsTimeoutMs?: number;
  /**
   * The patterns' cells read with the investigation (its error set computed once for the whole
   * picture), handed over once the investigation is answered: LiteLLM sources; null where the
   * session does not stream rows or that read failed. `stop` ends that read where it still runs (its
   * cells are then null). A mapped source never calls it.
   */
  onPatternCells?: (cells: Promise<PatternCells | null>, stop: () => void) => void;
}

/** Errors pre-grouped for patterns, with the spike series (CallSource.patternCells). */
export type PatternCells = { cells: PatternCell[]; series: DimensionSeries[] };

/** The values one field's errors carry in a range (filter suggestions, Ask's vocabulary). */
export interface ValuesQuery {
  field: ValueField;
  timeRange: TimeRange;
  search?: string | undefined;
  limit: number;
}

/** Errors and requests of one stretch of time. */
export interface Counts {
  errors: number;
  requests: number;
}

export interface WatchWindows {
  /** The window just polled: [currentFrom, now). */
  currentFrom: number;
  now: number;
  /** The trailing baseline: [baselineFrom, baselineTo). */
  baselineFrom: number;
  baselineTo: number;
}

export type SpikeWindow = { dimension: SpikeDimension; value: string | null; from: string; to: string };
export type ErrorPageHandler = (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void;

/**
 * Every read the engine makes of a source of LLM calls (DESIGN §2, §8, §9). One adapter per kind of
 * source — LiteLLM's own tables (`litellm/`), a mapped call-log table (`mapped/`) — so the compiler,
 * not an `instanceof` chain, makes each kind answer each read. `Connections` hands these out.
 */
export interface CallSource {
  readonly kind: 'litellm' | 'mapped';
  /** Where the calls are read from, for logs and results (no secret). */
  readonly description: string;
  /** The database underneath: for work that is not a read of calls (connection tests). */
  readonly database: Database;

  /**
   * Totals, breakdowns, timeline and the newest rows in one snapshot. The first rows (`onFirstRows`,
   * before the totals) come only where the session can bound a statement: LiteLLM sources; a mapped
   * source answers with its whole result at once and never calls it.
   */
  investigate(filters: Filters, options: InvestigateOptions): Promise<Investigation>;
  /** Every matching error, newest first, page by page in one snapshot; `onPage` returning false stops. Resolves the rows read. */
  forEachErrorPage(
    query: ResolvedQuery,
    onPage: ErrorPageHandler,
    options?: ReadOptions & { pageSize?: number },
  ): Promise<number>;
  /**
   * Every matching error page by page (as forEachErrorPage, read to the end) and the spike series of
   * the same errors (as dimensionSeries): where the source counts the series from the rows it streams
   * (mapped tables), one read of the range instead of two.
   */
  errorPagesWithSeries(
    query: ResolvedQuery,
    onPage: (rows: ErrorRow[]) => Promise<void> | void,
    options?: ReadOptions & { pageSize?: number; perDimension?: number },
  ): Promise<{ rows: number; series: DimensionSeries[] }>;
  /** One error with every field, by request id (NOT_FOUND when no row has it). */
  errorDetail(requestId: string, options?: ReadOptions): Promise<ErrorDetail>;
  /** The values a field's errors carry in a range, most frequent first: filter suggestions and Ask's vocabulary. */
  values(q: ValuesQuery, options: ReadOptions & { now: number }): Promise<ValueCount[]>;
  /** Errors per bucket for each model, key alias and error type: the spike detector's input. */
  dimensionSeries(
    query: ResolvedQuery,
    options?: ReadOptions & { perDimension?: number },
  ): Promise<{ buckets: string[]; series: DimensionSeries[] }>;
  /** What the errors of each spike window have in common. */
  spikeContexts(
    query: ResolvedQuery,
    windows: readonly SpikeWindow[],
    options?: ReadOptions,
  ): Promise<SpikeContext[]>;
  /**
   * Errors pre-grouped by the database for patterns, with the spike series, in one read; `null` where
   * the source has no such statement (mapped tables), so callers read every error page instead.
   */
  patternCells(query: ResolvedQuery, options?: ReadOptions): Promise<PatternCells> | null;
  /** The traffic of DESIGN §8: both periods, every breakdown, the series and the first page of requests. */
  traffic(filters: TrafficFilters, options: TrafficOptions): Promise<Traffic>;
  /** A further page of the request list, in its own snapshot. */
  trafficRequests(
    filters: TrafficFilters,
    page: RequestPageQuery,
    options: TrafficOptions,
  ): Promise<RequestPage>;
  /** A watch's poll: errors and requests in the current window and in the baseline. */
  watchCounts(
    filters: Filters,
    windows: WatchWindows,
    options?: ReadOptions,
  ): Promise<{ current: Counts; baseline: Counts }>;
  /** Integrity and health of the source's tables over a range. */
  healthCheck(range: { from: string; to: string }, options: HealthOptions): Promise<HealthReport>;
  close(): Promise<void>;
}
