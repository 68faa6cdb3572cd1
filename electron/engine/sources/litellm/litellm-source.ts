import type { Filters } from '../../../../shared/filters.ts';
import type { ErrorRow, ResolvedQuery } from '../../../../shared/investigation.ts';
import type { RequestPageQuery, TrafficFilters } from '../../../../shared/traffic.ts';
import type { Database, ReadOptions } from '../../db/database.ts';
import { healthCheck, type HealthOptions } from '../../health/health-check.ts';
import { traffic, trafficRequests, type TrafficOptions } from '../../traffic/traffic.ts';
import type {
  CallSource,
  ErrorPageHandler,
  InvestigateOptions,
  SpikeWindow,
  ValuesQuery,
  WatchWindows,
} from '../call-source.ts';
import { dimensionSeries, spikeContexts } from './dimension-series.ts';
import { errorDetail } from './error-detail.ts';
import { forEachErrorPage } from './error-pages.ts';
import { investigate } from './investigate.ts';
import { patternCells } from './pattern-cells.ts';
import { distinctValues } from './values-query.ts';
import { watchCounts } from './watch-counts.ts';

/** LiteLLM's own tables (SpendLogs, ErrorLogs, the daily tables) read with their tuned SQL. */
export class LiteLLMSource implements CallSource {
  readonly kind = 'litellm';

  constructor(readonly database: Database) {}

  get description(): string {
    return this.database.description;
  }

  investigate(filters: Filters, options: InvestigateOptions) {
    return investigate(this.database, filters, options);
  }

  forEachErrorPage(
    query: ResolvedQuery,
    onPage: ErrorPageHandler,
    options?: ReadOptions & { pageSize?: number },
  ) {
    return forEachErrorPage(this.database, query, onPage, options);
  }

  /** Two reads: the series come from their own statement (the pattern cells carry them when they can). */
  async errorPagesWithSeries(
    query: ResolvedQuery,
    onPage: (rows: ErrorRow[]) => Promise<void> | void,
    options?: ReadOptions & { pageSize?: number; perDimension?: number },
  ) {
    const rows = await forEachErrorPage(this.database, query, onPage, options);
    return { rows, series: (await dimensionSeries(this.database, query, options)).series };
  }

  errorDetail(requestId: string, options?: ReadOptions) {
    return errorDetail(this.database, requestId, options);
  }

  values(q: ValuesQuery, options: ReadOptions & { now: number }) {
    return distinctValues(this.database, q, options);
  }

  dimensionSeries(query: ResolvedQuery, options?: ReadOptions & { perDimension?: number }) {
    return dimensionSeries(this.database, query, options);
  }

  spikeContexts(query: ResolvedQuery, windows: readonly SpikeWindow[], options?: ReadOptions) {
    return spikeContexts(this.database, query, windows, options);
  }

  patternCells(query: ResolvedQuery, options?: ReadOptions) {
    return patternCells(this.database, query, options);
  }

  traffic(filters: TrafficFilters, options: TrafficOptions) {
    return traffic(this.database, filters, options);
  }

  trafficRequests(filters: TrafficFilters, page: RequestPageQuery, options: TrafficOptions) {
    return trafficRequests(this.database, filters, page, options);
  }

  watchCounts(filters: Filters, windows: WatchWindows, options?: ReadOptions) {
    return watchCounts(this.database, filters, windows, options);
  }

  healthCheck(range: { from: string; to: string }, options: HealthOptions) {
    return healthCheck(this.database, range, options);
  }

  close() {
    return this.database.close();
  }
}
