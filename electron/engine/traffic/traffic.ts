import type { PriceTable } from '../../../shared/llm-settings.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { TrafficFilters as TrafficFiltersSchema, type Granularity, type RequestPage, type RequestPageQuery, type Traffic, type TrafficBasis, type TrafficFilters } from '../../../shared/traffic.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import { detectSchema, schemaNotes } from '../litellm/schema.ts';
import { AppError } from '../../../shared/errors.ts';
import { dailyEligible, dailyIneligibleReason, detectDailyTables, readDailyAggregates } from './daily.ts';
import { flattenAggregates, readAggregates, readRequestPage, resolveTrafficQuery } from './traffic-query.ts';
import { MappedDatabase } from '../sources/investigate-mapped.ts';
import { mappedTraffic, mappedTrafficRequests } from '../sources/mapped-traffic.ts';

export interface TrafficOptions extends ReadOptions {
  now?: number;
  granularity?: Granularity | undefined;
  /** `auto`: the daily tables when they can answer (whole UTC days, filters they hold), else SpendLogs. */
  basis?: TrafficBasis | 'auto';
  prices: PriceTable;
  page?: RequestPageQuery;
}

export const DAILY_LABEL = 'from daily totals';
const SPEND_LOGS_LABEL = 'from request logs';

/** The traffic of DESIGN §8 in one read-only snapshot: both periods, every breakdown, the series and the first page. */
export async function traffic(db: Database, filters: TrafficFilters, options: TrafficOptions): Promise<Traffic> {
  if (db instanceof MappedDatabase) return mappedTraffic(db, filters, options);
  const started = Date.now();
  const query = resolveTrafficQuery(filters, { now: options.now, granularity: options.granularity, currency: options.prices.currency });
  if (query.modelContains) throw new AppError('BAD_ARGUMENT', 'model-contains: only call-log tables (--table) take it; on LiteLLM name the models with --model');
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const daily = await detectDailyTables(sql);
    const eligible = dailyEligible(daily, query, options.granularity);
    if (options.basis === 'daily' && !eligible) {
      throw new AppError('BAD_ARGUMENT', `basis: the daily tables cannot answer this query (${dailyIneligibleReason(daily, query, options.granularity)})`);
    }
    const basis: TrafficBasis = options.basis === 'daily' || (options.basis !== 'spend_logs' && eligible) ? 'daily' : 'spend_logs';
    const queryStarted = Date.now();
    const agg = basis === 'daily' ? await readDailyAggregates(sql, daily, query) : await readAggregates(sql, schema, query, options.prices);
    const page: RequestPage =
      basis === 'daily' || (options.page?.limit ?? 50) === 0
        ? { requests: [], nextCursor: null }
        : await readRequestPage(sql, schema, query, options.prices, options.page ?? { sort: 'time', direction: 'desc', cursor: null, limit: 50 });
    const notes = schemaNotes(schema);
    if (basis === 'daily') notes.push('Figures from LiteLLM\'s daily tables: no latency, no request list, day granularity.');
    if (query.currency !== 'USD') notes.push(`LiteLLM records spend in USD; estimates use the price table's ${query.currency}.`);
    return {
      query: basis === 'daily' ? { ...query, granularity: 'day' } : query,
      basis,
      basisLabel: basis === 'daily' ? DAILY_LABEL : SPEND_LOGS_LABEL,
      ...flattenAggregates(agg),
      requests: page.requests,
      nextCursor: page.nextCursor,
      timings: { totalMs: Date.now() - started, queryMs: Date.now() - queryStarted },
      notes,
    };
  }, options);
}

/** A further page of the request list, in its own snapshot (the list moves on as LiteLLM writes). */
export async function trafficRequests(db: Database, filters: TrafficFilters, page: RequestPageQuery, options: TrafficOptions): Promise<RequestPage> {
  if (db instanceof MappedDatabase) return mappedTrafficRequests(db, filters, page, options);
  const query = resolveTrafficQuery(filters, { now: options.now, granularity: options.granularity, currency: options.prices.currency });
  return db.readOnly(async (sql) => readRequestPage(sql, await detectSchema(sql), query, options.prices, page), options);
}

/** The traffic filters of an investigation's resolved query: the same range and error filters. */
export function trafficFiltersFor(q: ResolvedQuery): TrafficFilters {
  return TrafficFiltersSchema.parse({
    timeRange: { kind: 'absolute', from: q.from, to: q.to },
    keyAliases: q.keyAliases,
    models: q.models,
    errorTypes: q.errorTypes,
    statusCodes: q.statusCodes,
    teamAliases: q.teamAliases,
    ...(q.exclude ? { exclude: q.exclude } : {}),
    ...(q.text ? { text: q.text } : {}),
  });
}
