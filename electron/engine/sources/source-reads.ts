import type { DimensionSeries, SpikeContext, SpikeDimension } from '../../../shared/analysis.ts';
import type { ErrorDetail, ValueCount } from '../../../shared/contract/drilldown.ts';
import type { ErrorRow, ResolvedQuery } from '../../../shared/investigation.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import * as litellm from './litellm/dimension-series.ts';
import { errorDetail as litellmErrorDetail } from './litellm/error-detail.ts';
import { forEachErrorPage as litellmPages } from './litellm/error-pages.ts';
import { patternCells as litellmPatternCells } from './litellm/pattern-cells.ts';
import { distinctValues, type ValuesQuery } from './litellm/values-query.ts';
import type { PatternCell } from '../insights/pattern-grouper.ts';
import { MappedDatabase } from './mapped/investigate.ts';
import { mappedErrorDetail, mappedValues } from './mapped/drilldown.ts';
import { forEachMappedErrorPage, mappedDimensionSeries, mappedSpikeContexts } from './mapped/insights.ts';

/**
 * The reads patterns, spikes and reports make, for any source: LiteLLM's own SQL, or the mapped
 * table's. Callers keep one import and never ask which kind of source they hold.
 */
export function forEachErrorPage(
  db: Database,
  query: ResolvedQuery,
  onPage: (rows: ErrorRow[]) => Promise<boolean | void> | boolean | void,
  options: ReadOptions & { pageSize?: number } = {},
): Promise<number> {
  return db instanceof MappedDatabase ? forEachMappedErrorPage(db, query, onPage, options) : litellmPages(db, query, onPage, options);
}

/** The values a field's errors carry in a range, most frequent first: filter suggestions and Ask's vocabulary. */
export function fieldValues(db: Database, q: ValuesQuery, options: ReadOptions & { now?: number } = {}): Promise<ValueCount[]> {
  return db instanceof MappedDatabase ? mappedValues(db, q, options) : distinctValues(db, q, options);
}

export function dimensionSeries(
  db: Database,
  query: ResolvedQuery,
  options: ReadOptions & { perDimension?: number } = {},
): Promise<{ buckets: string[]; series: DimensionSeries[] }> {
  return db instanceof MappedDatabase ? mappedDimensionSeries(db, query, options) : litellm.dimensionSeries(db, query, options);
}

/**
 * Errors pre-grouped by the database for patterns, with the spike series, in one read; null where the
 * source has no such statement (mapped tables: their dialects differ), so callers read every error.
 */
export function patternCells(
  db: Database,
  query: ResolvedQuery,
  options: ReadOptions = {},
): Promise<{ cells: PatternCell[]; series: DimensionSeries[] }> | null {
  return db instanceof MappedDatabase ? null : litellmPatternCells(db, query, options);
}

export function spikeContexts(
  db: Database,
  query: ResolvedQuery,
  windows: readonly { dimension: SpikeDimension; value: string | null; from: string; to: string }[],
  options: ReadOptions = {},
): Promise<SpikeContext[]> {
  return db instanceof MappedDatabase ? mappedSpikeContexts(db, query, windows, options) : litellm.spikeContexts(db, query, windows, options);
}

/** One error with every field, by request id, from any source (NOT_FOUND when no row has it). */
export function errorDetail(db: Database, requestId: string): Promise<ErrorDetail> {
  return db instanceof MappedDatabase ? mappedErrorDetail(db, requestId) : litellmErrorDetail(db, requestId);
}
