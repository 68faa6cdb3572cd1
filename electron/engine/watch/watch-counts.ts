import type { Filters } from '../../../shared/filters.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import { errorSetCte, errorSetParams, requestExclusions } from '../sources/litellm/error-query.ts';
import { detectSchema, SPEND_LOGS, type LiteLLMSchema } from '../sources/litellm/schema.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { MappedDatabase } from '../sources/mapped/investigate.ts';
import { traffic } from '../traffic/traffic.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';

/** Errors and requests of one stretch of time. */
export interface Counts {
  errors: number;
  requests: number;
}

export interface WatchWindows {
  /** The window just polled: [currentFrom, now). */
  currentFrom: number;
  now: number;
  /** The trailing baseline: [baselineFrom, baselineTo). */
  baselineFrom: number;
  baselineTo: number;
}

const at = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * Request counts from SpendLogs with the dimension filters that requests have (key, model, team).
 * A stand-in for the traffic summary (electron/engine/traffic/) until that lands: swap it there.
 */
function requestsSql(schema: LiteLLMSchema): string {
  const sl = schema.spendLogs;
  if (!sl) return '0 AS current_requests, 0 AS baseline_requests';
  const group = sl.has('model_group') ? `NULLIF(s.model_group, '')` : 'NULL::text';
  const deployment = sl.has('model') ? `NULLIF(s.model, '')` : 'NULL::text';
  const where = requestWhere(group, deployment);
  return `(SELECT count(*) FILTER (WHERE s."startTime" >= ${at(15)})::int FROM "${SPEND_LOGS}" s ${where}) AS current_requests,
       (SELECT count(*) FILTER (WHERE s."startTime" < ${at(16)})::int FROM "${SPEND_LOGS}" s ${where}) AS baseline_requests`;
}

const KEY_ALIAS = `NULLIF(s.metadata->>'user_api_key_alias', '')`;
const TEAM_ALIAS = `NULLIF(s.metadata->>'user_api_key_team_alias', '')`;
const requestWhere = (group: string, deployment: string) => `WHERE s."startTime" >= ${at(1)} AND s."startTime" < ${at(2)}
     AND ($3::text[] IS NULL OR ${KEY_ALIAS} = ANY($3::text[]))
     AND ($4::text[] IS NULL OR COALESCE(${group} = ANY($4::text[]) OR ${deployment} = ANY($4::text[]), false))
     AND ($7::text[] IS NULL OR ${TEAM_ALIAS} = ANY($7::text[]))
     AND ${requestExclusions(KEY_ALIAS, `COALESCE(${group}, ${deployment})`, deployment, TEAM_ALIAS)}`;

/**
 * The cheap path of a watch: four numbers in one statement (errors and requests in the current
 * window and in the baseline), over the merged error set of DESIGN §2 with the watch's filters.
 */
export async function watchCounts(db: Database, filters: Filters, w: WatchWindows, options: ReadOptions = {}): Promise<{ current: Counts; baseline: Counts }> {
  if (db instanceof MappedDatabase) return mappedWatchCounts(db, filters, w, options);
  const params = errorSetParams({
    from: new Date(w.baselineFrom).toISOString(),
    to: new Date(w.now).toISOString(),
    keyAliases: filters.keyAliases,
    models: filters.models,
    errorTypes: filters.errorTypes,
    statusCodes: filters.statusCodes,
    teamAliases: filters.teamAliases,
    exclude: filters.exclude,
    sessionIds: filters.sessionIds,
    text: filters.text ?? null,
  });
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const [row] = await sql.query<Record<string, unknown>>(
      `${errorSetCte(schema)}
SELECT (SELECT count(*)::int FROM filtered WHERE t >= ${at(15)}) AS current_errors,
       (SELECT count(*)::int FROM filtered WHERE t < ${at(16)}) AS baseline_errors,
       ${requestsSql(schema)}`,
      [...params, new Date(w.currentFrom).toISOString(), new Date(w.baselineTo).toISOString()],
    );
    const n = (k: string) => Number(row?.[k] ?? 0);
    // Errors logged only in ErrorLogs have no SpendLogs row: never fewer requests than errors.
    const current = { errors: n('current_errors'), requests: Math.max(n('current_requests'), n('current_errors')) };
    const baseline = { errors: n('baseline_errors'), requests: Math.max(n('baseline_requests'), n('baseline_errors')) };
    return { current, baseline };
  }, options);
}

/**
 * A mapped call-log table has no LiteLLM SQL to run: its traffic summary gives both numbers
 * (failed = the investigation's total for the same filters), once per window.
 */
async function mappedWatchCounts(db: MappedDatabase, filters: Filters, w: WatchWindows, options: ReadOptions): Promise<{ current: Counts; baseline: Counts }> {
  const span = async (from: number, to: number): Promise<Counts> => {
    const timeRange = { kind: 'absolute' as const, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const t = await traffic(db, TrafficFilters.parse({ ...filters, timeRange }), {
      ...options,
      prices: DEFAULT_PRICES,
      page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
    });
    return { errors: t.summary.failed, requests: t.summary.requests };
  };
  return { current: await span(w.currentFrom, w.now), baseline: await span(w.baselineFrom, w.baselineTo) };
}
