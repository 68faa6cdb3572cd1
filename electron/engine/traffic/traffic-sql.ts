import { estimateCostSql } from '../llm/price-table.ts';
import {
  errorSetCte,
  missingIn,
  requestExclusions,
  unfilteredErrorIds,
  valueIn,
  type CategoryQuery,
} from '../sources/litellm/error-query.ts';
import { SPEND_LOGS, VERIFICATION_TOKEN, type LiteLLMSchema } from '../sources/litellm/schema.ts';
import { topNSql, type TopNColumnKind, type TopNDialect } from './top-n-sql.ts';

/**
 * The traffic of DESIGN §8 in SQL. Parameters, shared by every statement built here:
 * $1–$14 the error-set parameters of error-query.ts ($1/$2 the whole span read), $15 where the
 * current range starts (rows before it are the previous period), $16 end users, $17 session ids,
 * $18 deployments (text[] or NULL), $19 outcome ('all' | 'success' | 'failure'), $20–$23 the price table.
 * `failed` is the error-set CTE itself, so it always equals investigate's total for the same filters.
 */
export const TRAFFIC_PARAM_COUNT = 23;
const PRICE_PARAM = 20;

const LO = `($1::timestamptz AT TIME ZONE 'UTC')`;
const HI = `($2::timestamptz AT TIME ZONE 'UTC')`;
const SPLIT = `($15::timestamptz AT TIME ZONE 'UTC')`;
const nz = (expr: string) => `NULLIF(${expr}, '')`;

/** A non-negative integer out of a jsonb path, NULL for anything else (hostile metadata must not fail the read). */
const jsonInt = (path: string) => `CASE WHEN jsonb_typeof(${path}) = 'number' THEN (${path})::numeric END`;

/**
 * Cached and reasoning tokens: LiteLLM copies the provider's usage into `metadata.usage_object`
 * (OpenAI shape: prompt_tokens_details.cached_tokens, completion_tokens_details.reasoning_tokens;
 * Anthropic: cache_read_input_tokens). Older proxies write none: 0.
 */
const CACHED = `COALESCE(${jsonInt(`s.metadata->'usage_object'->'prompt_tokens_details'->'cached_tokens'`)}, ${jsonInt(`s.metadata->'usage_object'->'cache_read_input_tokens'`)})`;
const REASONING = jsonInt(`s.metadata->'usage_object'->'completion_tokens_details'->'reasoning_tokens'`);

function spendRows(schema: LiteLLMSchema): string {
  const sl = schema.spendLogs;
  if (!sl) {
    return `traffic_spend AS (
  SELECT NULL::text AS request_id, NULL::timestamp AS t, NULL::text AS model, NULL::text AS deployment, NULL::text AS api_base,
         NULL::text AS key_alias, NULL::text AS team_alias, NULL::text AS end_user, NULL::text AS session_id,
         NULL::text AS provider, NULL::float8 AS duration_ms, NULL::float8 AS ttft_ms, NULL::numeric AS prompt_tokens,
         NULL::numeric AS completion_tokens, NULL::numeric AS total_tokens, NULL::numeric AS cached_tokens,
         NULL::numeric AS reasoning_tokens, NULL::float8 AS spend WHERE false)`;
  }
  const c = (name: string, type = 'text') => (sl.has(name) ? `s."${name}"` : `NULL::${type}`);
  const vt = schema.verificationToken && sl.has('api_key');
  const ttft = sl.has('completionStartTime')
    ? `CASE WHEN s."completionStartTime" IS NOT NULL AND s."completionStartTime" IS DISTINCT FROM ${c('endTime', 'timestamp')}
            THEN EXTRACT(EPOCH FROM (s."completionStartTime" - s."startTime"))::float8 * 1000 END`
    : 'NULL::float8';
  return `traffic_spend AS (
  SELECT s.request_id, s."startTime" AS t,
         COALESCE(${nz(c('model_group'))}, ${nz(c('model'))}) AS model,
         ${nz(c('model'))} AS deployment,
         ${nz(c('api_base'))} AS api_base,
         COALESCE(${nz(`s.metadata->>'user_api_key_alias'`)}, ${vt ? nz('vt.key_alias') : 'NULL::text'}) AS key_alias,
         ${nz(`s.metadata->>'user_api_key_team_alias'`)} AS team_alias,
         ${nz(c('end_user'))} AS end_user,
         ${nz(c('session_id'))} AS session_id,
         ${nz(c('custom_llm_provider'))} AS provider,
         COALESCE(${c('request_duration_ms', 'integer')}::float8,
                  EXTRACT(EPOCH FROM (${c('endTime', 'timestamp')} - s."startTime"))::float8 * 1000) AS duration_ms,
         ${ttft} AS ttft_ms,
         ${c('prompt_tokens', 'integer')}::numeric AS prompt_tokens,
         ${c('completion_tokens', 'integer')}::numeric AS completion_tokens,
         ${c('total_tokens', 'integer')}::numeric AS total_tokens,
         ${CACHED} AS cached_tokens,
         ${REASONING} AS reasoning_tokens,
         ${c('spend', 'float8')}::float8 AS spend
    FROM "${SPEND_LOGS}" s
    ${vt ? `LEFT JOIN "${VERIFICATION_TOKEN}" vt ON vt.token = s.api_key` : ''}
   WHERE s."startTime" >= ${LO} AND s."startTime" < ${HI})`;
}

/** `WITH … scoped AS (…)`: every request in [$1, $2) matching all filters, with `cur`, `failed` and priced spend. */
export function trafficCte(schema: LiteLLMSchema, q?: CategoryQuery): string {
  // A cause is the failure's own: kept causes leave successes out, excluded ones only narrow failures.
  const keepsCauses = (q?.categories?.length ?? 0) > 0;
  const dropsCauses = (q?.exclude?.categories?.length ?? 0) > 0;
  const cost = estimateCostSql(
    { model: `COALESCE(tr.model, '')`, deployment: `COALESCE(tr.deployment, '')` },
    `tr.t::date`,
    'tr.prompt_tokens',
    'tr.completion_tokens',
    PRICE_PARAM,
  );
  return `${errorSetCte(schema, q)},
${spendRows(schema)},
traffic AS (
  SELECT r.request_id, r.t, COALESCE(f.model, r.model) AS model, COALESCE(f.deployment, r.deployment) AS deployment,
         COALESCE(r.api_base, f.api_base) AS api_base, COALESCE(f.key_alias, r.key_alias) AS key_alias,
         COALESCE(f.team_alias, r.team_alias) AS team_alias, r.end_user, r.session_id, COALESCE(r.provider, f.provider) AS provider,
         r.duration_ms, r.ttft_ms, r.prompt_tokens, r.completion_tokens, r.total_tokens, r.cached_tokens, r.reasoning_tokens, r.spend,
         f.request_id IS NOT NULL AS failed, f.error_type, f.status_code, f.error_message,
         COALESCE(f.sources, 'spend_logs') AS sources
    FROM traffic_spend r
    LEFT JOIN filtered f ON f.request_id = r.request_id
   WHERE f.request_id IS NOT NULL
      OR ($5::text[] IS NULL AND $6::text[] IS NULL AND $8::text IS NULL AND ${keepsCauses ? 'false' : 'true'}
          -- The same list filters as the error set's, the missing value ('') included.
          AND ${valueIn('r.key_alias', 3)}
          AND ($4::text[] IS NULL OR r.model = ANY($4::text[]) OR r.deployment = ANY($4::text[]) OR ${missingIn('r.model', 4)})
          AND ${valueIn('r.team_alias', 7)}
          AND ${requestExclusions('r.key_alias', 'r.model', 'r.deployment', 'r.team_alias')}
          -- Error-type and status-code exclusions narrow the failures only: a success is neither, but
          -- a failure they left out must not come back through this branch as a success.
          AND ((${dropsCauses ? 'false' : '$11::text[] IS NULL AND $12::text[] IS NULL'}) OR r.request_id NOT IN (${unfilteredErrorIds(schema)})))
  UNION ALL
  -- Failed attempts standing in for failed requests (an old proxy: DESIGN §2) count as failed
  -- requests, without a duration (latency is over SpendLogs rows only). Their ids are ErrorLogs' own.
  SELECT f.request_id, f.t, f.model, f.deployment, f.api_base, f.key_alias, f.team_alias, NULL, NULL, f.provider,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, f.error_type, f.status_code, f.error_message, f.sources
    FROM filtered f
   WHERE f.sources = 'error_logs'),
scoped AS (
  SELECT tr.*, tr.t >= ${SPLIT} AS cur,
         CASE WHEN COALESCE(tr.spend, 0) > 0 THEN tr.spend
              WHEN COALESCE(tr.prompt_tokens, 0) + COALESCE(tr.completion_tokens, 0) > 0 THEN ${cost} END AS estimate
    FROM traffic tr
   WHERE ($16::text[] IS NULL OR tr.end_user = ANY($16::text[]))
     AND ($17::text[] IS NULL OR tr.session_id = ANY($17::text[]))
     AND ($18::text[] IS NULL OR tr.deployment = ANY($18::text[]) OR tr.api_base = ANY($18::text[]))
     AND ($19::text = 'all' OR tr.failed = ($19::text = 'failure'))),
priced AS (
  SELECT sc.*, COALESCE(sc.estimate, 0)::float8 AS spend_total,
         COALESCE(sc.spend, 0) <= 0 AND COALESCE(sc.estimate, 0) > 0 AS estimated
    FROM scoped sc)`;
}

const FIGURES = `count(*)::int AS requests,
       count(*) FILTER (WHERE failed)::int AS failed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_p95,
       COALESCE(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
       COALESCE(sum(completion_tokens), 0)::float8 AS completion_tokens,
       COALESCE(sum(total_tokens), 0)::float8 AS total_tokens,
       COALESCE(sum(cached_tokens), 0)::float8 AS cached_tokens,
       COALESCE(sum(reasoning_tokens), 0)::float8 AS reasoning_tokens,
       COALESCE(sum(spend_total), 0)::float8 AS spend,
       bool_or(estimated) IS TRUE AS estimated`;

/** The start of `t`'s fixed-width bucket of `$24` seconds, as error-query.ts's BUCKET computes it. */
const FIXED_BUCKET = `to_timestamp(floor(extract(epoch FROM t) / $24::int) * $24::int) AT TIME ZONE 'UTC'`;

/** Dimension name → the grouping columns of its breakdown. */
export const DIMENSIONS = {
  total: [],
  model: ['model'],
  deployment: ['deployment', 'api_base', 'model'],
  keyAlias: ['key_alias'],
  teamAlias: ['team_alias'],
  endUser: ['end_user'],
  series: ['bucket'],
} as const;
export type DimensionName = keyof typeof DIMENSIONS;

/** The grouped rows' columns in order, as the top-N cut (top-n-sql.ts) treats them. */
const as = (kind: TopNColumnKind, ...names: string[]) =>
  names.map((n): [string, TopNColumnKind] => [n, kind]);

/** FIGURES' columns in order, as the top-N cut sums them (no percentile of a remainder). */
export const FIGURE_COLUMNS: [string, TopNColumnKind][] = [
  ...as('sum', 'requests', 'failed'),
  ...as('null', 'p50', 'p95', 'p99', 'ttft_p50', 'ttft_p95'),
  ...as(
    'sum',
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
    'cached_tokens',
    'reasoning_tokens',
    'spend',
  ),
  ['estimated', 'any'],
];

/** The grouped rows' columns: dim, cur, the keys of every breakdown and the series bucket, the figures. */
export const groupedColumns = (...keys: string[]): [string, TopNColumnKind][] => [
  ['dim', 'dim'],
  ['cur', 'cur'],
  ...as('key', ...keys),
  ['bucket', 'null'],
  ...FIGURE_COLUMNS,
];

const COLUMNS = groupedColumns('model', 'deployment', 'api_base', 'key_alias', 'team_alias', 'end_user');

/** PostgreSQL's pieces of the top-N cut, for LiteLLM's own statements (`cur` is a boolean). */
export const PG_TOP_N: TopNDialect = {
  isCur: (a) => `${a}.cur`,
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  sum: (c) => `sum(${c})::float8`,
  any: (c) => `bool_or(${c})`,
};

/** Every breakdown but the totals and the series: the dims the top-N cut applies to. */
export const CUT_DIMS = Object.keys(DIMENSIONS).filter((n) => n !== 'total' && n !== 'series');

/**
 * One statement, one pass: every breakdown and the series as grouping sets over both periods.
 * `$24` is the series bucket: its width in seconds (epoch-aligned, as the Errors timeline's), or with
 * `calendar` the week or month unit for date_trunc; the previous period has no series. Each breakdown keeps
 * its top BREAKDOWN_TOP values of the current range (and their previous figures); the rest of it is
 * one row `other:<dim>` with `r` = how many values and their figures summed (no percentiles).
 */
export function aggregateSql(schema: LiteLLMSchema, q?: CategoryQuery, calendar = false): string {
  const names = Object.keys(DIMENSIONS) as DimensionName[];
  const sets = names.map((n) => `(cur${DIMENSIONS[n].map((c) => `, ${c}`).join('')})`).join(', ');
  // The deployment set also groups by model: test it before the model set.
  const dim = (['deployment', ...names.filter((n) => n !== 'deployment')] as DimensionName[])
    .filter((n) => n !== 'total')
    .map((n) => `WHEN GROUPING(${DIMENSIONS[n][0]}) = 0 THEN '${n}'`)
    .join(' ');
  return `${trafficCte(schema, q)},
agg AS (
SELECT CASE ${dim} ELSE 'total' END AS dim, cur, model, deployment, api_base, key_alias, team_alias, end_user,
       to_char(bucket, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS bucket,
       ${FIGURES}
  FROM (SELECT *, CASE WHEN cur THEN ${calendar ? 'date_trunc($24::text, t)' : FIXED_BUCKET} END AS bucket FROM priced) p
 GROUP BY GROUPING SETS (${sets})),
${topNSql('agg', COLUMNS, CUT_DIMS, PG_TOP_N)}`;
}

const SORT_EXPR = {
  time: `EXTRACT(EPOCH FROM t)::float8 * 1000`,
  durationMs: `COALESCE(duration_ms, -1)`,
  totalTokens: `COALESCE(total_tokens, -1)::float8`,
  spend: `spend_total`,
} as const;
export type SortKey = keyof typeof SORT_EXPR;

/**
 * One page of requests in the current range, keyset-paged on (sort value, request_id):
 * `$24` the cursor's sort value, `$25` its request id (both NULL for the first page), `$26` the page size.
 */
export function pageSql(
  schema: LiteLLMSchema,
  sort: SortKey,
  direction: 'asc' | 'desc',
  q?: CategoryQuery,
): string {
  const cmp = direction === 'desc' ? '<' : '>';
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  return `${trafficCte(schema, q)}
SELECT * FROM (
  SELECT request_id, to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, model, deployment, key_alias, team_alias,
         status_code, error_type, error_message, provider, api_base, duration_ms, total_tokens, sources,
         failed, end_user, session_id, ttft_ms, prompt_tokens, completion_tokens, spend_total, estimated,
         ${SORT_EXPR[sort]} AS sort_value
    FROM priced WHERE cur) page
 WHERE $24::float8 IS NULL OR (sort_value, request_id) ${cmp} ($24::float8, $25::text)
 ORDER BY sort_value ${dir}, request_id ${dir}
 LIMIT $26::int`;
}
