import { FILTER_FIELDS, noExclusions, type Exclusions } from '../../../../shared/filters.ts';
import type { FailureCategory } from '../../../../shared/taxonomy.ts';
import type { SqlParam } from '../../db/database.ts';
import { BREAKDOWN_TOP } from '../../../../shared/investigation.ts';
import { categoryPredicate } from '../../insights/category-sql.ts';
import { ERROR_LOGS, SPEND_LOGS, VERIFICATION_TOKEN, type LiteLLMSchema } from './schema.ts';

/**
 * The SQL of DESIGN §2: the error set is the failed requests (SpendLogs), with the failed attempts
 * (ErrorLogs) standing in only where SpendLogs holds no failure in the range. Only fixed identifiers are written into the text; every value
 * is a `$n` parameter. Parameters $1–$14 are shared by every statement built here:
 * $1 from, $2 to (ISO), $3 key aliases, $4 models, $5 error types, $6 status codes, $7 team aliases
 * (text[] or NULL for "any"), $8 free text (or NULL), $9–$13 the values excluded from the same five
 * fields in the same order (text[] or NULL for "none"), $14 session ids (text[] or NULL).
 * Callers number their own parameters from $15.
 */
export interface ErrorSetParams {
  from: string;
  to: string;
  keyAliases: readonly string[];
  models: readonly string[];
  errorTypes: readonly string[];
  statusCodes: readonly string[];
  teamAliases: readonly string[];
  exclude?: Exclusions;
  sessionIds?: readonly string[];
  text: string | null;
}

export const ERROR_SET_PARAMS = 14;

export function errorSetParams(p: ErrorSetParams): SqlParam[] {
  const list = (values: readonly string[]) => (values.length ? values : null);
  const exclude = p.exclude ?? noExclusions();
  return [
    p.from,
    p.to,
    list(p.keyAliases),
    list(p.models),
    list(p.errorTypes),
    list(p.statusCodes),
    list(p.teamAliases),
    p.text && p.text.trim() ? p.text.trim() : null,
    ...FILTER_FIELDS.map((field) => list(exclude[field])),
    list(p.sessionIds ?? []),
  ];
}

const LO = `($1::timestamptz AT TIME ZONE 'UTC')`;
const HI = `($2::timestamptz AT TIME ZONE 'UTC')`;
/** The row of table alias `alias` started in [$1, $2). */
export const inRange = (alias: string) => `${alias}."startTime" >= ${LO} AND ${alias}."startTime" < ${HI}`;

/** Empty strings count as missing everywhere: Prisma writes '' for unset text columns. */
const nz = (expr: string) => `NULLIF(${expr}, '')`;

/**
 * "This SpendLogs row failed": the status (column, else metadata) is set and not 'success'. Written
 * as plain comparisons on the column so the planner estimates it from its statistics (a COALESCE of
 * two NULLIFs it cannot, and took every row of the range for a failure). NULL counts as false.
 */
export function spendFailed(schema: LiteLLMSchema, s = 's'): string {
  const fromMetadata = `${nz(`${s}.metadata->>'status'`)} <> 'success'`;
  if (!schema.spendLogs?.has('status')) return `(${fromMetadata})`;
  return `((${s}.status <> '' AND ${s}.status <> 'success') OR ((${s}.status IS NULL OR ${s}.status = '') AND ${fromMetadata}))`;
}

/** A missing (NULL) column matches the filter value '' (shared/filters.ts MISSING_VALUE). */
export const missingIn = (expr: string, n: number) => `(${expr} IS NULL AND '' = ANY($${n}::text[]))`;
/** The list filter $n on a column that may be missing. */
export const valueIn = (expr: string, n: number) =>
  `($${n}::text[] IS NULL OR ${expr} = ANY($${n}::text[]) OR ${missingIn(expr, n)})`;
/** The exclusion list $n: "≠ x" keeps a row with no value unless '' (the missing value) is excluded. */
export const valueNotIn = (expr: string, n: number) =>
  `($${n}::text[] IS NULL OR NOT COALESCE(${expr}, '') = ANY($${n}::text[]))`;
/** A model exclusion, like its filter, names the public model or the deployment. */
export const modelNotIn = (model: string, deployment: string, n: number) =>
  `($${n}::text[] IS NULL OR NOT (COALESCE(${model}, '') = ANY($${n}::text[]) OR COALESCE(${deployment} = ANY($${n}::text[]), false)))`;
/** $9, $10, $13: the exclusions a request has fields for (key, model, team), for rows that are not errors. */
export const requestExclusions = (keyAlias: string, model: string, deployment: string, teamAlias: string) =>
  `${valueNotIn(keyAlias, 9)} AND ${modelNotIn(model, deployment, 10)} AND ${valueNotIn(teamAlias, 13)}`;

/**
 * What the merge reads of a SpendLogs row, taken in the scan itself: the error set never goes back
 * to the table by request_id, and the large metadata JSON never leaves the scan.
 */
export function spendColumns(columns: ReadonlySet<string>, vt: boolean, metadata = 's.metadata'): string {
  const c = (name: string, type = 'text') => (columns.has(name) ? `s."${name}"` : `NULL::${type}`);
  const info = (key: string) => nz(`${metadata}->'error_information'->>'${key}'`);
  return [
    's.request_id AS s_id',
    `${c('startTime', 'timestamp')} AS s_start`,
    `${c('endTime', 'timestamp')} AS s_end`,
    `${nz(c('model_group'))} AS s_model_group`,
    `${nz(c('model'))} AS s_model`,
    `${nz(`${metadata}->>'user_api_key_alias'`)} AS s_key_alias`,
    `${nz(`${metadata}->>'user_api_key_team_alias'`)} AS s_team_alias`,
    `${info('error_code')} AS s_code`,
    `${info('error_class')} AS s_class`,
    `${info('error_message')} AS s_message`,
    `${info('llm_provider')} AS s_info_provider`,
    `${nz(c('custom_llm_provider'))} AS s_provider`,
    `${nz(c('api_base'))} AS s_api_base`,
    `${c('request_duration_ms', 'integer')} AS s_duration`,
    `${c('total_tokens', 'integer')} AS s_tokens`,
    `${nz(c('session_id'))} AS s_session`,
    vt ? 's.api_key AS s_api_key' : 'NULL::text AS s_api_key',
  ].join(', ');
}

export function errorColumns(columns: ReadonlySet<string>): string {
  const c = (name: string, type = 'text') => (columns.has(name) ? `e."${name}"` : `NULL::${type}`);
  return [
    'e.request_id AS e_id',
    `${c('startTime', 'timestamp')} AS e_start`,
    `${c('endTime', 'timestamp')} AS e_end`,
    `${nz(c('model_group'))} AS e_model_group`,
    `${nz(c('litellm_model_name'))} AS e_model`,
    `${nz(c('status_code'))} AS e_code`,
    `${nz(c('exception_type'))} AS e_class`,
    `${nz(c('exception_string'))} AS e_message`,
    `${nz(c('api_base'))} AS e_api_base`,
  ].join(', ');
}

export const NO_SPEND = `NULL::text AS s_id, NULL::timestamp AS s_start, NULL::timestamp AS s_end, NULL::text AS s_model_group,
       NULL::text AS s_model, NULL::text AS s_key_alias, NULL::text AS s_team_alias, NULL::text AS s_code,
       NULL::text AS s_class, NULL::text AS s_message, NULL::text AS s_info_provider, NULL::text AS s_provider,
       NULL::text AS s_api_base, NULL::integer AS s_duration, NULL::integer AS s_tokens, NULL::text AS s_session,
       NULL::text AS s_api_key`;
export const NO_ERROR = `NULL::text AS e_id, NULL::timestamp AS e_start, NULL::timestamp AS e_end, NULL::text AS e_model_group,
       NULL::text AS e_model, NULL::text AS e_code, NULL::text AS e_class, NULL::text AS e_message, NULL::text AS e_api_base`;

/** The key alias falls back to the key's own alias in VerificationToken, when SpendLogs names the key. */
export const joinsVerificationToken = (schema: LiteLLMSchema) =>
  Boolean(schema.spendLogs && schema.verificationToken && schema.spendLogs.has('api_key'));

/** One merged error row (DESIGN §2) per pair of `pairs`: a relation or `(subquery)` with the s_* and e_* columns. */
export function mergedSelect(pairs: string, withVt: boolean, extraColumns = ''): string {
  const keyAliasFallback = withVt ? nz('vt.key_alias') : 'NULL::text';
  const startTime = 'COALESCE(p.s_start, p.e_start)';
  const endTime = 'COALESCE(p.s_end, p.e_end)';
  return `
  SELECT COALESCE(p.s_id, p.e_id) AS request_id,
         ${startTime} AS t,
         COALESCE(p.s_model_group, p.e_model_group, p.s_model, p.e_model) AS model,
         COALESCE(p.s_model, p.e_model) AS deployment,
         COALESCE(p.s_key_alias, ${keyAliasFallback}) AS key_alias,
         p.s_team_alias AS team_alias,
         COALESCE(p.s_code, p.e_code) AS status_code,
         COALESCE(p.s_class, p.e_class, 'Unknown') AS error_type,
         CASE WHEN length(COALESCE(p.s_message, '')) >= length(COALESCE(p.e_message, '')) THEN p.s_message ELSE p.e_message END AS error_message,
         COALESCE(p.s_provider, p.s_info_provider) AS provider,
         COALESCE(p.s_api_base, p.e_api_base) AS api_base,
         COALESCE(p.s_duration::float8, EXTRACT(EPOCH FROM (${endTime} - ${startTime}))::float8 * 1000) AS duration_ms,
         p.s_tokens AS total_tokens,
         p.s_session AS session_id,
         concat_ws(',', CASE WHEN p.s_id IS NOT NULL THEN 'spend_logs' END, CASE WHEN p.e_id IS NOT NULL THEN 'error_logs' END) AS sources${
           extraColumns
             ? `,
         ${extraColumns}`
             : ''
         }
    FROM ${pairs} p
    ${withVt ? `LEFT JOIN "${VERIFICATION_TOKEN}" vt ON vt.token = p.s_api_key` : ''}`;
}

/** The filters $3–$14 over the columns of `mergedSelect`. */
export const FILTER_PREDICATE = `${valueIn('key_alias', 3)}
     AND ($4::text[] IS NULL OR model = ANY($4::text[]) OR deployment = ANY($4::text[]) OR ${missingIn('model', 4)})
     AND ($5::text[] IS NULL OR error_type = ANY($5::text[]))
     AND ${valueIn('status_code', 6)}
     AND ${valueIn('team_alias', 7)}
     AND ($8::text IS NULL OR strpos(lower(COALESCE(error_message, '')), lower($8::text)) > 0)
     AND ${valueNotIn('key_alias', 9)}
     AND ${modelNotIn('model', 'deployment', 10)}
     AND ${valueNotIn('error_type', 11)}
     AND ${valueNotIn('status_code', 12)}
     AND ${valueNotIn('team_alias', 13)}
     AND ${valueIn('session_id', 14)}`;

/** The cause filter of a query: its categories, kept or left out (written into the SQL: see category-sql.ts). */
export interface CategoryQuery {
  categories?: readonly FailureCategory[];
  exclude?: { categories?: readonly FailureCategory[] };
}

/** FILTER_PREDICATE and, when the query names causes, the taxonomy rules over the merged columns. */
export function filterPredicate(q?: CategoryQuery): string {
  const cause = q
    ? categoryPredicate(
        'postgres',
        { message: 'error_message', errorType: 'error_type', statusCode: 'status_code' },
        { categories: q.categories ?? [], excludedCategories: q.exclude?.categories ?? [] },
      )
    : null;
  return cause
    ? `${FILTER_PREDICATE}
     AND ${cause}`
    : FILTER_PREDICATE;
}

/**
 * SpendLogs with its metadata read once per row: the JSON is TOASTed (compressed, often out of line)
 * and every `->` on the column decompresses it again (six times a row: ≈ 40% of the error set's time
 * at 1M rows). `|| '{}'` makes one in-memory copy whose key lookups give exactly what the column's do
 * (an object stays itself; an array or scalar, where every key lookup is NULL, stays without keys).
 */
const SPEND_FROM = `"${SPEND_LOGS}" s CROSS JOIN LATERAL (SELECT s.metadata::jsonb || '{}'::jsonb AS metadata OFFSET 0) m`;

/**
 * `WITH … filtered AS (…)`: every matching error (DESIGN §2, revised for issue 19). The error set is
 * the failed requests: SpendLogs rows in range whose status is set and not 'success', one scan of the
 * range with the metadata read once. ErrorLogs rows are failed attempts with random ids of their own
 * (`_PROXY_failure_handler` writes `uuid.uuid4()`): never merged with, added to or matched against a
 * request by id. Only where SpendLogs holds no failed request in the range (an old proxy, spend logs
 * off) do the attempts in range stand in; the gate is one uncorrelated check, so with failed requests
 * in range ErrorLogs is never read.
 */
export function errorSetCte(schema: LiteLLMSchema, q?: CategoryQuery): string {
  const sl = schema.spendLogs;
  const el = schema.errorLogs;
  const withVt = joinsVerificationToken(schema);
  const ctes: string[] = [];
  if (sl) {
    ctes.push(`spend_err AS MATERIALIZED (
  SELECT ${spendColumns(sl, withVt, 'm.metadata')} FROM ${SPEND_FROM}
   WHERE ${inRange('s')} AND ${spendFailed(schema)})`);
  }
  if (el) {
    ctes.push(`error_rows AS (
  SELECT ${errorColumns(el)} FROM "${ERROR_LOGS}" e WHERE ${inRange('e')})`);
  }
  const pairs =
    sl && el
      ? `SELECT s.*, ${NO_ERROR} FROM spend_err s
  UNION ALL
  SELECT ${NO_SPEND}, e.* FROM error_rows e WHERE ${ATTEMPTS_STAND_IN}`
      : sl
        ? `SELECT s.*, ${NO_ERROR} FROM spend_err s`
        : `SELECT ${NO_SPEND}, e.* FROM error_rows e`;
  ctes.push(`pairs AS (${pairs})`);

  ctes.push(`merged AS (${mergedSelect('pairs', withVt)})`);

  ctes.push(`filtered AS MATERIALIZED (
  SELECT * FROM merged
   WHERE ${filterPredicate(q)})`);

  return `WITH ${ctes.join(',\n')}`;
}

/** True (inside `errorSetCte`, both tables present) when the failed attempts stand in for the failed requests. */
const ATTEMPTS_STAND_IN = 'NOT EXISTS (SELECT 1 FROM spend_err)';

/** The `stand_in` column: the error set is made of failed attempts (DESIGN §2, old proxies). */
export function standInColumn(schema: LiteLLMSchema): string {
  if (!schema.errorLogs) return 'false AS stand_in';
  if (!schema.spendLogs) return 'EXISTS (SELECT 1 FROM error_rows) AS stand_in';
  return `(${ATTEMPTS_STAND_IN} AND EXISTS (SELECT 1 FROM error_rows)) AS stand_in`;
}

/**
 * The SpendLogs ids of every error in range before any filter. Attempts standing in have ids of
 * their own that no SpendLogs row carries, so they need no listing here.
 */
export function unfilteredErrorIds(schema: LiteLLMSchema): string {
  return schema.spendLogs ? 'SELECT s_id FROM spend_err' : 'SELECT NULL::text WHERE false';
}

export const BUCKET = `to_char(to_timestamp(floor(extract(epoch FROM t) / $15::int) * $15::int) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The bucket's number (epoch ÷ $15): grouped by, then written as BUCKET once per group, not once per error. */
export const BUCKET_NUMBER = 'floor(extract(epoch FROM t) / $15::int)';
/** BUCKET of a bucket number `n`. */
export const bucketText = (n: string) =>
  `to_char(to_timestamp(${n} * $15::int) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The total, every breakdown (as JSON) and the timeline by model over `filtered`. $15 = bucket seconds. */
function aggregateColumns(schema: LiteLLMSchema): string {
  // Top N in SQL and one remainder row (r > N): bounded output whatever the number of distinct values.
  const ranked = (expr: string) => `(SELECT v, n, row_number() OVER (ORDER BY n DESC, v NULLS LAST) AS r
          FROM (SELECT ${expr} AS v, count(*)::int AS n FROM filtered GROUP BY 1) g)`;
  const breakdown = (expr: string, key: string) =>
    `(SELECT json_build_object(
          'top', COALESCE(json_agg(json_build_object('${key}', v, 'count', n) ORDER BY r) FILTER (WHERE r <= ${BREAKDOWN_TOP}), '[]'::json),
          'otherValues', count(*) FILTER (WHERE r > ${BREAKDOWN_TOP}),
          'otherCount', COALESCE(sum(n) FILTER (WHERE r > ${BREAKDOWN_TOP}), 0))
        FROM ${ranked(expr)} ranked)`;
  const model = `COALESCE(model, '(unknown)')`;
  return `(SELECT count(*)::int FROM filtered) AS total,
       ${standInColumn(schema)},
       ${schema.spendLogs ? '(SELECT count(*)::int FROM spend_err WHERE s_model IS NOT NULL)' : '0'} AS deployment_failures,
       ${breakdown(model, 'model')} AS by_model,
       ${breakdown('error_type', 'errorType')} AS by_error_type,
       ${breakdown('key_alias', 'keyAlias')} AS by_key_alias,
       (SELECT COALESCE(json_agg(json_build_object('bucket', ${bucketText('b')}, 'count', n) ORDER BY b), '[]'::json)
          FROM (SELECT ${BUCKET_NUMBER} AS b, count(*)::int AS n FROM filtered GROUP BY 1) g) AS timeline,
       (SELECT COALESCE(json_agg(json_build_object('bucket', ${bucketText('b')}, 'model', v, 'count', n) ORDER BY b, v), '[]'::json)
          FROM (SELECT ${BUCKET_NUMBER} AS b, ${model} AS v, count(*)::int AS n
                  FROM filtered WHERE ${model} IN (SELECT v FROM ${ranked(model)} top WHERE r <= ${BREAKDOWN_TOP})
                 GROUP BY 1, 2) g) AS timeline_by_model`;
}

/** One row: the total and every breakdown, as JSON, over all matching errors. $15 = bucket seconds. */
export function aggregatesSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)}
SELECT ${aggregateColumns(schema)}`;
}

/** The investigation's columns over `filtered`: the aggregates and, as a JSON array `newest`, the newest $16 rows. */
export function investigationColumns(schema: LiteLLMSchema): string {
  return `${aggregateColumns(schema)},
       (SELECT COALESCE(json_agg(r ORDER BY r.sort_t DESC, r.request_id DESC), '[]'::json)
          FROM (SELECT ${ERROR_COLUMNS}, t AS sort_t FROM filtered
                 ORDER BY t DESC, request_id DESC LIMIT $16::int) r) AS newest`;
}

/**
 * The whole investigation in one statement, so the error set is computed once: the aggregates of
 * `aggregatesSql` and, as a JSON array `newest`, the newest $16 rows of `rowsSql`. $15 = bucket seconds.
 */
export function investigationSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)}
SELECT ${investigationColumns(schema)}`;
}

/** The columns `mapErrorRow` reads, selected from `filtered`. */
export const ERROR_COLUMNS = `request_id, to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, model, deployment, key_alias,
       team_alias, status_code, error_type, error_message, provider, api_base, duration_ms, total_tokens, sources`;

/** The newest matching errors, at most $15 rows. */
export function rowsSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)}
SELECT ${ERROR_COLUMNS}
  FROM filtered
 ORDER BY t DESC, request_id DESC
 LIMIT $15::int`;
}
