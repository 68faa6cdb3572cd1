import type { Finding } from '../../../shared/health.ts';
import type { SqlRunner } from '../db/database.ts';
import { uniqueRequestId } from '../db/stored-relation.ts';
import { inRange, spendFailed } from '../sources/litellm/error-query.ts';
import { ERROR_LOGS, SPEND_LOGS, type LiteLLMSchema } from '../sources/litellm/schema.ts';

type Range = { from: string; to: string };
const rangeParams = (r: Range) => [r.from, r.to];
const MODEL = `COALESCE(NULLIF(s.model_group, ''), NULLIF(s.model, ''), '(none)')`;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Request ids that occur more than once within one table (the two tables never share ids: DESIGN §1).
 * Only asked where no unique index forbids it (partitioned or hand-made copies of the tables).
 */
export async function duplicateIds(sql: SqlRunner, table: string, range: Range): Promise<Finding | null> {
  if (await uniqueRequestId(sql, table)) return null;
  const rows = await sql.query<{ request_id: string; n: unknown; first: string; last: string }>(
    `SELECT s.request_id, count(*)::int AS n,
            to_char(min(s."startTime"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first, to_char(max(s."startTime"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last
       FROM "${table}" s WHERE ${inRange('s')}
      GROUP BY s.request_id HAVING count(*) > 1 ORDER BY count(*) DESC, s.request_id LIMIT 1000`,
    rangeParams(range),
  );
  if (!rows.length) return null;
  const extra = rows.reduce((sum, r) => sum + Number(r.n) - 1, 0);
  const first = rows.map((r) => r.first).sort()[0]!;
  const last = rows
    .map((r) => r.last)
    .sort()
    .at(-1)!;
  return {
    kind: 'duplicate_ids',
    severity: 'problem',
    area: 'integrity',
    title: `${plural(rows.length, 'request id')} of "${table}" occur more than once`,
    count: rows.length,
    unit: 'ids',
    explanation:
      `${plural(extra, 'extra row')} share an id with another row of the same table: counts by id undercount, counts by row overcount. ` +
      `"${table}" has no unique index on request_id, so colliding ids (LiteLLM #39749, #28376) are kept twice instead of one being lost.`,
    certainty: 'certain',
    touches: { from: first, to: new Date(Date.parse(last) + 1).toISOString() },
    where: {
      tab: table === ERROR_LOGS ? 'errors' : 'traffic',
      from: first,
      to: new Date(Date.parse(last) + 1).toISOString(),
      models: [],
      keyAliases: [],
    },
    details: rows.slice(0, 10).map((r) => `${r.request_id}: ${r.n} rows, ${r.first} … ${r.last}`),
  };
}

/** Successful requests with tokens and no spend that were not cache hits: a model LiteLLM has no price for. */
export async function zeroSpend(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  range: Range,
): Promise<Finding | null> {
  if (!['total_tokens', 'spend'].every((c) => schema.spendLogs?.has(c))) return null;
  const cacheHit = schema.spendLogs!.has('cache_hit') ? `AND lower(COALESCE(s.cache_hit, '')) <> 'true'` : '';
  const rows = await sql.query<{ model: string; n: unknown }>(
    `SELECT ${MODEL} AS model, count(*)::int AS n FROM "${SPEND_LOGS}" s
      WHERE ${inRange('s')} AND s.total_tokens > 0 AND s.spend = 0 AND NOT COALESCE(${spendFailed(schema)}, false) ${cacheHit}
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    rangeParams(range),
  );
  if (!rows.length) return null;
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  return {
    kind: 'zero_spend',
    severity: 'warning',
    area: 'integrity',
    title: `${plural(total, 'successful request')} used tokens but cost nothing`,
    count: total,
    unit: 'requests',
    explanation:
      'Rows with tokens, spend 0 and no cache hit: LiteLLM had no price for the model (a custom or renamed deployment), so spend and budgets undercount. ' +
      'The Traffic view estimates them from the price table.',
    certainty: 'certain',
    touches: range,
    where: { tab: 'traffic', ...range, models: rows.slice(0, 5).map((r) => r.model), keyAliases: [] },
    details: rows.slice(0, 10).map((r) => `${r.model}: ${plural(Number(r.n), 'request')}`),
  };
}

/** Failed requests whose metadata holds no error class, code or message: nothing to tell why. */
export async function emptyErrorInfo(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  range: Range,
): Promise<Finding | null> {
  const info = (k: string) => `NULLIF(s.metadata->'error_information'->>'${k}', '')`;
  const rows = await sql.query<{ model: string; n: unknown }>(
    `SELECT ${MODEL} AS model, count(*)::int AS n FROM "${SPEND_LOGS}" s
      WHERE ${inRange('s')} AND ${spendFailed(schema)}
        AND COALESCE(${info('error_class')}, ${info('error_code')}, ${info('error_message')}) IS NULL
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    rangeParams(range),
  );
  if (!rows.length) return null;
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  return {
    kind: 'empty_error_info',
    severity: 'warning',
    area: 'integrity',
    title: `${plural(total, 'failed request')} carry no error information`,
    count: total,
    unit: 'requests',
    explanation:
      'metadata.error_information is missing or empty on these failures: they count as errors of type Unknown, with no message to group by.',
    certainty: 'certain',
    touches: range,
    where: { tab: 'errors', ...range, models: rows.slice(0, 5).map((r) => r.model), keyAliases: [] },
    details: rows.slice(0, 10).map((r) => `${r.model}: ${plural(Number(r.n), 'failure')}`),
  };
}

/** SpendLogs holds failed requests but ErrorLogs holds nothing in the range: `disable_error_logs` is on (or the table is gone). */
export async function errorLogsOff(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  range: Range,
  errorLogsReadable: boolean,
): Promise<Finding | null> {
  const [failed] = await sql.query<{ n: unknown }>(
    `SELECT count(*)::int AS n FROM "${SPEND_LOGS}" s WHERE ${inRange('s')} AND ${spendFailed(schema)}`,
    rangeParams(range),
  );
  const failures = Number(failed?.n ?? 0);
  if (failures === 0 || (schema.errorLogs && !errorLogsReadable)) return null;
  if (schema.errorLogs) {
    const [any] = await sql.query<{ present: unknown }>(
      `SELECT EXISTS (SELECT 1 FROM "${ERROR_LOGS}" s WHERE ${inRange('s')}) AS present`,
      rangeParams(range),
    );
    if (any?.present === true || any?.present === 't') return null;
  }
  return {
    kind: 'error_logs_off',
    severity: 'warning',
    area: 'integrity',
    title: schema.errorLogs
      ? `"${ERROR_LOGS}" is empty while ${plural(failures, 'request')} failed`
      : `No "${ERROR_LOGS}" table while ${plural(failures, 'request')} failed`,
    count: failures,
    unit: 'failed requests',
    explanation:
      'LiteLLM writes one ErrorLogs row per failed call to a deployment; none in a range with failed requests means the proxy runs with ' +
      '`general_settings.disable_error_logs: true`: failed attempts that a retry or fallback rescued are not recorded anywhere.',
    certainty: schema.errorLogs ? 'likely' : 'possible',
    touches: range,
    where: { tab: 'errors', ...range, models: [], keyAliases: [] },
    details: [],
  };
}
