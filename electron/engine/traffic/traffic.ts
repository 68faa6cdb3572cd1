import type { ResolvedQuery } from '../../../shared/investigation.ts';
import {
  TrafficFilters as TrafficFiltersSchema,
  type RequestPage,
  type RequestPageQuery,
  type Traffic,
  type TrafficBasis,
  type TrafficFilters,
  type TrafficQuery,
} from '../../../shared/traffic.ts';
import type { Database } from '../db/database.ts';
import { detectSchema, schemaNotes } from '../sources/litellm/schema.ts';
import { readAttempts } from '../sources/litellm/attempts-query.ts';
import { errorSetParams } from '../sources/litellm/error-query.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  dailyDisagreements,
  dailyEligible,
  dailyIneligibleReason,
  detectDailyTables,
  filtersRollupsLack,
  readDailyAggregates,
  spendLogsHolds,
} from './daily.ts';
import { isWholeDays } from '../../../shared/traffic-buckets.ts';
import { flattenAggregates, readAggregates, readRequestPage, trafficQueryFor } from './traffic-query.ts';
import type { TrafficOptions } from './traffic-options.ts';

export type { TrafficOptions } from './traffic-options.ts';

export const DAILY_LABEL = 'from daily totals';
const SPEND_LOGS_LABEL = 'from request logs';

/** The traffic of DESIGN §8 in one read-only snapshot: both periods, every breakdown, the series and the first page. */
export async function traffic(
  db: Database,
  filters: TrafficFilters,
  options: TrafficOptions,
): Promise<Traffic> {
  const started = Date.now();
  const query = trafficQueryFor(filters, options);
  if (query.modelContains)
    throw new AppError(
      'BAD_ARGUMENT',
      'model-contains: only call-log tables (--table) take it; on LiteLLM name the models with --model',
    );
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const daily = await detectDailyTables(sql);
    const eligible = dailyEligible(daily, query, options.granularity);
    if (options.basis === 'daily' && !eligible) {
      throw new AppError(
        'BAD_ARGUMENT',
        `basis: the daily tables cannot answer this query (${dailyIneligibleReason(daily, query, options.granularity)})`,
      );
    }
    // For days SpendLogs still holds it is the answer; the daily tables answer for days it no longer holds, or when asked.
    const auto = options.basis !== 'spend_logs' && options.basis !== 'daily';
    const basis: TrafficBasis =
      options.basis === 'daily' ||
      (auto && eligible && !(schema.spendLogs && (await spendLogsHolds(sql, query.from))))
        ? 'daily'
        : 'spend_logs';
    const queryStarted = Date.now();
    const agg =
      basis === 'daily'
        ? await readDailyAggregates(sql, daily, query)
        : await readAggregates(sql, schema, query, options.prices);
    const page: RequestPage =
      basis === 'daily' || (options.page?.limit ?? 50) === 0
        ? { requests: [], nextCursor: null }
        : await readRequestPage(
            sql,
            schema,
            query,
            options.prices,
            options.page ?? { sort: 'time', direction: 'desc', cursor: null, limit: 50 },
          );
    const notes = schemaNotes(schema);
    // Failed attempts are read from ErrorLogs on every basis: the daily tables hold none.
    const attempts = await readAttempts(sql, schema, errorSetParams(query), {
      standIn: false,
      deploymentFailures: agg.summary.failed,
    });
    if (schema.errorLogs) agg.summary.failedAttempts = attempts.total;
    if (attempts.note) notes.push(attempts.note);
    if (basis === 'spend_logs' && daily.user && isWholeDays(query) && !hasAnyFilter(query)) {
      for (const d of await dailyDisagreements(sql, query))
        notes.push(
          `${d.day}: LiteLLM's daily tables count ${d.daily} requests, "LiteLLM_SpendLogs" ${d.spendLogs}; the figures are SpendLogs' (the daily tables can lose rows: LiteLLM #29292).`,
        );
    }
    if (basis === 'daily')
      notes.push("Figures from LiteLLM's daily tables: no latency, no request list, day granularity.");
    if (query.currency !== 'USD')
      notes.push(`LiteLLM records spend in USD; estimates use the price table's ${query.currency}.`);
    return {
      query: basis === 'daily' ? { ...query, granularity: 'day', bucketSeconds: 86_400 } : query,
      basis,
      basisLabel: basis === 'daily' ? DAILY_LABEL : SPEND_LOGS_LABEL,
      ttftRecorded: basis !== 'daily',
      ...flattenAggregates(agg),
      requests: page.requests,
      nextCursor: page.nextCursor,
      timings: { totalMs: Date.now() - started, queryMs: Date.now() - queryStarted },
      notes,
    };
  }, options);
}

const hasAnyFilter = (q: TrafficQuery) =>
  q.keyAliases.length > 0 || q.models.length > 0 || filtersRollupsLack(q).length > 0;

/** A further page of the request list, in its own snapshot (the list moves on as LiteLLM writes). */
export async function trafficRequests(
  db: Database,
  filters: TrafficFilters,
  page: RequestPageQuery,
  options: TrafficOptions,
): Promise<RequestPage> {
  const query = trafficQueryFor(filters, options);
  return db.readOnly(
    async (sql) => readRequestPage(sql, await detectSchema(sql), query, options.prices, page),
    options,
  );
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
