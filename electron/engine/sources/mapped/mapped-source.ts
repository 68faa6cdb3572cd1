import type { Filters } from '../../../../shared/filters.ts';
import type { ErrorRow, ResolvedQuery } from '../../../../shared/investigation.ts';
import type { SourceMapping } from '../../../../shared/source-mapping.ts';
import type { RequestPageQuery, TrafficFilters } from '../../../../shared/traffic.ts';
import type { Database, ReadOptions } from '../../db/database.ts';
import type { HealthOptions } from '../../health/health-check.ts';
import type { TrafficOptions } from '../../traffic/traffic.ts';
import type {
  CallSource,
  ErrorPageHandler,
  InvestigateOptions,
  SpikeWindow,
  ValuesQuery,
  WatchWindows,
} from '../call-source.ts';
import { mappedErrorDetail, mappedValues } from './drilldown.ts';
import { mappedHealthCheck } from './health.ts';
import {
  forEachMappedErrorPage,
  mappedDimensionSeries,
  mappedErrorPagesWithSeries,
  mappedSpikeContexts,
} from './insights.ts';
import { investigateMapped, MappedDatabase } from './investigate.ts';
import { mappedTraffic, mappedTrafficRequests } from './traffic.ts';
import { mappedWatchCounts } from './watch-counts.ts';

/** A table of LLM calls read through its mapping (DESIGN §9), on PostgreSQL, MySQL/MariaDB or SQLite. */
export class MappedSource implements CallSource {
  readonly kind = 'mapped';
  readonly database: MappedDatabase;

  constructor(inner: Database, mapping: SourceMapping) {
    this.database = new MappedDatabase(inner, mapping);
  }

  get description(): string {
    return this.database.description;
  }

  get mapping(): SourceMapping {
    return this.database.mapping;
  }

  investigate(filters: Filters, options: InvestigateOptions) {
    return investigateMapped(this.database, filters, options);
  }

  forEachErrorPage(
    query: ResolvedQuery,
    onPage: ErrorPageHandler,
    options?: ReadOptions & { pageSize?: number },
  ) {
    return forEachMappedErrorPage(this.database, query, onPage, options);
  }

  errorPagesWithSeries(
    query: ResolvedQuery,
    onPage: (rows: ErrorRow[]) => Promise<void> | void,
    options?: ReadOptions & { pageSize?: number; perDimension?: number },
  ) {
    return mappedErrorPagesWithSeries(this.database, query, onPage, options);
  }

  errorDetail(requestId: string, options?: ReadOptions) {
    return mappedErrorDetail(this.database, requestId, options);
  }

  values(q: ValuesQuery, options: ReadOptions & { now: number }) {
    return mappedValues(this.database, q, options);
  }

  dimensionSeries(query: ResolvedQuery, options?: ReadOptions & { perDimension?: number }) {
    return mappedDimensionSeries(this.database, query, options);
  }

  spikeContexts(query: ResolvedQuery, windows: readonly SpikeWindow[], options?: ReadOptions) {
    return mappedSpikeContexts(this.database, query, windows, options);
  }

  /** Mapped tables stream every error page instead: their dialects have no shared pre-grouping statement. */
  patternCells(): null {
    return null;
  }

  traffic(filters: TrafficFilters, options: TrafficOptions) {
    return mappedTraffic(this.database, filters, options);
  }

  trafficRequests(filters: TrafficFilters, page: RequestPageQuery, options: TrafficOptions) {
    return mappedTrafficRequests(this.database, filters, page, options);
  }

  watchCounts(filters: Filters, windows: WatchWindows, options?: ReadOptions) {
    return mappedWatchCounts(this.database, filters, windows, options);
  }

  healthCheck(range: { from: string; to: string }, options: HealthOptions) {
    return mappedHealthCheck(this.database, range, options);
  }

  close() {
    return this.database.close();
  }
}
