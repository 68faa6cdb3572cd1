import { hasExclusions } from '../../../shared/filters.ts';
import { isWholeDays } from '../../../shared/traffic-buckets.ts';
import type { Granularity, TrafficQuery } from '../../../shared/traffic.ts';
import type { SqlRunner } from '../db/database.ts';
import { SPEND_LOGS, VERIFICATION_TOKEN } from '../sources/litellm/schema.ts';
import { shapeAggregates, type TrafficAggregates } from './traffic-query.ts';
import { CUT_DIMS, groupedColumns, PG_TOP_N } from './traffic-sql.ts';
import { topNSql } from './top-n-sql.ts';

export const DAILY_USER = 'LiteLLM_DailyUserSpend';
export const DAILY_TEAM = 'LiteLLM_DailyTeamSpend';
export const DAILY_TAG = 'LiteLLM_DailyTagSpend';
const TEAM_TABLE = 'LiteLLM_TeamTable';
/** LiteLLM's audit copy of each deleted key (schema.prisma `LiteLLM_DeletedVerificationToken`, newer proxies). */
const DELETED_TOKEN = 'LiteLLM_DeletedVerificationToken';

const NEEDED = [
  'date',
  'api_key',
  'model',
  'prompt_tokens',
  'completion_tokens',
  'spend',
  'api_requests',
  'failed_requests',
];

export interface DailyTables {
  user: ReadonlySet<string> | null;
  team: ReadonlySet<string> | null;
  tag: ReadonlySet<string> | null;
  teamTable: boolean;
  verificationToken: boolean;
  deletedToken: boolean;
  /** SpendLogs has api_key and metadata: a deleted key's alias can be read from its rows. */
  spendLogsAliases: boolean;
}

/** Which of LiteLLM's per-day tables (added in 2025) this database has, with the columns they need. */
export async function detectDailyTables(sql: SqlRunner): Promise<DailyTables> {
  const rows = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT t.name AS table_name, a.attname AS column_name
       FROM unnest($1::text[]) AS t(name)
       JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(t.name))
      WHERE a.attnum > 0 AND NOT a.attisdropped`,
    [[DAILY_USER, DAILY_TEAM, DAILY_TAG, TEAM_TABLE, VERIFICATION_TOKEN, DELETED_TOKEN, SPEND_LOGS]],
  );
  const columns = new Map<string, Set<string>>();
  for (const r of rows)
    columns.set(r.table_name, (columns.get(r.table_name) ?? new Set()).add(r.column_name));
  const usable = (name: string) => {
    const set = columns.get(name);
    return set && NEEDED.every((c) => set.has(c)) ? set : null;
  };
  return {
    user: usable(DAILY_USER),
    team: usable(DAILY_TEAM) && columns.get(DAILY_TEAM)!.has('team_id') ? usable(DAILY_TEAM) : null,
    tag: usable(DAILY_TAG),
    teamTable: !!columns.get(TEAM_TABLE)?.has('team_alias'),
    verificationToken: !!columns.get(VERIFICATION_TOKEN)?.has('key_alias'),
    deletedToken: ['token', 'key_alias', 'deleted_at'].every((c) => columns.get(DELETED_TOKEN)?.has(c)),
    spendLogsAliases: ['api_key', 'metadata'].every((c) => columns.get(SPEND_LOGS)?.has(c)),
  };
}

/**
 * The filters of `q` that per-period roll-ups (LiteLLM's daily tables, a call log's LLMTokenUsage)
 * cannot apply: they keep only the period, the key (user) and the model. Read from them anyway, the
 * figures would silently ignore these.
 */
export function filtersRollupsLack(q: TrafficQuery): string[] {
  return [
    q.errorTypes.length && 'error type',
    q.statusCodes.length && 'status code',
    q.teamAliases.length && 'team alias',
    q.text && 'text',
    q.endUsers.length && 'end user',
    q.sessionIds.length && 'session',
    q.deployments.length && 'deployment',
    q.outcome !== 'all' && 'outcome',
    q.modelContains && 'model-contains',
    q.exclude && hasExclusions(q.exclude) && 'excluded values',
  ].filter((x): x is string => typeof x === 'string');
}

/** Why the daily tables cannot answer, or null when they can: whole UTC days, and only filters they hold. */
export function dailyIneligibleReason(
  daily: DailyTables,
  q: TrafficQuery,
  chosen?: Granularity,
): string | null {
  if (!daily.user) return `"${DAILY_USER}" not found`;
  if (!isWholeDays(q)) return 'the range is not whole UTC days';
  if (chosen && chosen !== 'day') return 'daily totals have day granularity only';
  const unsupported = filtersRollupsLack(q);
  return unsupported.length ? `they hold no ${unsupported.join(', ')}` : null;
}

export const dailyEligible = (daily: DailyTables, q: TrafficQuery, chosen?: Granularity) =>
  dailyIneligibleReason(daily, q, chosen) === null;

/**
 * $1 previous from, $2 to, $3 split (all YYYY-MM-DD), $4 key aliases, $5 models.
 * Rows are pre-aggregated per day: requests and failures are sums, latency is unknown (NULL).
 */
function dailyFigures(): string {
  return `sum(api_requests)::int AS requests, sum(failed_requests)::int AS failed,
       NULL::float8 AS p50, NULL::float8 AS p95, NULL::float8 AS p99, NULL::float8 AS ttft_p50, NULL::float8 AS ttft_p95,
       sum(prompt_tokens)::float8 AS prompt_tokens, sum(completion_tokens)::float8 AS completion_tokens,
       sum(prompt_tokens + completion_tokens)::float8 AS total_tokens, sum(cached)::float8 AS cached_tokens,
       0::float8 AS reasoning_tokens, sum(spend)::float8 AS spend, false AS estimated`;
}

/**
 * Each key of the range's daily rows with the alias SpendLogs would show (DESIGN §2): the
 * VerificationToken's; for a deleted key, LiteLLM's own record of it (DeletedVerificationToken, as
 * LiteLLM's usage page reads it: `get_api_key_metadata`), else the alias its SpendLogs rows carry
 * (one pass over SpendLogs, for those keys only), else "(deleted key …abcd)" from the hash's end.
 */
function keyAliases(table: string, daily: DailyTables): string {
  const known = daily.verificationToken ? `NULLIF(vt.key_alias, '')` : 'NULL::text';
  // A request with no key (an auth failure) has no alias, not a deleted key's.
  const deleted = `k.api_key <> ''${daily.verificationToken ? ' AND vt.token IS NULL' : ''}`;
  const fromDeleted = daily.deletedToken
    ? `(SELECT NULLIF(dv.key_alias, '') FROM "${DELETED_TOKEN}" dv WHERE dv.token = k.api_key ORDER BY dv.deleted_at DESC LIMIT 1)`
    : 'NULL::text';
  const keys = `SELECT k.api_key, ${known} AS known, ${deleted} AS deleted, ${fromDeleted} AS recorded
      FROM (SELECT DISTINCT api_key FROM "${table}" WHERE date >= $1::text AND date < $2::text) k
      ${daily.verificationToken ? `LEFT JOIN "${VERIFICATION_TOKEN}" vt ON vt.token = k.api_key` : ''}`;
  const fromRows = daily.spendLogsAliases
    ? `LEFT JOIN (SELECT s.api_key, max(NULLIF(s.metadata->>'user_api_key_alias', '')) AS alias FROM "${SPEND_LOGS}" s
                   WHERE s.api_key IN (SELECT api_key FROM ld_keys WHERE deleted AND recorded IS NULL) GROUP BY s.api_key) m ON m.api_key = ld_keys.api_key`
    : '';
  const alias = `COALESCE(known, CASE WHEN deleted THEN COALESCE(recorded, ${daily.spendLogsAliases ? 'm.alias' : 'NULL::text'}, '(deleted key …' || right(ld_keys.api_key, 4) || ')') END)`;
  return `(WITH ld_keys AS MATERIALIZED (${keys})
    SELECT ld_keys.api_key, ${alias} AS key_alias FROM ld_keys ${fromRows})`;
}

function dailyRows(table: string, columns: ReadonlySet<string>, daily: DailyTables, extra: string): string {
  const group = columns.has('model_group')
    ? `COALESCE(NULLIF(d.model_group, ''), NULLIF(d.model, ''))`
    : `NULLIF(d.model, '')`;
  const cached = columns.has('cache_read_input_tokens') ? 'd.cache_read_input_tokens' : '0';
  return `SELECT d.date >= $3::text AS cur, ${group} AS model, NULLIF(d.model, '') AS deployment, ka.key_alias, ${extra},
         to_char(d.date::date, 'YYYY-MM-DD"T"00:00:00.000"Z"') AS bucket,
         d.api_requests, d.failed_requests, d.prompt_tokens, d.completion_tokens, ${cached} AS cached, d.spend
    FROM "${table}" d
    LEFT JOIN ${keyAliases(table, daily)} ka ON ka.api_key = d.api_key
   WHERE d.date >= $1::text AND d.date < $2::text`;
}

const FILTERS = `($4::text[] IS NULL OR key_alias = ANY($4::text[])) AND ($5::text[] IS NULL OR model = ANY($5::text[]) OR deployment = ANY($5::text[]))`;

function userSql(daily: DailyTables): string {
  return `WITH agg AS (
SELECT CASE WHEN GROUPING(model) = 0 THEN 'model' WHEN GROUPING(deployment) = 0 THEN 'deployment'
                 WHEN GROUPING(key_alias) = 0 THEN 'keyAlias' WHEN GROUPING(bucket) = 0 THEN 'series' ELSE 'total' END AS dim,
       cur, model, deployment, NULL::text AS api_base, key_alias, bucket, ${dailyFigures()}
  FROM (${dailyRows(DAILY_USER, daily.user!, daily, 'NULL::text AS team_alias')}) r
 WHERE ${FILTERS}
 GROUP BY GROUPING SETS ((cur), (cur, model), (cur, deployment), (cur, key_alias), (cur, bucket))),
${topNSql('agg', groupedColumns('model', 'deployment', 'api_base', 'key_alias'), CUT_DIMS, PG_TOP_N)}`;
}

function teamSql(daily: DailyTables): string {
  const team = daily.teamTable
    ? `COALESCE(NULLIF(tt.team_alias, ''), NULLIF(d.team_id, ''))`
    : `NULLIF(d.team_id, '')`;
  const rows = dailyRows(DAILY_TEAM, daily.team!, daily, `${team} AS team_alias`).replace(
    'FROM "LiteLLM_DailyTeamSpend" d',
    `FROM "${DAILY_TEAM}" d${daily.teamTable ? ` LEFT JOIN "${TEAM_TABLE}" tt ON tt.team_id = d.team_id` : ''}`,
  );
  return `WITH agg AS (
SELECT 'teamAlias' AS dim, cur, team_alias, NULL::text AS bucket, ${dailyFigures()}
  FROM (${rows}) r
 WHERE ${FILTERS}
 GROUP BY cur, team_alias),
${topNSql('agg', groupedColumns('team_alias'), CUT_DIMS, PG_TOP_N)}`;
}

const day = (iso: string) => iso.slice(0, 10);

/** The overview from LiteLLM's daily tables: milliseconds even when SpendLogs is pruned. */
export async function readDailyAggregates(
  sql: SqlRunner,
  daily: DailyTables,
  q: TrafficQuery,
): Promise<TrafficAggregates> {
  const list = (values: readonly string[]) => (values.length ? values : null);
  const params = [day(q.previousFrom), day(q.to), day(q.from), list(q.keyAliases), list(q.models)];
  const rows = await sql.query(userSql(daily), params);
  const teamRows = daily.team ? await sql.query(teamSql(daily), params) : [];
  return shapeAggregates([...rows, ...teamRows], { ...q, granularity: 'day', bucketSeconds: 86_400 });
}

/**
 * Whether SpendLogs still holds the range's first day (its oldest row is no later): then it is the
 * answer for every day of the range, and the daily tables only a cross-check (DESIGN §8). One
 * read of the "startTime" index.
 */
export async function spendLogsHolds(sql: SqlRunner, from: string): Promise<boolean> {
  const [row] = await sql.query<{ oldest: unknown }>(
    `SELECT min("startTime") AS oldest FROM "${SPEND_LOGS}"`,
  );
  if (row?.oldest === null || row?.oldest === undefined) return false;
  const oldest =
    row.oldest instanceof Date
      ? row.oldest.getTime()
      : Date.parse(`${String(row.oldest).replace(' ', 'T')}Z`);
  // Held from the range's first day on (a retention job prunes by age, not at midnight).
  return !Number.isNaN(oldest) && oldest < Date.parse(from) + 86_400_000;
}

/**
 * The days of [from, to) (whole UTC days) on which LiteLLM's daily tables and SpendLogs count a
 * different number of requests, both holding the day. The daily tables can lose rows (LiteLLM
 * #29292): a difference is shown, never settled silently.
 */
export async function dailyDisagreements(
  sql: SqlRunner,
  q: { from: string; to: string },
): Promise<{ day: string; daily: number; spendLogs: number }[]> {
  const rows = await sql.query<{ day: string; daily: unknown; spend: unknown }>(
    `SELECT d.day, d.n AS daily, s.n AS spend
       FROM (SELECT date AS day, sum(api_requests)::int AS n FROM "${DAILY_USER}" WHERE date >= $1::text AND date < $2::text GROUP BY 1) d
       JOIN (SELECT to_char("startTime", 'YYYY-MM-DD') AS day, count(*)::int AS n FROM "${SPEND_LOGS}"
              WHERE "startTime" >= ($3::timestamptz AT TIME ZONE 'UTC') AND "startTime" < ($4::timestamptz AT TIME ZONE 'UTC') GROUP BY 1) s
         ON s.day = d.day
      WHERE d.n <> s.n
      ORDER BY d.day`,
    [day(q.from), day(q.to), q.from, q.to],
  );
  return rows.map((r) => ({ day: String(r.day), daily: Number(r.daily), spendLogs: Number(r.spend) }));
}
