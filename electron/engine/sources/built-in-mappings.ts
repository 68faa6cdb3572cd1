import type { CallField, SourceMapping, TableColumn } from '../../../shared/source-mapping.ts';

/**
 * The shapes of DESIGN §9 users have today, recognised from table and column names. A match is
 * offered (the form, `--table` alone); it still goes through validation like a hand-made mapping.
 */
interface BuiltIn {
  name: string;
  matches(table: string): boolean;
  /** Columns that must all exist for the shape to match. */
  needs: string[];
  mapping(table: string, tables: readonly string[]): SourceMapping;
}

const LLM_TRACKER: BuiltIn = {
  name: 'llm_tracker_usage',
  matches: (t) => t.toLowerCase().endsWith('llm_tracker_usage'),
  needs: ['model', 'success', 'created_at'],
  mapping: (table) => ({
    table,
    builtIn: 'llm_tracker_usage',
    columns: {
      time: 'created_at',
      requestId: 'id',
      model: 'model',
      keyAlias: 'user_id',
      errorMessage: 'error',
      promptTokens: 'prompt_tokens',
      completionTokens: 'completion_tokens',
      totalTokens: 'total_tokens',
      cachedTokens: 'cached_tokens',
      reasoningTokens: 'reasoning_tokens',
      metadata: 'metadata',
    },
    success: { kind: 'boolean', column: 'success' },
  }),
};

const LLM_CALL_LOG: BuiltIn = {
  name: 'LLMCallLog',
  matches: (t) => /(^|_)llmcalllog$/i.test(t),
  needs: ['model_name', 'status', 'request_timestamp'],
  mapping: (table, tables) => {
    // Django names the price table like the log table: `<app>_llmmodelprice` beside `<app>_llmcalllog`.
    const prefix = table.slice(0, table.length - 'llmcalllog'.length);
    const price = tables.find((t) => t.toLowerCase() === `${prefix}llmmodelprice`.toLowerCase());
    return {
      table,
      builtIn: 'LLMCallLog',
      columns: {
        time: 'request_timestamp',
        requestId: 'request_id',
        model: 'model_name',
        deployment: 'model_id',
        provider: 'vendor_name',
        keyAlias: 'user',
        teamAlias: 'source_app',
        errorType: 'status',
        errorMessage: 'error_message',
        promptTokens: 'prompt_tokens',
        completionTokens: 'completion_tokens',
        totalTokens: 'total_tokens',
        cost: 'estimated_cost',
        durationMs: 'duration_ms',
        retryCount: 'retry_count',
        sessionId: 'session_id',
      },
      success: { kind: 'status', column: 'status', successValues: ['success'] },
      ...(price
        ? { priceTable: { table: price, model: 'model', input: 'input_price_per_1k', output: 'output_price_per_1k', per: 1000 as const } }
        : {}),
    };
  },
};

const LITELLM_SPEND_LOGS: BuiltIn = {
  name: 'LiteLLM',
  matches: (t) => t === 'LiteLLM_SpendLogs',
  needs: ['startTime', 'model'],
  mapping: (table) => ({
    table,
    builtIn: 'LiteLLM',
    columns: {
      time: 'startTime',
      requestId: 'request_id',
      model: 'model_group',
      deployment: 'model',
      provider: 'custom_llm_provider',
      keyAlias: 'api_key',
      teamAlias: 'team_id',
      promptTokens: 'prompt_tokens',
      completionTokens: 'completion_tokens',
      totalTokens: 'total_tokens',
      cost: 'spend',
      durationMs: 'request_duration_ms',
      sessionId: 'session_id',
      metadata: 'metadata',
    },
    success: { kind: 'status', column: 'status', successValues: ['success'] },
  }),
};

const BUILT_INS = [LLM_TRACKER, LLM_CALL_LOG, LITELLM_SPEND_LOGS];

/** The built-in mapping for this table when its name and columns fit one, else null. */
export function builtInMapping(table: string, columns: readonly TableColumn[], tables: readonly string[] = []): SourceMapping | null {
  const names = new Set(columns.map((c) => c.name));
  for (const b of BUILT_INS) {
    if (!b.matches(table) || !b.needs.every((n) => names.has(n))) continue;
    const mapping = b.mapping(table, tables);
    // Optional columns an older version of the app lacks are left unmapped rather than refused.
    const present = Object.entries(mapping.columns).filter(([, column]) => names.has(column!));
    return { ...mapping, columns: Object.fromEntries(present) as Partial<Record<CallField, string>> };
  }
  return null;
}

/** Tables that look like one of the built-in shapes, for the form's first suggestion. */
export function builtInCandidates(tables: readonly string[]): string[] {
  return tables.filter((t) => BUILT_INS.some((b) => b.matches(t)));
}

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

/** A first mapping for an unknown table, from column names; the user corrects it in the form. */
export function suggestMapping(table: string, columns: readonly TableColumn[], tables: readonly string[] = []): SourceMapping {
  const builtIn = builtInMapping(table, columns, tables);
  if (builtIn) return builtIn;
  const mapped: Partial<Record<CallField, string>> = {};
  for (const [field, pattern] of Object.entries(SUGGEST) as [CallField, RegExp][]) {
    const column = columns.find((c) => pattern.test(c.name));
    if (column) mapped[field] = column.name;
  }
  const bool = columns.find((c) => c.kind === 'boolean' && /success|ok|succeeded/i.test(c.name));
  const status = columns.find((c) => /^status$/i.test(c.name));
  const http = columns.find((c) => c.kind === 'number' && /status_code|http_status/i.test(c.name));
  const success: SourceMapping['success'] = bool
    ? { kind: 'boolean', column: bool.name }
    : status
      ? { kind: 'status', column: status.name, successValues: ['success'] }
      : { kind: 'http', column: http?.name ?? mapped.statusCode ?? '', min: 200, max: 399 };
  return { table, columns: mapped, success };
}
