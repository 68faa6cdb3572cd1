import {
  CALL_FIELDS,
  expectedKinds,
  type CallField,
  type SourceMapping,
  type TableColumn,
} from './source-mapping.ts';

/** Column names that usually hold each call field (DESIGN §9 shapes, LiteLLM, common routers). */
const SUGGEST: Record<CallField, RegExp> = {
  time: /^(created_at|request_timestamp|timestamp|start_?time|started_at|time|ts|date)$/i,
  requestId: /^(request_id|id|uuid|call_id)$/i,
  model: /^(model|model_name|model_group)$/i,
  deployment: /^(deployment|model_id|litellm_model_name)$/i,
  provider: /^(provider|provider_name|vendor|vendor_name|custom_llm_provider)$/i,
  keyAlias: /^(key_alias|api_key_alias|user|user_id|username|api_key)$/i,
  teamAlias: /^(team|team_alias|team_id|app|source_app)$/i,
  statusCode: /^(status_code|http_status|code|response_code)$/i,
  errorType: /^(error_type|error_class|exception_type)$/i,
  errorMessage: /^(error|error_message|exception|exception_string|message)$/i,
  promptTokens: /^(prompt_tokens|input_tokens)$/i,
  completionTokens: /^(completion_tokens|output_tokens)$/i,
  totalTokens: /^(total_tokens|tokens)$/i,
  cachedTokens: /^(cached_tokens|cache_read_tokens)$/i,
  reasoningTokens: /^(reasoning_tokens)$/i,
  cost: /^(cost|spend|estimated_cost|total_cost|price)$/i,
  durationMs: /^(duration_ms|latency_ms|request_duration_ms|elapsed_ms|duration)$/i,
  retryCount: /^(retry_count|retries|attempts)$/i,
  sessionId: /^(session_id|conversation_id|thread_id)$/i,
  metadata: /^(metadata|meta|extra)$/i,
};

/** Whether a column's name suggests the field (its type is checked separately). */
export const nameSuggests = (field: CallField, column: string): boolean => SUGGEST[field].test(column);

/** The column a field would take by its name, when the column's type also fits the field. */
export function suggestColumn(field: CallField, columns: readonly TableColumn[]): TableColumn | undefined {
  const kinds = expectedKinds(field);
  return columns.find((c) => nameSuggests(field, c.name) && kinds.includes(c.kind));
}

/**
 * A mapping from names and types alone: each field its suggested column; success from a boolean
 * "success"-like column, else a `status` column, else an HTTP status code column.
 */
export function suggestFromNames(
  columns: readonly TableColumn[],
): Pick<SourceMapping, 'columns' | 'success'> {
  const mapped: Partial<Record<CallField, string>> = {};
  for (const field of CALL_FIELDS) {
    const column = suggestColumn(field, columns);
    if (column) mapped[field] = column.name;
  }
  const bool = columns.find((c) => c.kind === 'boolean' && /success|ok|succeeded/i.test(c.name));
  const status = columns.find((c) => /^status$/i.test(c.name) && c.kind === 'text');
  const http = columns.find((c) => c.kind === 'number' && /status_code|http_status|^status$/i.test(c.name));
  const success: SourceMapping['success'] = bool
    ? { kind: 'boolean', column: bool.name }
    : status
      ? { kind: 'status', column: status.name, successValues: ['success'] }
      : { kind: 'http', column: http?.name ?? mapped.statusCode ?? '', min: 200, max: 399 };
  return { columns: mapped, success };
}

/**
 * The `--map` arguments that rebuild a mapping on the command line: `field=column`, a lookup as
 * `field=column->table.column` (`table(key).column` when the key is not `id`), then `success=column`.
 */
export function mapArguments(mapping: Pick<SourceMapping, 'columns' | 'success' | 'lookups'>): string[] {
  const args: string[] = [];
  for (const field of CALL_FIELDS) {
    const column = mapping.columns[field];
    if (!column) continue;
    const l = mapping.lookups?.[field];
    const via = l ? `->${l.table}${l.key === 'id' ? '' : `(${l.key})`}.${l.column}` : '';
    args.push('--map', `${field}=${column}${via}`);
  }
  if (mapping.success.column) args.push('--map', `success=${mapping.success.column}`);
  if (mapping.success.kind === 'status')
    args.push('--success-values', mapping.success.successValues.join(','));
  return args;
}
