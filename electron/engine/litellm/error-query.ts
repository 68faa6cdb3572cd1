import type { SqlParam } from '../db/database.ts';
import { ERROR_LOGS, SPEND_LOGS, VERIFICATION_TOKEN, type LiteLLMSchema } from './schema.ts';

/**
 * The SQL of DESIGN §2: the error set is the union of failed SpendLogs rows and ErrorLogs rows,
 * one entry per request_id, merged. Only fixed identifiers are written into the text; every value
 * is a `$n` parameter. Parameters $1–$8 are shared by every statement built here:
 * $1 from, $2 to (ISO), $3 key aliases, $4 models, $5 error types, $6 status codes, $7 team aliases
 * (text[] or NULL for "any"), $8 free text (or NULL).
 */
export interface ErrorSetParams {
  from: string;
  to: string;
  keyAliases: readonly string[];
  models: readonly string[];
  errorTypes: readonly string[];
  statusCodes: readonly string[];
  teamAliases: readonly string[];
  text: string | null;
}

export function errorSetParams(p: ErrorSetParams): SqlParam[] {
  const list = (values: readonly string[]) => (values.length ? values : null);
  return [
    p.from,
    p.to,
    list(p.keyAliases),
    list(p.models),
    list(p.errorTypes),
    list(p.statusCodes),
    list(p.teamAliases),
    p.text && p.text.trim() ? p.text.trim() : null,
  ];
}

const LO = `($1::timestamptz AT TIME ZONE 'UTC')`;
const HI = `($2::timestamptz AT TIME ZONE 'UTC')`;

function column(alias: string, columns: ReadonlySet<string> | null, name: string, type: string): string {
  return columns?.has(name) ? `${alias}."${name}"` : `NULL::${type}`;
}

/** Empty strings count as missing everywhere: Prisma writes '' for unset text columns. */
const nz = (expr: string) => `NULLIF(${expr}, '')`;

function spendStatus(schema: LiteLLMSchema): string {
  const fromMetadata = nz(`s.metadata->>'status'`);
  return schema.spendLogs?.has('status') ? `COALESCE(${nz('s.status')}, ${fromMetadata})` : fromMetadata;
}

/** A missing (NULL) column matches the filter value '' (shared/filters.ts MISSING_VALUE). */
const missingIn = (expr: string, n: number) => `(${expr} IS NULL AND '' = ANY($${n}::text[]))`;
/** The list filter $n on a column that may be missing. */
const valueIn = (expr: string, n: number) =>
  `($${n}::text[] IS NULL OR ${expr} = ANY($${n}::text[]) OR ${missingIn(expr, n)})`;

/** `WITH … filtered AS (…)`: every matching error, one row per request, with merged fields. */
export function errorSetCte(schema: LiteLLMSchema): string {
  const sl = schema.spendLogs;
  const el = schema.errorLogs;
  const vt = schema.verificationToken;
  const s = (name: string, type = 'text') => column('s', sl, name, type);
  const e = (name: string, type = 'text') => column('e', el, name, type);
  const errorInfo = (key: string) => (sl ? nz(`s.metadata->'error_information'->>'${key}'`) : 'NULL::text');

  const idSources: string[] = [];
  const ctes: string[] = [];
  if (sl) {
    const status = spendStatus(schema);
    ctes.push(`spend_err AS (
  SELECT s.request_id FROM "${SPEND_LOGS}" s
   WHERE s."startTime" >= ${LO} AND s."startTime" < ${HI}
     AND ${status} IS NOT NULL AND ${status} <> 'success')`);
    idSources.push('SELECT request_id FROM spend_err');
  }
  if (el) {
    ctes.push(`error_ids AS (
  SELECT e.request_id FROM "${ERROR_LOGS}" e
   WHERE e."startTime" >= ${LO} AND e."startTime" < ${HI})`);
    idSources.push('SELECT request_id FROM error_ids');
  }
  ctes.push(`ids AS (${idSources.join(' UNION ')})`);

  const joins = [
    sl
      ? `LEFT JOIN "${SPEND_LOGS}" s ON s.request_id = ids.request_id AND s."startTime" >= ${LO} AND s."startTime" < ${HI}`
      : '',
    el
      ? `LEFT JOIN "${ERROR_LOGS}" e ON e.request_id = ids.request_id AND e."startTime" >= ${LO} AND e."startTime" < ${HI}`
      : '',
    sl && vt && sl.has('api_key') ? `LEFT JOIN "${VERIFICATION_TOKEN}" vt ON vt.token = s.api_key` : '',
  ].filter(Boolean);
  const keyAliasFallback = sl && vt && sl.has('api_key') ? nz('vt.key_alias') : 'NULL::text';
  const sPresent = sl ? 's.request_id IS NOT NULL' : 'false';
  const ePresent = el ? 'e.request_id IS NOT NULL' : 'false';
  const startTime = `COALESCE(${s('startTime', 'timestamp')}, ${e('startTime', 'timestamp')})`;
  const endTime = `COALESCE(${s('endTime', 'timestamp')}, ${e('endTime', 'timestamp')})`;

  ctes.push(`merged AS (
  SELECT ids.request_id,
         ${startTime} AS t,
         COALESCE(${nz(s('model_group'))}, ${nz(e('model_group'))}, ${nz(s('model'))}, ${nz(e('litellm_model_name'))}) AS model,
         COALESCE(${nz(s('model'))}, ${nz(e('litellm_model_name'))}) AS deployment,
         COALESCE(${sl ? nz(`s.metadata->>'user_api_key_alias'`) : 'NULL::text'}, ${keyAliasFallback}) AS key_alias,
         ${sl ? nz(`s.metadata->>'user_api_key_team_alias'`) : 'NULL::text'} AS team_alias,
         COALESCE(${errorInfo('error_code')}, ${nz(e('status_code'))}) AS status_code,
         COALESCE(${errorInfo('error_class')}, ${nz(e('exception_type'))}, 'Unknown') AS error_type,
         CASE WHEN length(COALESCE(m.msg_s, '')) >= length(COALESCE(m.msg_e, '')) THEN m.msg_s ELSE m.msg_e END AS error_message,
         COALESCE(${nz(s('custom_llm_provider'))}, ${errorInfo('llm_provider')}) AS provider,
         COALESCE(${nz(s('api_base'))}, ${nz(e('api_base'))}) AS api_base,
         COALESCE(${s('request_duration_ms', 'integer')}::float8,
                  EXTRACT(EPOCH FROM (${endTime} - ${startTime}))::float8 * 1000) AS duration_ms,
         ${s('total_tokens', 'integer')} AS total_tokens,
         concat_ws(',', CASE WHEN ${sPresent} THEN 'spend_logs' END, CASE WHEN ${ePresent} THEN 'error_logs' END) AS sources
    FROM ids
    ${joins.join('\n    ')}
    CROSS JOIN LATERAL (SELECT ${errorInfo('error_message')} AS msg_s, ${nz(e('exception_string'))} AS msg_e) m)`);

  ctes.push(`filtered AS (
  SELECT * FROM merged
   WHERE ${valueIn('key_alias', 3)}
     AND ($4::text[] IS NULL OR model = ANY($4::text[]) OR deployment = ANY($4::text[]) OR ${missingIn('model', 4)})
     AND ($5::text[] IS NULL OR error_type = ANY($5::text[]))
     AND ${valueIn('status_code', 6)}
     AND ${valueIn('team_alias', 7)}
     AND ($8::text IS NULL OR strpos(lower(COALESCE(error_message, '')), lower($8::text)) > 0))`);

  return `WITH ${ctes.join(',\n')}`;
}

export const BUCKET = `to_char(to_timestamp(floor(extract(epoch FROM t) / $9::int) * $9::int) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One row: the total and every breakdown, as JSON, over all matching errors. $9 = bucket seconds. */
export function aggregatesSql(schema: LiteLLMSchema): string {
  const breakdown = (expr: string, key: string) =>
    `(SELECT COALESCE(json_agg(json_build_object('${key}', v, 'count', n) ORDER BY n DESC, v NULLS LAST), '[]'::json)
        FROM (SELECT ${expr} AS v, count(*)::int AS n FROM filtered GROUP BY 1) g)`;
  return `${errorSetCte(schema)}
SELECT (SELECT count(*)::int FROM filtered) AS total,
       ${breakdown(`COALESCE(model, '(unknown)')`, 'model')} AS by_model,
       ${breakdown('error_type', 'errorType')} AS by_error_type,
       ${breakdown('key_alias', 'keyAlias')} AS by_key_alias,
       (SELECT COALESCE(json_agg(json_build_object('bucket', b, 'model', v, 'count', n) ORDER BY b, v), '[]'::json)
          FROM (SELECT ${BUCKET} AS b, COALESCE(model, '(unknown)') AS v, count(*)::int AS n
                  FROM filtered GROUP BY 1, 2) g) AS timeline_by_model`;
}

/** The columns `mapErrorRow` reads, selected from `filtered`. */
export const ERROR_COLUMNS = `request_id, to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, model, deployment, key_alias,
       team_alias, status_code, error_type, error_message, provider, api_base, duration_ms, total_tokens, sources`;

/** The newest matching errors, at most $9 rows. */
export function rowsSql(schema: LiteLLMSchema): string {
  return `${errorSetCte(schema)}
SELECT ${ERROR_COLUMNS}
  FROM filtered
 ORDER BY t DESC, request_id DESC
 LIMIT $9::int`;
}
