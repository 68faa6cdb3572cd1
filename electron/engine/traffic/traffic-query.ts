import type { PriceTable } from '../../../shared/llm-settings.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  granularBuckets,
  isCalendarUnit,
  MAX_BUCKETS,
  previousRange,
  seriesBucketSeconds,
  seriesBuckets,
} from '../../../shared/traffic-buckets.ts';
import {
  Granularity,
  RequestPage,
  RequestPageQuery,
  SeriesPoint,
  TrafficFigures,
  TrafficFilters,
  TrafficQuery,
  TrafficRequest,
  TrafficSummary,
  Traffic,
  UsageRemainder,
} from '../../../shared/traffic.ts';
import type { ResolvedRange } from '../../../shared/time-range.ts';
import type { SqlParam, SqlRunner } from '../db/database.ts';
import { priceParams } from '../llm/price-table.ts';
import { errorSetParams } from '../sources/litellm/error-query.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { mapErrorRow } from '../query/error-row.ts';
import type { LiteLLMSchema } from '../sources/litellm/schema.ts';
import { aggregateSql, pageSql, type DimensionName } from './traffic-sql.ts';
import { decodeCursor, encodeCursor } from '../query/cursor.ts';
import type { TrafficOptions } from './traffic-options.ts';

export function resolveTrafficQuery(
  filters: TrafficFilters,
  options: { now: number; granularity?: Granularity | undefined; currency: string },
): TrafficQuery {
  const base = resolveQuery(filters, options.now);
  const granularity = options.granularity ?? 'auto';
  const bucketSeconds = seriesBucketSeconds(base, options.granularity);
  if (options.granularity && !seriesBuckets({ ...base, granularity, bucketSeconds }))
    throw tooManyBuckets(base, options.granularity);
  const prev = previousRange(base);
  return {
    ...base,
    bucketSeconds,
    endUsers: filters.endUsers,
    sessionIds: filters.sessionIds,
    deployments: filters.deployments,
    outcome: filters.outcome,
    ...(filters.modelContains ? { modelContains: filters.modelContains } : {}),
    granularity,
    previousFrom: prev.from,
    previousTo: prev.to,
    currency: options.currency,
  };
}

/** What to do instead: the coarser granularities that fit, or, where none does, a shorter range. */
function tooManyBuckets(range: ResolvedRange, granularity: Granularity): AppError {
  const order = Granularity.options;
  const coarser = order.slice(order.indexOf(granularity) + 1).filter((g) => granularBuckets(range, g));
  const coarsest = order.at(-1)!;
  const advice = coarser.length
    ? `; choose ${coarser.length > 1 ? `${coarser.slice(0, -1).join(', ')} or ${coarser.at(-1)}` : coarser[0]}`
    : `, and ${coarsest} is the coarsest: narrow the range to at most ${MAX_BUCKETS} ${coarsest}s (about ${Math.floor(MAX_BUCKETS / 12)} years)`;
  return new AppError(
    'BAD_ARGUMENT',
    `granularity: "${granularity}" gives more than ${MAX_BUCKETS} buckets over this range${advice}`,
  );
}

/** $1–$23 of traffic-sql.ts for a span [from, to) split at `split`. */
export function trafficParams(
  q: TrafficQuery,
  span: { from: string; to: string; split: string },
  prices: PriceTable,
): SqlParam[] {
  const list = (values: readonly string[]) => (values.length ? values : null);
  return [
    ...errorSetParams({ ...q, from: span.from, to: span.to }),
    span.split,
    list(q.endUsers),
    list(q.sessionIds),
    list(q.deployments),
    q.outcome,
    ...priceParams(prices),
  ];
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const ms = (v: unknown): number | null => (num(v) === null ? null : Math.round(num(v)! * 10) / 10);
const rate = (failed: number, requests: number) => (requests ? failed / requests : 0);

function summaryOf(r: Record<string, unknown> | undefined): TrafficSummary {
  const requests = Number(r?.requests ?? 0);
  const failed = Number(r?.failed ?? 0);
  return {
    requests,
    failed,
    errorRate: rate(failed, requests),
    p50Ms: ms(r?.p50),
    p95Ms: ms(r?.p95),
    p99Ms: ms(r?.p99),
    ttftP50Ms: ms(r?.ttft_p50),
    ttftP95Ms: ms(r?.ttft_p95),
    promptTokens: Number(r?.prompt_tokens ?? 0),
    completionTokens: Number(r?.completion_tokens ?? 0),
    totalTokens: Number(r?.total_tokens ?? 0),
    cachedTokens: Number(r?.cached_tokens ?? 0),
    reasoningTokens: Number(r?.reasoning_tokens ?? 0),
    spend: Number(r?.spend ?? 0),
    spendEstimated: r?.estimated === true || r?.estimated === 't',
  };
}

export function figuresOf(s: TrafficSummary): TrafficFigures {
  return {
    requests: s.requests,
    failed: s.failed,
    errorRate: s.errorRate,
    p95Ms: s.p95Ms,
    totalTokens: s.totalTokens,
    spend: s.spend,
    spendEstimated: s.spendEstimated,
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const isTrue = (v: unknown) => v === true || v === 't';

export interface TrafficAggregates {
  summary: TrafficSummary;
  previous: TrafficSummary;
  byModel: { model: string | null; figures: TrafficFigures; previous: TrafficFigures | null }[];
  byDeployment: {
    deployment: string | null;
    apiBase: string | null;
    model: string | null;
    figures: TrafficFigures;
    previous: TrafficFigures | null;
  }[];
  byKeyAlias: { keyAlias: string | null; figures: TrafficFigures; previous: TrafficFigures | null }[];
  byTeam: { teamAlias: string | null; figures: TrafficFigures; previous: TrafficFigures | null }[];
  byEndUser: { endUser: string | null; figures: TrafficFigures; previous: TrafficFigures | null }[];
  others: NonNullable<Traffic['others']>;
  series: SeriesPoint[];
}

/** Groups the grouping-set rows into the summary, both periods' breakdowns and the filled series. */
export function shapeAggregates(rows: Record<string, unknown>[], q: TrafficQuery): TrafficAggregates {
  const byDim = new Map<DimensionName, { cur: Record<string, unknown>[]; prev: Record<string, unknown>[] }>();
  for (const row of rows) {
    const dim = String(row.dim) as DimensionName;
    const entry = byDim.get(dim) ?? { cur: [], prev: [] };
    (isTrue(row.cur) ? entry.cur : entry.prev).push(row);
    byDim.set(dim, entry);
  }
  const breakdown = <T>(
    dim: DimensionName,
    keyOf: (r: Record<string, unknown>) => string,
    make: (r: Record<string, unknown>) => T,
  ) => {
    const { cur = [], prev = [] } = byDim.get(dim) ?? {};
    const before = new Map(prev.map((r) => [keyOf(r), figuresOf(summaryOf(r))]));
    // Ties by key in code-unit order: the same list whatever order an engine grouped the rows in.
    return cur
      .map((r) => ({
        key: keyOf(r),
        item: { ...make(r), figures: figuresOf(summaryOf(r)), previous: before.get(keyOf(r)) ?? null },
      }))
      .sort(
        (a, b) =>
          b.item.figures.requests - a.item.figures.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
      )
      .map(({ item }) => item);
  };
  const one = (column: string) => (r: Record<string, unknown>) => JSON.stringify(r[column] ?? null);
  // `other:<dim>` rows: the values past the SQL's top N, `r` of them (none where the source lists all).
  const other = (dim: DimensionName): UsageRemainder => {
    const row = byDim.get(`other:${dim}` as DimensionName)?.cur[0];
    return { ...figuresOf(summaryOf(row)), values: Number(row?.r ?? 0) };
  };
  const totals = byDim.get('total');
  const points = new Map((byDim.get('series')?.cur ?? []).map((r) => [String(r.bucket), r]));
  const series = (seriesBuckets(q) ?? []).map((bucket): SeriesPoint => {
    const s = summaryOf(points.get(bucket));
    return { bucket, ...figuresOf(s), p50Ms: s.p50Ms, p99Ms: s.p99Ms };
  });
  return {
    summary: summaryOf(totals?.cur[0]),
    previous: summaryOf(totals?.prev[0]),
    byModel: breakdown('model', one('model'), (r) => ({ model: str(r.model) })),
    byDeployment: breakdown(
      'deployment',
      (r) => JSON.stringify([r.deployment ?? null, r.api_base ?? null, r.model ?? null]),
      (r) => ({ deployment: str(r.deployment), apiBase: str(r.api_base), model: str(r.model) }),
    ),
    byKeyAlias: breakdown('keyAlias', one('key_alias'), (r) => ({ keyAlias: str(r.key_alias) })),
    byTeam: breakdown('teamAlias', one('team_alias'), (r) => ({ teamAlias: str(r.team_alias) })),
    byEndUser: breakdown('endUser', one('end_user'), (r) => ({ endUser: str(r.end_user) })),
    others: {
      byModel: other('model'),
      byDeployment: other('deployment'),
      byKeyAlias: other('keyAlias'),
      byTeam: other('teamAlias'),
      byEndUser: other('endUser'),
    },
    series,
  };
}

type Flat<T extends { figures: TrafficFigures }> = Omit<T, 'figures'> & TrafficFigures;
const flat = <T extends { figures: TrafficFigures }>(list: T[]): Flat<T>[] =>
  list.map(({ figures, ...rest }) => ({ ...rest, ...figures }));

/** The aggregates as the Traffic document carries them: each breakdown value's figures spread beside its key. */
export function flattenAggregates(agg: TrafficAggregates) {
  return {
    summary: agg.summary,
    previous: agg.previous,
    byModel: flat(agg.byModel),
    byDeployment: flat(agg.byDeployment),
    byKeyAlias: flat(agg.byKeyAlias),
    byTeam: flat(agg.byTeam),
    byEndUser: flat(agg.byEndUser),
    others: agg.others,
    series: agg.series,
  };
}

/** Summary, breakdowns and series of both periods: one statement over [previousFrom, to). */
export async function readAggregates(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  q: TrafficQuery,
  prices: PriceTable,
): Promise<TrafficAggregates> {
  const params = trafficParams(q, { from: q.previousFrom, to: q.to, split: q.from }, prices);
  const calendar = isCalendarUnit(q.granularity);
  const rows = await sql.query(aggregateSql(schema, q, calendar), [
    ...params,
    calendar ? q.granularity : q.bucketSeconds,
  ]);
  return shapeAggregates(rows, q);
}

export function mapRequestRow(r: Record<string, unknown>): TrafficRequest {
  const failed = isTrue(r.failed);
  const base = mapErrorRow({ ...r, error_type: r.error_type ?? (failed ? 'Unknown' : null) });
  return {
    ...base,
    errorType: failed ? base.errorType : null,
    status: failed ? 'failure' : 'success',
    endUser: str(r.end_user),
    sessionId: str(r.session_id),
    ttftMs: num(r.ttft_ms) === null ? null : Math.round(num(r.ttft_ms)!),
    promptTokens: num(r.prompt_tokens),
    completionTokens: num(r.completion_tokens),
    spend: num(r.spend_total),
    spendEstimated: isTrue(r.estimated),
  };
}

/** One page of the request list (successful requests too), newest first unless sorted otherwise. */
export async function readRequestPage(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  q: TrafficQuery,
  prices: PriceTable,
  page: RequestPageQuery,
): Promise<RequestPage> {
  const cursor = decodeCursor(page.cursor);
  const params = trafficParams(q, { from: q.from, to: q.to, split: q.from }, prices);
  const rows = await sql.query(pageSql(schema, page.sort, page.direction, q), [
    ...params,
    cursor ? String(cursor.v) : null,
    cursor ? cursor.id : null,
    page.limit + 1,
  ]);
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    requests: shown.map(mapRequestRow),
    nextCursor:
      more && last ? encodeCursor({ v: Number(last.sort_value), id: String(last.request_id) }) : null,
  };
} /** The query a traffic read answers: its clock, granularity and the price table's currency. */
export const trafficQueryFor = (filters: TrafficFilters, options: TrafficOptions): TrafficQuery =>
  resolveTrafficQuery(filters, {
    now: options.now,
    granularity: options.granularity,
    currency: options.prices.currency,
  });
