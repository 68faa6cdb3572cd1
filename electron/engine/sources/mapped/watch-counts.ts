import type { Filters } from '../../../../shared/filters.ts';
import { TrafficFilters } from '../../../../shared/traffic.ts';
import type { ReadOptions } from '../../db/database.ts';
import { DEFAULT_PRICES } from '../../llm/price-table.ts';
import type { Counts, WatchWindows } from '../call-source.ts';
import type { MappedDatabase } from './investigate.ts';
import { mappedTraffic } from './traffic.ts';

/**
 * A mapped call-log table has no LiteLLM SQL to run: its traffic summary gives both numbers
 * (failed = the investigation's total for the same filters), once per window.
 */
export async function mappedWatchCounts(
  db: MappedDatabase,
  filters: Filters,
  w: WatchWindows,
  options: ReadOptions = {},
): Promise<{ current: Counts; baseline: Counts }> {
  const span = async (from: number, to: number): Promise<Counts> => {
    const timeRange = {
      kind: 'absolute' as const,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    };
    const t = await mappedTraffic(db, TrafficFilters.parse({ ...filters, timeRange }), {
      ...options,
      now: w.now,
      prices: DEFAULT_PRICES,
      page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
    });
    return { errors: t.summary.failed, requests: t.summary.requests };
  };
  return { current: await span(w.currentFrom, w.now), baseline: await span(w.baselineFrom, w.baselineTo) };
}
