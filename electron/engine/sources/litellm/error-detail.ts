import type { ErrorDetail } from '../../../../shared/contract/drilldown.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import { redactJson } from './redact-row.ts';
import { detectSchema, ERROR_LOGS, SPEND_LOGS, VERIFICATION_TOKEN } from './schema.ts';

/** `timestamp without time zone` arrives from to_jsonb without a zone; LiteLLM stores UTC (DESIGN §1). */
const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

function asRecord(value: unknown): Record<string, unknown> | null {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed))
    out[k] = typeof v === 'string' && NAIVE_TIMESTAMP.test(v) ? `${v}Z` : v;
  return out;
}

/** One table's row for the request, every column, via to_jsonb (request_id is the primary key of both tables). */
async function rowOf(
  sql: SqlRunner,
  table: string,
  requestId: string,
): Promise<Record<string, unknown> | null> {
  const rows = await sql.query<{ row: unknown }>(
    `SELECT to_jsonb(t) AS row FROM "${table}" t WHERE t.request_id = $1 LIMIT 1`,
    [requestId],
  );
  return rows[0] ? asRecord(rows[0].row) : null;
}

/**
 * The failed attempts of a request, matched by time: ErrorLogs rows of its model group (or its
 * deployment) that started within its startTime–endTime. No id links the two tables (DESIGN §2),
 * so a busy group can show another request's attempt: the UI says "matched by time".
 */
async function attemptsMatchedByTime(
  sql: SqlRunner,
  spendColumns: ReadonlySet<string>,
  requestId: string,
): Promise<Record<string, unknown>[]> {
  const group = spendColumns.has('model_group')
    ? `NULLIF(e.model_group, '') = NULLIF(s.model_group, '')`
    : 'false';
  const deployment = spendColumns.has('model')
    ? `NULLIF(e.litellm_model_name, '') = NULLIF(s.model, '')`
    : 'false';
  const rows = await sql.query<{ row: unknown }>(
    `SELECT to_jsonb(e) - 'request_kwargs' AS row
       FROM "${SPEND_LOGS}" s
       JOIN "${ERROR_LOGS}" e ON e."startTime" >= s."startTime" AND e."startTime" <= s."endTime" AND (${group} OR ${deployment})
      WHERE s.request_id = $1
      ORDER BY e."startTime", e.request_id
      LIMIT 50`,
    [requestId],
  );
  return rows.map((r) => asRecord(r.row)).filter((r): r is Record<string, unknown> => r !== null);
}

/** Every stored field of one error, from both LiteLLM tables, secrets redacted. */
export async function errorDetail(
  db: Database,
  requestId: string,
  options: ReadOptions = {},
): Promise<ErrorDetail> {
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const spendLogs = schema.spendLogs ? await rowOf(sql, SPEND_LOGS, requestId) : null;
    const errorLogs = schema.errorLogs ? await rowOf(sql, ERROR_LOGS, requestId) : null;
    if (!spendLogs && !errorLogs) {
      throw new AppError('NOT_FOUND', `No request "${requestId}" in ${SPEND_LOGS} or ${ERROR_LOGS}`);
    }
    let tokenKeyAlias: string | null = null;
    const apiKey = spendLogs?.api_key;
    if (schema.verificationToken && typeof apiKey === 'string' && apiKey !== '') {
      const [token] = await sql.query<{ key_alias: unknown }>(
        `SELECT key_alias FROM "${VERIFICATION_TOKEN}" WHERE token = $1 LIMIT 1`,
        [apiKey],
      );
      tokenKeyAlias = token?.key_alias == null ? null : String(token.key_alias);
    }
    const matchedAttempts =
      spendLogs && schema.errorLogs && schema.spendLogs
        ? await attemptsMatchedByTime(sql, schema.spendLogs, requestId)
        : [];
    return {
      requestId,
      matchedAttempts: matchedAttempts.map((r) => redactJson(r) as Record<string, unknown>),
      spendLogs: spendLogs && (redactJson(spendLogs) as Record<string, unknown>),
      errorLogs: errorLogs && (redactJson(errorLogs) as Record<string, unknown>),
      tokenKeyAlias,
      callRow: null,
    };
  }, options);
}
