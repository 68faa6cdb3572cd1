import { z } from 'zod';
import {
  AttemptDeploymentCount,
  ErrorTypeCount,
  StatusCodeCount,
  type FailedAttempts,
} from '../../../../shared/investigation.ts';
import type { SqlParam, SqlRunner } from '../../db/database.ts';
import { errorColumns, FILTER_PREDICATE, inRange } from './error-query.ts';
import { ERROR_LOGS, SPEND_LOGS, type LiteLLMSchema } from './schema.ts';

/**
 * Failed attempts (DESIGN §2): the ErrorLogs rows in range under the error set's filters $1–$14.
 * An attempt carries no key, team or session (LiteLLM writes none), so a filter on any of those
 * leaves every attempt out.
 */
export function attemptsSql(schema: LiteLLMSchema): string | null {
  const el = schema.errorLogs;
  if (!el) return null;
  const breakdown = (columns: string, build: string, order: string) =>
    `(SELECT COALESCE(json_agg(json_build_object(${build}) ORDER BY n DESC, ${order}), '[]'::json)
        FROM (SELECT ${columns}, count(*)::int AS n FROM matched GROUP BY ${columns}) g)`;
  return `WITH attempts AS MATERIALIZED (
  SELECT NULL::text AS key_alias, NULL::text AS team_alias, NULL::text AS session_id,
         COALESCE(a.e_model_group, a.e_model) AS model, a.e_model AS deployment, a.e_api_base AS api_base,
         COALESCE(a.e_class, 'Unknown') AS error_type, a.e_code AS status_code, a.e_message AS error_message
    FROM (SELECT ${errorColumns(el)} FROM "${ERROR_LOGS}" e WHERE ${inRange('e')}) a),
matched AS (
  SELECT * FROM attempts
   WHERE $3::text[] IS NULL AND $7::text[] IS NULL AND $14::text[] IS NULL AND ${FILTER_PREDICATE})
SELECT (SELECT count(*)::int FROM matched) AS total,
       (SELECT count(*)::int FROM attempts) AS in_range,
       ${breakdown('deployment, api_base, model', `'deployment', deployment, 'apiBase', api_base, 'model', model, 'count', n`, 'deployment NULLS LAST, api_base NULLS LAST')} AS by_deployment,
       ${breakdown('error_type', `'errorType', error_type, 'count', n`, 'error_type')} AS by_error_type,
       ${breakdown('status_code', `'statusCode', status_code, 'count', n`, 'status_code NULLS LAST')} AS by_status_code`;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

export interface AttemptsContext {
  /** The error set is made of attempts (the investigation's `stand_in`). */
  standIn: boolean;
  /** Failed requests in range that reached a deployment (before filters): they would have attempts. */
  deploymentFailures: number;
}

/** The failed attempts beside an investigation, in its snapshot, with what to say about their count. */
export async function readAttempts(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  params: readonly SqlParam[],
  context: AttemptsContext,
): Promise<FailedAttempts> {
  return (await attemptsReader(sql, schema, params))(context);
}

/**
 * Reads the failed attempts now and words them once the error set's context is known: a statement
 * that hands its answer over early runs this one first (the session is busy until it ends).
 */
export async function attemptsReader(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  params: readonly SqlParam[],
): Promise<(context: AttemptsContext) => FailedAttempts> {
  const text = attemptsSql(schema);
  if (!text) {
    return () => ({
      total: 0,
      byDeployment: [],
      byErrorType: [],
      byStatusCode: [],
      standIn: false,
      note: `"${ERROR_LOGS}" not found: failed attempts on deployments are not known.`,
    });
  }
  const [row] = await sql.query(text, [...params]);
  return (context) => {
    const inRangeCount = Number(row?.in_range ?? 0);
    let note: string | null = null;
    if (context.standIn) {
      note = `No failed request in "${SPEND_LOGS}" in this range: the failed attempts of "${ERROR_LOGS}" stand in as the errors (an older proxy, or spend logs off). One request may have several attempts.`;
    } else if (inRangeCount === 0 && context.deploymentFailures > 0) {
      note = `"${ERROR_LOGS}" holds no row in this range although ${context.deploymentFailures} requests failed on a deployment: the proxy likely runs with general_settings.disable_error_logs: true, so failed attempts are unknown rather than 0.`;
    }
    return {
      total: Number(row?.total ?? 0),
      byDeployment: z.array(AttemptDeploymentCount).parse(json(row?.by_deployment ?? [])),
      byErrorType: z.array(ErrorTypeCount).parse(json(row?.by_error_type ?? [])),
      byStatusCode: z.array(StatusCodeCount).parse(json(row?.by_status_code ?? [])),
      standIn: context.standIn,
      note,
    };
  };
}
