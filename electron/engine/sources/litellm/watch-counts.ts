import type { Filters } from '../../../../shared/filters.ts';
import type { Database, ReadOptions } from '../../db/database.ts';
import { errorSetCte, errorSetParams, requestExclusions } from './error-query.ts';
import { detectSchema, SPEND_LOGS, type LiteLLMSchema } from './schema.ts';
import type { Counts, WatchWindows } from '../call-source.ts';

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
const requestWhere = (
  group: string,
  deployment: string,
) => `WHERE s."startTime" >= ${at(1)} AND s."startTime" < ${at(2)}
     AND ($3::text[] IS NULL OR ${KEY_ALIAS} = ANY($3::text[]))
     AND ($4::text[] IS NULL OR COALESCE(${group} = ANY($4::text[]) OR ${deployment} = ANY($4::text[]), false))
     AND ($7::text[] IS NULL OR ${TEAM_ALIAS} = ANY($7::text[]))
     AND ${requestExclusions(KEY_ALIAS, `COALESCE(${group}, ${deployment})`, deployment, TEAM_ALIAS)}`;

/**
 * The cheap path of a watch: four numbers in one statement (errors and requests in the current
 * window and in the baseline), over the merged error set of DESIGN §2 with the watch's filters.
 */
export async function watchCounts(
  db: Database,
  filters: Filters,
  w: WatchWindows,
  options: ReadOptions = {},
): Promise<{ current: Counts; baseline: Counts }> {
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
    const current = {
      errors: n('current_errors'),
      requests: Math.max(n('current_requests'), n('current_errors')),
    };
    const baseline = {
      errors: n('baseline_errors'),
      requests: Math.max(n('baseline_requests'), n('baseline_errors')),
    };
    return { current, baseline };
  }, options);
}
