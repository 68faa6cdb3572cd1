import type { PriceTable } from '../../../../shared/llm-settings.ts';
import { mapsField, type CallField } from '../../../../shared/source-mapping.ts';
import { topNSql, type TopNColumnKind } from '../../traffic/top-n-sql.ts';
import { CUT_DIMS } from '../../traffic/traffic-sql.ts';
import type { TrafficQuery } from '../../../../shared/traffic.ts';
import { granularBuckets, isCalendarUnit, truncate } from '../../../../shared/traffic-buckets.ts';
import { priceFor } from '../../llm/price-table.ts';
import type { BuiltSql } from './query-sql.ts';
import {
  callColumns,
  errorFilterSql,
  failedExpr,
  fieldSql,
  hasErrorOnlyFilters,
  inFlightExpr,
  requestFilterSql,
  timeRangeSql,
} from './query-sql.ts';
import { Params, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../validate-mapping.ts';
import { topNOnePassSql } from './top-n-one-pass.ts';

/**
 * The traffic of DESIGN §8 over a mapped table, in SQL all three engines speak (no GROUPING SETS,
 * no percentile_cont, no arrays): every request of [from, to) with `failed`, `cur` and its priced
 * spend, then one UNION ALL per breakdown.
 */

/** Where the estimate comes from when no cost is recorded: the source's own price table or the app's. */
export type Pricing =
  { kind: 'table'; currency: string } | { kind: 'app'; prices: PriceTable; models: readonly string[] };

const DAY = 86_400_000;

/** Every call in [from, to): the call columns (session included) plus tokens, cost, `failed` and `in_flight` (1/0). */
function requestsCte(
  checked: CheckedMapping,
  d: SqlDialect,
  range: { from: string; to: string },
  p: Params,
): string {
  const { num } = fieldSql(checked, d);
  const failed = failedExpr(checked, d, p);
  const inFlight = inFlightExpr(checked, d, p);
  const where = timeRangeSql(checked, d, range, p);
  return `ld_calls AS (
  SELECT ${callColumns(checked, d)},
         ${num('promptTokens')} AS prompt_tokens,
         ${num('completionTokens')} AS completion_tokens,
         ${num('cachedTokens')} AS cached_tokens,
         ${num('reasoningTokens')} AS reasoning_tokens,
         ${num('cost')} AS cost,
         CASE WHEN ${failed} THEN 1 ELSE 0 END AS failed,
         ${inFlight ? `CASE WHEN ${inFlight} THEN 1 ELSE 0 END` : '0'} AS in_flight
    FROM ${d.quote(checked.mapping.table)}
   WHERE ${where})`;
}

/**
 * The estimated cost of one call and its currency. From the source's price table: the row in force
 * at the call's time (active, the latest effective date not after the call), read by scalar
 * subqueries so duplicates never multiply calls.
 */
function estimateSql(
  checked: CheckedMapping,
  d: SqlDialect,
  pricing: Pricing,
  p: Params,
): { expr: string; currency: string } {
  const tokens = (per: string, inp: string, out: string) =>
    `(COALESCE(c.prompt_tokens, 0) * ${inp} + COALESCE(c.completion_tokens, 0) * ${out}) / ${per}`;
  if (pricing.kind === 'table') {
    const t = checked.mapping.priceTable!;
    const q = (c: string) => `ld_pr.${d.quote(c)}`;
    const where = [`${d.asText(q(t.model))} = c.model`];
    if (t.active) where.push(`NOT ${d.isFalse(q(t.active))}`);
    const order: string[] = [];
    if (t.effectiveFrom) {
      where.push(`${d.epochMs(q(t.effectiveFrom))} <= c.t_ms`);
      order.push(`${q(t.effectiveFrom)} DESC`);
    }
    order.push(`${q(t.input)} DESC`, `${q(t.output)} DESC`);
    const pick = (expr: string) =>
      `(SELECT ${expr} FROM ${d.quote(t.table)} ld_pr WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT 1)`;
    const currency = t.currency
      ? `COALESCE(${pick(`NULLIF(${d.asText(q(t.currency))}, '')`)}, ${d.asText(p.add(pricing.currency))})`
      : d.asText(p.add(pricing.currency));
    return {
      expr: tokens(`${t.per}.0`, pick(d.asNumber(q(t.input))), pick(d.asNumber(q(t.output)))),
      currency,
    };
  }
  // The app's price table resolved per model in JavaScript (priceFor's prefix rules), bound as values.
  const cases: string[] = [];
  for (const model of pricing.models) {
    const price = priceFor(pricing.prices, model);
    if (price)
      cases.push(
        `WHEN ${p.add(model)} THEN ${tokens('1000000.0', d.asNumber(p.add(price.inputPerMillion)), d.asNumber(p.add(price.outputPerMillion)))}`,
      );
  }
  return {
    expr: cases.length ? `CASE c.model ${cases.join(' ')} END` : d.asNumber('NULL'),
    currency: d.asText(p.add(pricing.prices.currency)),
  };
}

/**
 * `WITH ld_calls AS (…), ld_scoped AS (…)`: the requests that count (a failure matching every error filter,
 * or any call matching the request filters when no error-only filter is set), with `cur` (1 from
 * `split` on), `spend_total` (a recorded cost as it is, else the estimate), `currency` and
 * `estimated` (1 when the spend is a price-table estimate).
 */
export function mappedTrafficCte(
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  span: { from: string; to: string; split: string },
  pricing: Pricing,
  p: Params,
): string {
  const calls = requestsCte(checked, d, span, p);
  const split = p.add(Date.parse(span.split));
  const estimate = estimateSql(checked, d, pricing, p);
  const failures = errorFilterSql(q, d, p);
  const include = [`(c.failed = 1${failures.map((f) => ` AND ${f}`).join('')})`];
  const requests = hasErrorOnlyFilters(q) ? null : requestFilterSql(q, p);
  // Failures are the first branch's to decide: one left out by an excluded error type stays out.
  if (requests) include.push(`(c.failed = 0${requests.map((f) => ` AND ${f}`).join('')})`);
  // Without a filter every call is kept (failed is 1 or 0): no test that evaluates `failed` once more a row.
  const where = failures.length === 0 && requests?.length === 0 ? [] : [`(${include.join(' OR ')})`];
  // No end-user field in the call model: an end-user filter matches nothing.
  if (q.endUsers.length) where.push('1 = 0');
  if (q.sessionIds.length) where.push(`c.session_id IN ${p.list(q.sessionIds)}`);
  if (q.deployments.length) where.push(`c.deployment IN ${p.list(q.deployments)}`);
  if (q.modelContains) where.push(d.contains(`COALESCE(c.model, '')`, p.add(q.modelContains)));
  if (q.outcome !== 'all') where.push(`c.failed = ${q.outcome === 'failure' ? 1 : 0}`);
  return `WITH ${calls},
ld_estimated AS (
  SELECT c.*, CASE WHEN c.t_ms >= ${split} THEN 1 ELSE 0 END AS cur,
         CASE WHEN c.cost IS NULL AND COALESCE(c.prompt_tokens, 0) + COALESCE(c.completion_tokens, 0) > 0 THEN ${estimate.expr} END AS estimate,
         ${estimate.currency} AS currency
    FROM ld_calls c${where.length ? `\n   WHERE ${where.join('\n     AND ')}` : ''}),
ld_scoped AS (
  SELECT e.*, COALESCE(e.cost, e.estimate, 0) AS spend_total,
         CASE WHEN e.cost IS NULL AND COALESCE(e.estimate, 0) > 0 THEN 1 ELSE 0 END AS estimated
    FROM ld_estimated e)`;
}

/** The currency of estimates when a price row names none, and of recorded costs without a price row. */
export const appCurrency = (pricing: Pricing) =>
  pricing.kind === 'table' ? pricing.currency : pricing.prices.currency;

/** The distinct models of the range, for resolving the app's price table before the main read. */
export function modelsSql(
  checked: CheckedMapping,
  d: SqlDialect,
  range: { from: string; to: string },
): BuiltSql {
  const p = new Params(d.name);
  const { text } = fieldSql(checked, d);
  // A superset of the range's models prices the same calls: the cheaper cover of the range will do.
  const column = checked.mapping.columns.time!;
  const cover = (d.timeRangeCover ?? d.timeRange)(
    d.quote(column),
    checked.columns.get(column)?.type ?? '',
    range,
    (v) => p.add(v),
  );
  return {
    sql: `SELECT DISTINCT ${text('model')} AS model FROM ${d.quote(checked.mapping.table)} WHERE ${cover}`,
    params: p.values,
  };
}

/** The start (epoch ms) of a call's series bucket: fixed widths epoch-aligned, weeks from Monday, calendar months. */
export function bucketSql(q: TrafficQuery, p: Params): string {
  if (!isCalendarUnit(q.granularity)) {
    const size = q.bucketSeconds * 1000;
    return `(floor(t_ms / ${p.add(size)}) * ${p.add(size)})`;
  }
  if (q.granularity === 'week')
    return `(floor((t_ms - ${p.add(4 * DAY)}) / ${p.add(7 * DAY)}) * ${p.add(7 * DAY)} + ${p.add(4 * DAY)})`;
  // Months differ in length: a CASE over the range's own month starts.
  const starts = (
    granularBuckets(q, 'month') ?? [new Date(truncate(Date.parse(q.from), 'month')).toISOString()]
  ).map((b) => Date.parse(b));
  const whens = starts.slice(1).map((s, i) => `WHEN t_ms < ${p.add(s)} THEN ${p.add(starts[i]!)}`);
  return `(CASE ${whens.join(' ')} ELSE ${p.add(starts.at(-1)!)} END)`;
}

/** Breakdown name → its key expressions (k1, k2); which are mapped decides which breakdowns exist. */
export function mappedDimensions(checked: CheckedMapping): [string, string, string | null][] {
  const has = (f: CallField) => mapsField(checked.mapping, f);
  const dims: [string, string, string | null][] = [
    ['total', 'NULL', null],
    ['model', 'model', null],
  ];
  if (has('deployment')) dims.push(['deployment', 'deployment', 'model']);
  if (has('keyAlias')) dims.push(['keyAlias', 'key_alias', null]);
  if (has('teamAlias')) dims.push(['teamAlias', 'team_alias', null]);
  return dims;
}

/** The columns of a mapped grouped row (mappedAggregateSql, rollupAggregateSql), as the top-N cut treats them. */
const MAPPED_COLUMNS: [string, TopNColumnKind][] = [
  ['dim', 'dim'],
  ['cur', 'cur'],
  ['k1', 'key'],
  ['k2', 'key'],
  ['kb', 'null'],
  ...(['requests', 'failed', 'in_flight'] as const).map((c): [string, TopNColumnKind] => [c, 'sum']),
  ['nx', 'null'],
  ...(['p50', 'p95', 'p99'] as const).flatMap((c): [string, TopNColumnKind][] => [
    [`${c}_lo`, 'null'],
    [`${c}_hi`, 'null'],
  ]),
  ...(
    [
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'cached_tokens',
      'reasoning_tokens',
      'spend',
    ] as const
  ).map((c): [string, TopNColumnKind] => [c, 'sum']),
  ['estimated', 'any'],
];

/**
 * `ld_grouped` (rows of MAPPED_COLUMNS for both periods) cut to each breakdown's top values plus one
 * remainder row: the same cut as LiteLLM's usage (top-n-sql.ts), in the engine's SQL.
 */
export function mappedTopN(d: SqlDialect, grouped = 'ld_grouped', columns = MAPPED_COLUMNS): string {
  return topNSql(grouped, columns, CUT_DIMS, {
    isCur: (a) => `${a}.cur = 1`,
    same: d.same,
    sum: (c) => `sum(${c})`,
    any: (c) => `max(${c})`,
  });
}

/** The three latency percentiles, as the two rows percentile_cont interpolates between (finished in JS). */
export const PERCENTILES = [
  ['p50', 50],
  ['p95', 95],
  ['p99', 99],
] as const;

/** `SELECT 'total' AS dim UNION ALL …`: the breakdowns, the series and the currencies, one row each. */
function dimListSql(checked: CheckedMapping): string {
  const dims = [...mappedDimensions(checked).map(([dim]) => dim), 'series', 'currency'];
  return dims.map((dim, i) => `SELECT '${dim}'${i ? '' : ' AS dim'}`).join(' UNION ALL ');
}

/**
 * A row's keys under the breakdown `dl.dim` of ld_dimlist: k1 the breakdown's value, k2 the deployment's
 * model, kb the series bucket `b`. One cross join with the dimension list instead of one pass per breakdown.
 */
function dimKeysSql(checked: CheckedMapping, d: SqlDialect, g: string): string {
  const k1 = mappedDimensions(checked)
    .filter(([, k1]) => k1 !== 'NULL')
    .map(([dim, k1]) => `WHEN '${dim}' THEN ${g}.${k1}`);
  k1.push(`WHEN 'currency' THEN ${g}.currency`);
  const k2 = mappedDimensions(checked)
    .filter(([, , k2]) => k2)
    .map(([dim, , k2]) => `WHEN '${dim}' THEN ${g}.${k2}`);
  return `CASE dl.dim ${k1.join(' ')} END AS k1, ${k2.length ? `CASE dl.dim ${k2.join(' ')} END` : d.asText('NULL')} AS k2,
         CASE WHEN dl.dim = 'series' THEN ${g}.b END AS kb`;
}

/**
 * Every breakdown and the series of both periods in one statement, from one pass over the range: the
 * calls are grouped once by period, every breakdown's keys, currency and bucket, and each breakdown,
 * the series and each currency's total sum that grouping (MariaDB evaluates a CTE once per reference,
 * and SQLite has no GROUPING SETS: a pass per breakdown was most of the time). Latency percentiles need
 * the rows: with a duration column each call is ranked within every group it belongs to (row_number)
 * and the two rows around position p·(n−1) returned, as PostgreSQL's percentile_cont reads them; `nx`
 * is the count of known durations.
 */
export function mappedAggregateSql(
  checked: CheckedMapping,
  d: SqlDialect,
  q: TrafficQuery,
  pricing: Pricing,
): BuiltSql {
  const p = new Params(d.name);
  const cte = mappedTrafficCte(checked, d, q, { from: q.previousFrom, to: q.to, split: q.from }, pricing, p);
  const bucket = bucketSql(q, p);
  // Currencies are never added: every figure's spend is in one currency (the app's when any call has
  // spend in it, else the first), and the 'currency' rows give each currency's own total. Only a price
  // table's currency column makes it vary; else every call's currency is the app's: it is the main one.
  const varying = pricing.kind === 'table' && !!checked.mapping.priceTable!.currency;
  const withMain = (source: string) => {
    if (!varying) return `ld_gm AS (SELECT ${source}.*, ${source}.currency AS main FROM ${source})`;
    // Placeholders in text order (`?` binds by position): after the bucket's, the app currency's twice.
    const app = () => d.asText(p.add(appCurrency(pricing)));
    return `ld_main AS (
  SELECT CASE WHEN COALESCE(sum(spent), 0) = 0 OR sum(CASE WHEN currency = ${app()} THEN spent ELSE 0 END) > 0 THEN ${app()}
              ELSE min(CASE WHEN spent > 0 THEN currency END) END AS main
    FROM ${source}),
ld_gm AS (SELECT ${source}.*, ld_main.main FROM ${source} CROSS JOIN ld_main)`;
  };
  const tokens = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'cached_tokens', 'reasoning_tokens'];
  const dims = `ld_dimlist AS (${dimListSql(checked)})`;
  const spendMain = (g: string) =>
    `CASE WHEN dl.dim = 'currency' OR ${g}.currency = ${g}.main THEN ${g}.spend ELSE 0 END AS spend_main`;
  const sums = `sum(failed) AS failed, sum(in_flight) AS in_flight,
       ${tokens.map((t) => `sum(${t}) AS ${t}`).join(', ')}`;
  if (!checked.mapping.columns.durationMs) {
    // Only keys that vary: each one more makes SQLite's sort of every call for the grouping costlier.
    // The bucket is every call's, the period before's too (its rows then group finer, and only the
    // series reads it, for the current period): SQLite inlines t_ms into each use, and a bucket
    // behind `cur` computed the time three times a call instead of twice (≈ 0.2 s a 1M-call scan).
    const keys = ['cur', 'b', ...new Set(mappedDimensions(checked).flatMap(([, k1, k2]) => [k1, k2]))]
      .filter((k): k is string => !!k && k !== 'NULL')
      .concat(varying ? ['currency'] : [])
      .join(', ');
    const noPct = PERCENTILES.flatMap(([name]) => [
      `${d.asNumber('NULL')} AS ${name}_lo`,
      `${d.asNumber('NULL')} AS ${name}_hi`,
    ]);
    const grouped = `ld_g AS (
  SELECT ${keys}, ${keys.includes('currency') ? '' : 'max(currency) AS currency, '}count(*) AS requests, ${sums}, sum(spend_total) AS spend, max(estimated) AS estimated,
         sum(CASE WHEN spend_total <> 0 THEN 1 ELSE 0 END) AS spent
    FROM (SELECT ld_scoped.*, ${bucket} AS b FROM ld_scoped) ld_s
   GROUP BY ${keys}),
${withMain('ld_g')},
${dims},
ld_grouped AS (
  SELECT dim, cur, k1, k2, kb, sum(requests) AS requests, ${sums}, 0 AS nx, ${noPct.join(', ')},
         sum(spend_main) AS spend, max(estimated) AS estimated
    FROM (SELECT dl.dim, g.*, ${dimKeysSql(checked, d, 'g')}, ${spendMain('g')}
            FROM ld_gm g CROSS JOIN ld_dimlist dl WHERE dl.dim <> 'series' OR g.cur = 1) ld_k
   GROUP BY dim, cur, k1, k2, kb)`;
    return { sql: `${cte},\n${grouped},\n${topNOnePassSql('ld_grouped', MAPPED_COLUMNS)}`, params: p.values };
  }
  const part = 'PARTITION BY dim, cur, k1, k2, kb';
  const picks = PERCENTILES.flatMap(([name, pct]) => {
    const at = `floor(${pct} * (nx - 1) / 100.0)`;
    return [
      `max(CASE WHEN rn = ${at} + 1 THEN x END) AS ${name}_lo`,
      `max(CASE WHEN rn = ${at} + 2 THEN x END) AS ${name}_hi`,
    ];
  });
  const grouped = `ld_s AS (
  SELECT ld_scoped.*, CASE WHEN cur = 1 THEN ${bucket} END AS b, CASE WHEN spend_total <> 0 THEN 1 ELSE 0 END AS spent,
         spend_total AS spend FROM ld_scoped),
${withMain('ld_s')},
${dims},
ld_ranked AS (
  SELECT ld_k.*, row_number() OVER (${part} ORDER BY CASE WHEN x IS NULL THEN 1 ELSE 0 END, x) AS rn, count(x) OVER (${part}) AS nx
    FROM (SELECT dl.dim, g.*, g.duration_ms AS x, ${dimKeysSql(checked, d, 'g')}, ${spendMain('g')}
            FROM ld_gm g CROSS JOIN ld_dimlist dl WHERE dl.dim <> 'series' OR g.cur = 1) ld_k),
ld_grouped AS (
  SELECT dim, cur, k1, k2, kb, count(*) AS requests, ${sums}, max(nx) AS nx,
         ${picks.join(',\n         ')},
         sum(spend_main) AS spend, max(estimated) AS estimated
    FROM ld_ranked
   GROUP BY dim, cur, k1, k2, kb)`;
  return { sql: `${cte},\n${grouped},\n${topNOnePassSql('ld_grouped', MAPPED_COLUMNS)}`, params: p.values };
}
