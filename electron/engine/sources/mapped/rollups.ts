import type { TableColumn } from '../../../../shared/source-mapping.ts';
import { isCalendarUnit } from '../../../../shared/traffic-buckets.ts';
import type { TrafficQuery } from '../../../../shared/traffic.ts';
import type { SqlRunner } from '../../db/database.ts';
import { filtersRollupsLack } from '../../traffic/daily.ts';
import type { BuiltSql } from './query-sql.ts';
import { bucketSql, mappedTopN } from './traffic-sql.ts';
import { ROLLUP_MODEL } from '../detect-related.ts';
import type { TopNColumnKind } from '../../traffic/top-n-sql.ts';
import { Params, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import type { CheckedMapping } from '../validate-mapping.ts';

/**
 * LLMTokenUsage beside a Django LLMCallLog (DESIGN §9): per period (hour/day/…), user and model,
 * the calls, failures, tokens and cost. Read instead of the calls for long ranges, as LiteLLM's
 * daily tables are: no latency, no request list, no filters but user and model.
 */
export interface RollupTable {
  table: string;
  columns: ReadonlyMap<string, TableColumn>;
  /** Which periods have rows, e.g. ['day', 'hour']. */
  periods: ReadonlySet<string>;
}

const USER = ['user_id', 'user'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Period names as the model's choices spell them (`hour`/`hourly`, `day`/`daily`…). */
const PERIODS: Record<string, string> = {
  hour: 'hour',
  hourly: 'hour',
  day: 'day',
  daily: 'day',
  week: 'week',
  weekly: 'week',
  month: 'month',
  monthly: 'month',
};

/** The roll-up table the mapping names (checked against its shape when the source opened), with the periods it holds. */
export async function findRollups(
  sql: SqlRunner,
  d: SqlDialect,
  checked: CheckedMapping,
): Promise<RollupTable | null> {
  const table = checked.mapping.rollups?.table;
  const columns = table ? checked.related.get(table) : undefined;
  if (!table || !columns) return null;
  const rows = await sql.query(
    `SELECT DISTINCT ${d.asText(d.quote('period'))} AS period FROM ${d.quote(table)}`,
  );
  return {
    table,
    columns,
    periods: new Set(rows.map((r) => PERIODS[String(r.period).toLowerCase()] ?? String(r.period))),
  };
}

/**
 * The period whose rows answer the query exactly, or why none does. Without a chosen granularity,
 * a period coarser than the range's buckets still answers (`coarser`): the series then takes the
 * period's buckets, as LiteLLM's daily tables give days, rather than reading every row of a long range.
 */
export function rollupPeriod(
  rollups: RollupTable | null,
  q: TrafficQuery,
): { period: 'day' | 'hour'; coarser: boolean } | { reason: string } {
  if (!rollups) return { reason: 'the mapping names no roll-up table (LLMTokenUsage)' };
  const unsupported = filtersRollupsLack(q);
  if (unsupported.length) return { reason: `the roll-ups hold no ${unsupported.join(', ')}` };
  const aligned = (unit: number) => [q.previousFrom, q.from, q.to].every((t) => Date.parse(t) % unit === 0);
  // Roll-up rows can fill a series bucket only when it holds whole periods.
  const holds = (unit: number) => isCalendarUnit(q.granularity) || (q.bucketSeconds * 1000) % unit === 0;
  const usable = (period: 'day' | 'hour') =>
    rollups.periods.has(period) && aligned(period === 'day' ? DAY : HOUR);
  if (usable('day') && holds(DAY)) return { period: 'day', coarser: false };
  if (usable('hour') && holds(HOUR)) return { period: 'hour', coarser: false };
  if (q.granularity === 'auto' && usable('hour')) return { period: 'hour', coarser: true };
  if (q.granularity === 'auto' && usable('day')) return { period: 'day', coarser: true };
  return {
    reason:
      'the range does not fall on whole hours or days of the roll-ups, or the series is finer than they are',
  };
}

/** The roll-up aggregate's columns in order, as the top-N cut treats them. */
const ROLLUP_COLUMNS: [string, TopNColumnKind][] = [
  ['dim', 'dim'],
  ['cur', 'cur'],
  ['k1', 'key'],
  ['k2', 'key'],
  ['kb', 'null'],
  ['requests', 'sum'],
  ['failed', 'sum'],
  ['nx', 'null'],
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

/** The roll-up rows of [previousFrom, to) grouped as the call-level aggregate (mappedAggregateSql) returns them. */
export function rollupAggregateSql(
  rollups: RollupTable,
  d: SqlDialect,
  q: TrafficQuery,
  period: string,
  checked: CheckedMapping,
): BuiltSql {
  const p = new Params(d.name);
  const has = (c: string) => rollups.columns.has(c);
  const first = (names: string[]) => names.find(has);
  const num = (c: string | undefined) => (c && has(c) ? `COALESCE(${d.asNumber(d.quote(c))}, 0)` : '0');
  const text = (c: string | undefined) =>
    c && has(c) ? `NULLIF(${d.asText(d.quote(c))}, '')` : d.asText('NULL');
  const prompt = first(['prompt_tokens', 'total_prompt_tokens']);
  const completion = first(['completion_tokens', 'total_completion_tokens']);
  const tokens = has('total_tokens') ? num('total_tokens') : `${num(prompt)} + ${num(completion)}`;
  // When a row starts: `period_start`, or LLMTokenUsage's `date` plus its `hour`.
  const start = has('period_start')
    ? d.epochMs(d.quote('period_start'))
    : `(${d.epochMs(d.quote('date'))} + ${has('hour') ? `COALESCE(${d.asNumber(d.quote('hour'))}, 0)` : '0'} * ${HOUR})`;
  // The user as the call log shows it: through the same lookup (auth_user.username) when it has one.
  const user = first(USER);
  const lookup = checked.mapping.lookups?.keyAlias;
  const key =
    user && lookup
      ? `COALESCE((SELECT ${d.asText(`ld_lk.${d.quote(lookup.column)}`)} FROM ${d.quote(lookup.table)} ld_lk WHERE ${d.asText(`ld_lk.${d.quote(lookup.key)}`)} = ${d.asText(`${d.quote(rollups.table)}.${d.quote(user)}`)} LIMIT 1), ${text(user)})`
      : text(user);
  const names = Object.entries(PERIODS)
    .filter(([, v]) => v === period)
    .map(([k]) => k);
  // Placeholders in text order: the split comes first in the statement.
  const split = p.add(Date.parse(q.from));
  const rows = `SELECT * FROM (SELECT ${start} AS t_ms, ${text(ROLLUP_MODEL.find(has))} AS model, ${key} AS key_alias,
         ${num('call_count')} AS calls, ${num('failed_count')} AS failed, ${num(prompt)} AS prompt_tokens,
         ${num(completion)} AS completion_tokens, ${tokens} AS total_tokens, ${num('cached_tokens')} AS cached_tokens,
         ${num('total_cost')} AS spend
    FROM ${d.quote(rollups.table)}
   WHERE lower(${d.asText(d.quote('period'))}) IN ${p.list(names)}) ld_r
   WHERE t_ms >= ${p.add(Date.parse(q.previousFrom))} AND t_ms < ${p.add(Date.parse(q.to))}`;
  const filters: string[] = [];
  if (q.keyAliases.length) filters.push(`key_alias IN ${p.list(q.keyAliases)}`);
  if (q.models.length) filters.push(`model IN ${p.list(q.models)}`);
  const noKey = d.asText('NULL');
  const noBucket = d.asNumber('NULL');
  const figures = `sum(calls) AS requests, sum(failed) AS failed, 0 AS nx, sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens,
       sum(total_tokens) AS total_tokens, sum(cached_tokens) AS cached_tokens, 0 AS reasoning_tokens, sum(spend) AS spend, 0 AS estimated`;
  const bucket = bucketSql(q, p);
  const sql = `WITH ld_rollup AS (
  SELECT r.*, CASE WHEN t_ms >= ${split} THEN 1 ELSE 0 END AS cur FROM (${rows}) r
   WHERE ${filters.length ? filters.join(' AND ') : '1 = 1'}),
ld_grouped AS (
SELECT 'total' AS dim, cur, ${noKey} AS k1, ${noKey} AS k2, ${noBucket} AS kb, ${figures} FROM ld_rollup GROUP BY cur
UNION ALL SELECT 'model', cur, model, ${noKey}, ${noBucket}, ${figures} FROM ld_rollup GROUP BY cur, model
UNION ALL SELECT 'keyAlias', cur, key_alias, ${noKey}, ${noBucket}, ${figures} FROM ld_rollup GROUP BY cur, key_alias
UNION ALL SELECT 'series', cur, ${noKey}, ${noKey}, b, ${figures} FROM (SELECT ld_rollup.*, ${bucket} AS b FROM ld_rollup WHERE cur = 1) s GROUP BY cur, b),
${mappedTopN(d, 'ld_grouped', ROLLUP_COLUMNS)}`;
  return { sql, params: p.values };
}
