import type { TableColumn } from '../../../shared/source-mapping.ts';
import type { Granularity, TrafficQuery } from '../../../shared/traffic.ts';
import type { SqlRunner } from '../db/database.ts';
import { filtersRollupsLack } from '../traffic/daily.ts';
import type { BuiltSql } from './mapped-query.ts';
import { bucketSql } from './mapped-traffic-sql.ts';
import { listTables, tableColumns } from './introspect.ts';
import { Params, type SqlDialect } from './sql-dialect.ts';
import type { CheckedMapping } from './validate-mapping.ts';

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

const NEEDED = ['period', 'period_start', 'call_count', 'failed_count'];
const MODEL = ['model_name', 'model'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The roll-up table Django names beside `<app>_llmcalllog` (`<app>_llmtokenusage`), when it has the columns read. */
export async function findRollups(sql: SqlRunner, d: SqlDialect, checked: CheckedMapping): Promise<RollupTable | null> {
  const log = checked.mapping.table;
  if (checked.mapping.builtIn !== 'LLMCallLog' || !/llmcalllog$/i.test(log)) return null;
  const wanted = `${log.slice(0, log.length - 'llmcalllog'.length)}llmtokenusage`.toLowerCase();
  const table = (await listTables(sql, d.name)).find((t) => t.toLowerCase() === wanted);
  const columns = table ? await tableColumns(sql, d.name, table) : null;
  if (!table || !columns) return null;
  const byName = new Map(columns.map((c) => [c.name, c]));
  if (!NEEDED.every((c) => byName.has(c)) || !MODEL.some((c) => byName.has(c)) || byName.get('period_start')!.kind !== 'time') return null;
  const rows = await sql.query(`SELECT DISTINCT ${d.asText(d.quote('period'))} AS period FROM ${d.quote(table)}`);
  return { table, columns: byName, periods: new Set(rows.map((r) => String(r.period).toLowerCase())) };
}

/** The period whose rows answer the query exactly, or why none does. */
export function rollupPeriod(rollups: RollupTable | null, q: TrafficQuery, chosen: Granularity | undefined): { period: 'day' | 'hour' } | { reason: string } {
  if (!rollups) return { reason: 'no LLMTokenUsage table beside the call log' };
  const unsupported = filtersRollupsLack(q);
  if (unsupported.length) return { reason: `the roll-ups hold no ${unsupported.join(', ')}` };
  const aligned = (unit: number) => [q.previousFrom, q.from, q.to].every((t) => Date.parse(t) % unit === 0);
  const granularity = chosen ?? q.granularity;
  if (rollups.periods.has('day') && aligned(DAY) && ['day', 'week', 'month'].includes(granularity)) return { period: 'day' };
  if (rollups.periods.has('hour') && aligned(HOUR) && granularity !== 'minute') return { period: 'hour' };
  return { reason: 'the range does not fall on whole hours or days of the roll-ups, or the series is finer than they are' };
}

/** The roll-up rows of [previousFrom, to) grouped as the call-level aggregate (mappedAggregateSql) returns them. */
export function rollupAggregateSql(rollups: RollupTable, d: SqlDialect, q: TrafficQuery, period: string): BuiltSql {
  const p = new Params(d.name);
  const has = (c: string) => rollups.columns.has(c);
  const num = (c: string) => (has(c) ? `COALESCE(${d.asNumber(d.quote(c))}, 0)` : '0');
  const text = (c: string | undefined) => (c && has(c) ? `NULLIF(${d.asText(d.quote(c))}, '')` : d.asText('NULL'));
  const start = d.quote('period_start');
  const tokens = has('total_tokens') ? num('total_tokens') : `${num('prompt_tokens')} + ${num('completion_tokens')}`;
  // Placeholders in text order: the split comes first in the statement.
  const split = p.add(Date.parse(q.from));
  const where = [
    `${d.asText(d.quote('period'))} = ${p.add(period)}`,
    d.timeRange(start, rollups.columns.get('period_start')!.type, { from: q.previousFrom, to: q.to }, (v) => p.add(v)),
  ];
  const rows = `SELECT ${d.epochMs(start)} AS t_ms, ${text(MODEL.find(has))} AS model, ${text('user')} AS key_alias,
         ${num('call_count')} AS calls, ${num('failed_count')} AS failed, ${num('prompt_tokens')} AS prompt_tokens,
         ${num('completion_tokens')} AS completion_tokens, ${tokens} AS total_tokens, ${num('cached_tokens')} AS cached_tokens,
         ${num('total_cost')} AS spend
    FROM ${d.quote(rollups.table)}
   WHERE ${where.join(' AND ')}`;
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
   WHERE ${filters.length ? filters.join(' AND ') : '1 = 1'})
SELECT 'total' AS dim, cur, ${noKey} AS k1, ${noKey} AS k2, ${noBucket} AS kb, ${figures} FROM ld_rollup GROUP BY cur
UNION ALL SELECT 'model', cur, model, ${noKey}, ${noBucket}, ${figures} FROM ld_rollup GROUP BY cur, model
UNION ALL SELECT 'keyAlias', cur, key_alias, ${noKey}, ${noBucket}, ${figures} FROM ld_rollup GROUP BY cur, key_alias
UNION ALL SELECT 'series', cur, ${noKey}, ${noKey}, b, ${figures} FROM (SELECT ld_rollup.*, ${bucket} AS b FROM ld_rollup WHERE cur = 1) s GROUP BY cur, b`;
  return { sql, params: p.values };
}
