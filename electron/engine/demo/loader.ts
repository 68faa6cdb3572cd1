import type { SqlParam } from '../db/database.ts';
import { litellmDdl, type DdlOptions } from '../sources/litellm/ddl.ts';
import type { DemoData, ErrorLogRow } from './demo-rows.ts';

/** Anything that runs one statement: a pg client, a PGlite instance. */
export type Exec = (sql: string, params?: readonly SqlParam[]) => Promise<unknown>;

/** Multi-row INSERT in batches (a statement takes at most 65535 parameters). */
export async function insertRows<T extends object>(
  exec: Exec,
  table: string,
  rows: readonly T[],
  columns: readonly (keyof T & string)[],
  casts: Partial<Record<keyof T & string, string>> = {},
  batchSize = 500,
): Promise<void> {
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    const params: SqlParam[] = [];
    const tuples = batch.map((row) => {
      const placeholders = columns.map((c) => {
        const v = (row as Record<string, unknown>)[c];
        params.push(v !== null && typeof v === 'object' ? JSON.stringify(v) : (v as SqlParam));
        return `$${params.length}${casts[c] ? `::${casts[c]}` : ''}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await exec(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Creates LiteLLM's tables and fills them with generated rows. Used for the demo and by tests. */
export async function loadDemoData(exec: Exec, data: DemoData, options: DdlOptions = {}): Promise<void> {
  const ddl = { withDailyTables: true, ...options };
  for (const statement of litellmDdl(ddl).split(';\n')) await exec(statement);
  const withStatus = ddl.withStatusColumn ?? true;
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    data.spendLogs,
    [
      'request_id',
      'call_type',
      'api_key',
      'spend',
      'total_tokens',
      'prompt_tokens',
      'completion_tokens',
      'startTime',
      'endTime',
      'request_duration_ms',
      'completionStartTime',
      'model',
      'model_group',
      'custom_llm_provider',
      'api_base',
      'user',
      'metadata',
      'team_id',
      'end_user',
      'requester_ip_address',
      'session_id',
      ...(withStatus ? (['status'] as const) : []),
    ],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp', completionStartTime: 'timestamp' },
  );
  if (ddl.withDailyTables) {
    const daily = [
      'id',
      'date',
      'api_key',
      'model',
      'model_group',
      'custom_llm_provider',
      'prompt_tokens',
      'completion_tokens',
      'cache_read_input_tokens',
      'cache_creation_input_tokens',
      'spend',
      'api_requests',
      'successful_requests',
      'failed_requests',
    ] as const;
    await insertRows(exec, 'LiteLLM_DailyUserSpend', data.dailyUser, ['user_id', ...daily]);
    await insertRows(exec, 'LiteLLM_DailyTeamSpend', data.dailyTeam, ['team_id', ...daily]);
    await insertRows(exec, 'LiteLLM_TeamTable', data.teams, ['team_id', 'team_alias']);
  }
  if (ddl.withErrorLogs ?? true) {
    await insertErrorLogs(exec, data.errorLogs);
  }
  if (ddl.withVerificationToken ?? true) {
    await insertRows(exec, 'LiteLLM_VerificationToken', data.tokens, [
      'token',
      'key_name',
      'key_alias',
      'team_id',
      'user_id',
    ]);
  }
}

/** LiteLLM_ErrorLogs rows, column for column as schema.prisma names them (the demo's and the upstream fixture's). */
export async function insertErrorLogs(exec: Exec, rows: readonly ErrorLogRow[]): Promise<void> {
  await insertRows(
    exec,
    'LiteLLM_ErrorLogs',
    rows,
    [
      'request_id',
      'startTime',
      'endTime',
      'api_base',
      'model_group',
      'litellm_model_name',
      'model_id',
      'request_kwargs',
      'exception_type',
      'exception_string',
      'status_code',
    ],
    { request_kwargs: 'jsonb', startTime: 'timestamp', endTime: 'timestamp' },
  );
}
