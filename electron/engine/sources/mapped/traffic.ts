import { AppError } from '../../../../shared/errors.ts';
import { mapsField } from '../../../../shared/source-mapping.ts';
import type {
  RequestPage,
  RequestPageQuery,
  Traffic,
  TrafficFilters,
  TrafficQuery,
} from '../../../../shared/traffic.ts';
import type { SqlRunner } from '../../db/database.ts';
import {
  flattenAggregates,
  trafficQueryFor,
  shapeAggregates,
  type TrafficAggregates,
} from '../../traffic/traffic-query.ts';
import type { TrafficOptions } from '../../traffic/traffic.ts';
import { checkedMapping, type MappedDatabase } from './investigate.ts';
import { findRollups, rollupAggregateSql, rollupPeriod } from './rollups.ts';
import { flag, money, readMappedPage } from './page.ts';
import { appCurrency, mappedAggregateSql, modelsSql, PERCENTILES, type Pricing } from './traffic-sql.ts';
import { sqlDialect, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../validate-mapping.ts';

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

/**
 * percentile_cont as PostgreSQL computes it (float8: first + (second − first) · (p·(n−1) − ⌊p·(n−1)⌋)),
 * from the two ranked rows the SQL returned.
 */
export function percentileCont(fraction: number, n: number, lo: unknown, hi: unknown): number | null {
  if (!n || num(lo) === null) return null;
  const pos = fraction * (n - 1);
  const proportion = pos - Math.floor(pos);
  const first = num(lo)!;
  const second = num(hi) ?? first;
  return first + proportion * (second - first);
}

/** A grouped row in the shape shapeAggregates reads (LiteLLM's column names). */
function asLiteLLMRow(r: Record<string, unknown>): Record<string, unknown> {
  const dim = String(r.dim);
  const n = Number(r.nx ?? 0);
  const pct = Object.fromEntries(
    PERCENTILES.map(([name, p]) => [name, percentileCont(p / 100, n, r[`${name}_lo`], r[`${name}_hi`])]),
  );
  const keys: Record<string, unknown> =
    dim === 'model'
      ? { model: r.k1 }
      : dim === 'deployment'
        ? { deployment: r.k1, model: r.k2 }
        : dim === 'keyAlias'
          ? { key_alias: r.k1 }
          : dim === 'teamAlias'
            ? { team_alias: r.k1 }
            : {};
  return {
    dim,
    cur: flag(r.cur),
    ...keys,
    bucket: dim === 'series' ? new Date(Number(r.kb)).toISOString() : null,
    requests: r.requests,
    failed: r.failed,
    ...pct,
    ttft_p50: null,
    ttft_p95: null,
    prompt_tokens: r.prompt_tokens,
    completion_tokens: r.completion_tokens,
    total_tokens: r.total_tokens,
    cached_tokens: r.cached_tokens,
    reasoning_tokens: r.reasoning_tokens,
    spend: money(r.spend),
    estimated: flag(r.estimated),
    // A remainder row's count of values (top-n-sql.ts).
    r: r.r,
  };
}

/** The source's own price table (LLMModelPrice) when mapped, else the app's, resolved for the range's models. */
async function pricingFor(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  options: TrafficOptions,
): Promise<Pricing> {
  if (checked.mapping.priceTable) return { kind: 'table', currency: options.prices.currency };
  const models = modelsSql(checked, d, { from: q.previousFrom, to: q.to });
  const rows = await sql.query(models.sql, models.params);
  const names = rows
    .map((r) => r.model)
    .filter((m): m is string => typeof m === 'string' && m !== '')
    .sort();
  return { kind: 'app', prices: options.prices, models: names };
}

type Money = NonNullable<TrafficAggregates['summary']['spendByCurrency']>;

/** Both periods' spend per currency from the 'currency' rows, largest first. */
function currencies(rows: Record<string, unknown>[], cur: boolean): Money {
  return rows
    .filter((r) => flag(r.cur) === cur && money(r.spend) !== 0)
    .map((r) => ({ currency: String(r.k1), spend: money(r.spend), estimated: flag(r.estimated) }))
    .sort((a, b) => b.spend - a.spend || (a.currency < b.currency ? -1 : 1));
}

/** The aggregates, with in-flight calls and spend per currency; the query's currency is the one `spend` is in. */
async function readMappedAggregates(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
): Promise<{ agg: TrafficAggregates; currency: string }> {
  const built = mappedAggregateSql(checked, d, q, pricing);
  const rows = await sql.query(built.sql, built.params);
  const byCurrency = rows.filter((r) => r.dim === 'currency');
  const agg = shapeAggregates(rows.filter((r) => r.dim !== 'currency').map(asLiteLLMRow), q);
  const inFlight = (cur: boolean) =>
    Number(rows.find((r) => r.dim === 'total' && flag(r.cur) === cur)?.in_flight ?? 0);
  const [now, before] = [currencies(byCurrency, true), currencies(byCurrency, false)];
  const app = appCurrency(pricing);
  // `spend` is in the app's currency when any call has spend in it, else in the only (or first) other one.
  const main = [...now, ...before].some((m) => m.currency === app)
    ? app
    : ([...now, ...before].map((m) => m.currency).sort()[0] ?? app);
  agg.summary = { ...agg.summary, inFlight: inFlight(true), spendByCurrency: now };
  agg.previous = { ...agg.previous, inFlight: inFlight(false), spendByCurrency: before };
  return { agg, currency: main };
}

/** Ranges longer than this read the roll-ups when they can answer (basis auto). */
const LONG_RANGE_MS = 7 * 86_400_000;

const UNMAPPED_NOTES: [keyof CheckedMapping['mapping']['columns'], string][] = [
  ['durationMs', 'no duration column is mapped: no latency percentiles'],
  ['deployment', 'no deployment column is mapped: the deployment breakdown is empty'],
  ['keyAlias', 'no key column is mapped: the key alias breakdown is empty'],
  ['teamAlias', 'no team column is mapped: the team breakdown is empty'],
];

/** Traffic of a mapped source: the document of `traffic.run`, from one snapshot. */
export async function mappedTraffic(
  db: MappedDatabase,
  filters: TrafficFilters,
  options: TrafficOptions,
): Promise<Traffic> {
  const started = Date.now();
  const query = trafficQueryFor(filters, options);
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const queryStarted = Date.now();
    const rollups = options.basis === 'spend_logs' ? null : await findRollups(sql, d, checked);
    const choice = rollupPeriod(rollups, query);
    if (options.basis === 'daily' && 'reason' in choice)
      throw new AppError('BAD_ARGUMENT', `basis: the roll-ups cannot answer this query (${choice.reason})`);
    if (
      'period' in choice &&
      (options.basis === 'daily' || Date.parse(query.to) - Date.parse(query.from) > LONG_RANGE_MS)
    ) {
      const q = choice.coarser
        ? { ...query, granularity: choice.period, bucketSeconds: choice.period === 'day' ? 86_400 : 3_600 }
        : query;
      const built = rollupAggregateSql(rollups!, d, q, choice.period, checked);
      const agg = shapeAggregates((await sql.query(built.sql, built.params)).map(asLiteLLMRow), q);
      return {
        query: q,
        basis: 'daily',
        basisLabel: `from ${rollups!.table} (${choice.period} roll-ups)`,
        // The call model has no first-token time.
        ttftRecorded: false,
        ...flattenAggregates(agg),
        byTeam: [],
        byEndUser: [],
        requests: [],
        nextCursor: null,
        timings: { totalMs: Date.now() - started, queryMs: Date.now() - queryStarted },
        notes: [
          `Figures from the LLMTokenUsage roll-ups (${choice.period}): no latency, no request list, no team breakdown.`,
        ],
      };
    }
    const pricing = await pricingFor(sql, checked, d, query, options);
    const { agg, currency } = await readMappedAggregates(sql, checked, d, query, pricing);
    const firstPage = options.page ?? { sort: 'time', direction: 'desc', cursor: null, limit: 50 };
    const page =
      firstPage.limit === 0
        ? { requests: [], nextCursor: null }
        : await readMappedPage(sql, checked, d, query, pricing, firstPage);
    const notes = UNMAPPED_NOTES.filter(([field]) => !mapsField(db.mapping, field)).map(([, note]) => note);
    notes.push('no end-user field in the call model: the end-user breakdown is empty');
    notes.push(...checked.setAside);
    if (agg.summary.spendEstimated)
      notes.push(
        pricing.kind === 'table'
          ? `Estimates use ${checked.mapping.priceTable!.table}.`
          : `Estimates use the app's price table (${query.currency}).`,
      );
    const others = (agg.summary.spendByCurrency ?? []).filter((m) => m.currency !== currency);
    if (others.length)
      notes.push(
        `Spend is shown in ${currency} only; also spent, never added: ${others.map((m) => `${m.spend} ${m.currency}`).join(', ')}.`,
      );
    if (agg.summary.inFlight)
      notes.push(
        `${agg.summary.inFlight} calls still in flight (not finished): neither failed nor succeeded.`,
      );
    return {
      query: { ...query, currency },
      basis: 'spend_logs',
      basisLabel: `from ${db.mapping.table}`,
      ttftRecorded: false,
      ...flattenAggregates(agg),
      byEndUser: [],
      requests: page.requests,
      nextCursor: page.nextCursor,
      timings: { totalMs: Date.now() - started, queryMs: Date.now() - queryStarted },
      notes,
    };
  }, options);
}

/** A further page of a mapped source's request list, in its own snapshot. */
export async function mappedTrafficRequests(
  db: MappedDatabase,
  filters: TrafficFilters,
  page: RequestPageQuery,
  options: TrafficOptions,
): Promise<RequestPage> {
  const query = trafficQueryFor(filters, options);
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    return readMappedPage(sql, checked, d, query, await pricingFor(sql, checked, d, query, options), page);
  }, options);
}
