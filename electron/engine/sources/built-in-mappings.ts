import { suggestFromNames } from '../../../shared/mapping-suggest.ts';
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

/** A first mapping for an unknown table, from column names and types; the user corrects it in the form. */
export function suggestMapping(table: string, columns: readonly TableColumn[], tables: readonly string[] = []): SourceMapping {
  return builtInMapping(table, columns, tables) ?? { table, ...suggestFromNames(columns) };
}
