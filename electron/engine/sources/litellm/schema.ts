import { AppError } from '../../../../shared/errors.ts';
import type { SqlRunner } from '../../db/database.ts';
import { uniqueRequestId } from '../../db/stored-relation.ts';

export const SPEND_LOGS = 'LiteLLM_SpendLogs';
export const ERROR_LOGS = 'LiteLLM_ErrorLogs';
export const VERIFICATION_TOKEN = 'LiteLLM_VerificationToken';

/** Which LiteLLM tables and columns this database has; the query adapts to it. */
export interface LiteLLMSchema {
  spendLogs: ReadonlySet<string> | null;
  errorLogs: ReadonlySet<string> | null;
  verificationToken: ReadonlySet<string> | null;
  /** SpendLogs has a unique index on request_id alone (LiteLLM's primary key; not on partitioned copies). */
  spendLogsUniqueId?: boolean;
}

const REQUIRED: Record<string, readonly string[]> = {
  [SPEND_LOGS]: ['request_id', 'startTime', 'metadata'],
  [ERROR_LOGS]: ['request_id', 'startTime'],
  [VERIFICATION_TOKEN]: ['token', 'key_alias'],
};

const MEMO_KEY = 'litellm-schema';

/**
 * Reads the columns of the tables the unqualified names resolve to through the search_path,
 * exactly as the investigation query will resolve them (once, where the session keeps a memo).
 */
export async function detectSchema(sql: SqlRunner): Promise<LiteLLMSchema> {
  const known = sql.catalogMemo?.get(MEMO_KEY) as LiteLLMSchema | undefined;
  if (known) return known;
  const schema = await readSchema(sql);
  sql.catalogMemo?.set(MEMO_KEY, schema);
  return schema;
}

async function readSchema(sql: SqlRunner): Promise<LiteLLMSchema> {
  const rows = await sql.query<{ table_name: string; column_name: string }>(
    `SELECT t.name AS table_name, a.attname AS column_name
       FROM unnest($1::text[]) AS t(name)
       JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(t.name))
      WHERE a.attnum > 0 AND NOT a.attisdropped`,
    [[SPEND_LOGS, ERROR_LOGS, VERIFICATION_TOKEN]],
  );
  const columns = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = columns.get(row.table_name) ?? new Set<string>();
    set.add(row.column_name);
    columns.set(row.table_name, set);
  }
  const usable = (table: string): Set<string> | null => {
    const set = columns.get(table);
    if (!set) return null;
    const missing = (REQUIRED[table] ?? []).filter((c) => !set.has(c));
    if (missing.length === 0) return set;
    if (table === VERIFICATION_TOKEN) return null; // only an enrichment: skip it rather than fail
    throw new AppError(
      'SCHEMA_MISSING',
      `Table "${table}" lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}: is this a LiteLLM database?`,
    );
  };
  const schema: LiteLLMSchema = {
    spendLogs: usable(SPEND_LOGS),
    errorLogs: usable(ERROR_LOGS),
    verificationToken: usable(VERIFICATION_TOKEN),
  };
  if (!schema.spendLogs && !schema.errorLogs) {
    throw new AppError(
      'SCHEMA_MISSING',
      `No LiteLLM tables found: expected "${SPEND_LOGS}" and/or "${ERROR_LOGS}" in the search_path of this database. Is it the LiteLLM proxy's database?`,
    );
  }
  if (schema.spendLogs) schema.spendLogsUniqueId = await uniqueRequestId(sql, SPEND_LOGS);
  return schema;
}

/** What the UI and reports should say about tables or columns this database lacks. */
export function schemaNotes(schema: LiteLLMSchema): string[] {
  const notes: string[] = [];
  if (!schema.spendLogs)
    notes.push(`"${SPEND_LOGS}" not found: errors come from "${ERROR_LOGS}" only, without key aliases.`);
  else if (!schema.spendLogs.has('status'))
    notes.push(`"${SPEND_LOGS}" has no status column (older LiteLLM): status read from metadata.`);
  if (!schema.errorLogs) notes.push(`"${ERROR_LOGS}" not found: errors come from "${SPEND_LOGS}" only.`);
  if (!schema.verificationToken)
    notes.push(`"${VERIFICATION_TOKEN}" not found: key aliases come from request metadata only.`);
  return notes;
}
