import { suggestFromNames } from '../../../shared/mapping-suggest.ts';
import type {
  CallField,
  FieldFallback,
  Lookup,
  SourceMapping,
  SuccessRule,
  TableColumn,
} from '../../../shared/source-mapping.ts';
import type { SqlRunner } from '../db/database.ts';
import { detectPriceTable, detectRollupTable } from './detect-related.ts';
import type { SqlDialect } from '../sql/dialects/sql-dialect.ts';

/**
 * The shapes of DESIGN §9 users have today, recognised from table and column names. A match is
 * offered (the form, `--table` alone); it still goes through validation like a hand-made mapping.
 * Where a field has several spellings (Django's `user_id` FK, an older `user` column), the first
 * present column is taken.
 */
interface BuiltIn {
  name: string;
  matches(table: string): boolean;
  /** Columns that must all exist for the shape to match. */
  needs: string[];
  columns: Partial<Record<CallField, string | string[]>>;
  success: SuccessRule;
  /** Lookups taken when their table exists beside the call table (names instead of ids). */
  lookups?: Partial<Record<CallField, Lookup>>;
  /** Fallbacks taken when their column exists (keys inside a JSON column). */
  fallbacks?: SourceMapping['fallbacks'];
}

/** Django's user table: a `user` ForeignKey is stored as `user_id`, the name is `auth_user.username`. */
const DJANGO_USER: Lookup = { table: 'auth_user', key: 'id', column: 'username' };

/** agentcore_metering's LLMUsage model (db_table `llm_tracker_usage`). */
const LLM_TRACKER: BuiltIn = {
  name: 'llm_tracker_usage',
  matches: (t) => t.toLowerCase().endsWith('llm_tracker_usage'),
  needs: ['model', 'success', 'created_at'],
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
    cost: 'cost',
    metadata: 'metadata',
  },
  success: { kind: 'boolean', column: 'success' },
  lookups: { keyAlias: DJANGO_USER },
};

/** A Django LLMCallLog model (`<app>_llmcalllog`): status pending/processing/success/failed/timeout/cancelled. */
const LLM_CALL_LOG: BuiltIn = {
  name: 'LLMCallLog',
  matches: (t) => /(^|_)llmcalllog$/i.test(t),
  needs: ['model_name', 'status', 'request_timestamp'],
  columns: {
    time: 'request_timestamp',
    requestId: 'request_id',
    model: 'model_name',
    deployment: 'model_id',
    provider: 'vendor_name',
    keyAlias: ['user_id', 'user'],
    teamAlias: 'source_app',
    statusCode: 'error_code',
    errorType: 'status',
    errorMessage: 'error_message',
    promptTokens: 'prompt_tokens',
    completionTokens: 'completion_tokens',
    totalTokens: 'total_tokens',
    cost: 'estimated_cost',
    durationMs: 'duration_ms',
    retryCount: 'retry_count',
    sessionId: 'session_id',
    metadata: 'metadata',
  },
  success: {
    kind: 'status',
    column: 'status',
    successValues: ['success'],
    pendingValues: ['pending', 'processing'],
  },
  lookups: { keyAlias: DJANGO_USER },
};

/** An LLM router's `request_logs` (provider_id → `providers`, HTTP status_code; no code on a timeout). */
const ROUTER_REQUEST_LOGS: BuiltIn = {
  name: 'request_logs',
  matches: (t) => /(^|_)request_logs$/i.test(t),
  needs: ['created_at', 'model', 'status_code'],
  columns: {
    time: 'created_at',
    requestId: ['request_id', 'id'],
    model: 'model',
    provider: ['provider_id', 'provider_name', 'provider'],
    keyAlias: ['user_id', 'api_key_name'],
    statusCode: 'status_code',
    errorMessage: ['error_message', 'error'],
    promptTokens: 'prompt_tokens',
    completionTokens: 'completion_tokens',
    totalTokens: 'total_tokens',
    cost: 'cost',
    durationMs: ['latency_ms', 'duration_ms'],
  },
  success: { kind: 'http', column: 'status_code', min: 200, max: 399 },
  lookups: { provider: { table: 'providers', key: 'id', column: 'name' } },
};

/** LiteLLM's metadata JSON (`spend_tracking_utils.py` get_logging_payload), as the native source reads it. */
const litellmMetadata = (...path: string[]): FieldFallback => ({ column: 'metadata', path });

/**
 * LiteLLM_SpendLogs read as the native LiteLLM source reads it (DESIGN §1–2): the status column, or
 * `metadata.status` where it is NULL or empty (and on the 2025 baseline, which has no status column);
 * the key alias from `metadata.user_api_key_alias`, else the VerificationToken's (a deleted key keeps
 * the alias its rows carry; the hashed api_key itself is never shown); the failure from
 * `metadata.error_information`; the public model name, else the deployment.
 */
const LITELLM_SPEND_LOGS: BuiltIn = {
  name: 'LiteLLM',
  matches: (t) => t === 'LiteLLM_SpendLogs',
  needs: ['startTime', 'model'],
  columns: {
    time: 'startTime',
    requestId: 'request_id',
    model: 'model_group',
    deployment: 'model',
    provider: 'custom_llm_provider',
    keyAlias: 'api_key',
    promptTokens: 'prompt_tokens',
    completionTokens: 'completion_tokens',
    totalTokens: 'total_tokens',
    cost: 'spend',
    durationMs: 'request_duration_ms',
    sessionId: 'session_id',
    metadata: 'metadata',
  },
  success: { kind: 'status', column: 'status', successValues: ['success'] },
  lookups: {
    keyAlias: { table: 'LiteLLM_VerificationToken', key: 'token', column: 'key_alias', hideKey: true },
  },
  fallbacks: {
    success: litellmMetadata('status'),
    model: { column: 'model' },
    keyAlias: { ...litellmMetadata('user_api_key_alias'), first: true },
    teamAlias: litellmMetadata('user_api_key_team_alias'),
    statusCode: litellmMetadata('error_information', 'error_code'),
    errorType: litellmMetadata('error_information', 'error_class'),
    errorMessage: litellmMetadata('error_information', 'error_message'),
  },
};

const BUILT_INS = [LLM_TRACKER, LLM_CALL_LOG, ROUTER_REQUEST_LOGS, LITELLM_SPEND_LOGS];

/** The built-in shape a table's name and columns fit, if any. */
export function builtInShape(table: string, columns: readonly TableColumn[]): string | null {
  const names = new Set(columns.map((c) => c.name));
  return BUILT_INS.find((b) => b.matches(table) && b.needs.every((n) => names.has(n)))?.name ?? null;
}

/**
 * The built-in mapping for this table when its name and columns fit one, else null: columns an older
 * version lacks are left unmapped; a lookup is taken when its table exists, a price table and roll-ups by their shape.
 */
export async function builtInMapping(
  sql: SqlRunner,
  d: SqlDialect,
  table: string,
  columns: readonly TableColumn[],
  tables: readonly string[],
): Promise<SourceMapping | null> {
  const names = new Set(columns.map((c) => c.name));
  const b = BUILT_INS.find((x) => x.matches(table) && x.needs.every((n) => names.has(n)));
  if (!b) return null;
  const mapped: Partial<Record<CallField, string>> = {};
  for (const [field, spellings] of Object.entries(b.columns)) {
    const column = [spellings].flat().find((c) => names.has(c!));
    if (column) mapped[field as CallField] = column;
  }
  const lookups: Partial<Record<CallField, Lookup>> = {};
  for (const [field, lookup] of Object.entries(b.lookups ?? {})) {
    // Only a key column takes a lookup: a `provider_name` column already holds the name.
    const column = mapped[field as CallField];
    if (lookup && (column?.endsWith('_id') || lookup.hideKey) && tables.includes(lookup.table))
      lookups[field as CallField] = lookup;
  }
  const fallbacks = Object.fromEntries(
    Object.entries(b.fallbacks ?? {}).filter(([, f]) => f && names.has(f.column)),
  );
  // A status column an older version lacks: the status is its fallback's alone.
  const success: SuccessRule =
    b.success.kind === 'status' && b.success.column && !names.has(b.success.column) && fallbacks.success
      ? { ...b.success, column: undefined }
      : b.success;
  const priceTable = b === LLM_CALL_LOG ? await detectPriceTable(sql, d, table, tables) : null;
  const rollups = b === LLM_CALL_LOG ? await detectRollupTable(sql, d, table, tables) : null;
  return {
    table,
    builtIn: b.name,
    columns: mapped,
    success,
    ...(Object.keys(lookups).length ? { lookups } : {}),
    ...(Object.keys(fallbacks).length ? { fallbacks } : {}),
    ...(priceTable ? { priceTable } : {}),
    ...(rollups ? { rollups } : {}),
  };
}

/** Tables that look like one of the built-in shapes, for the form's first suggestion. */
export function builtInCandidates(tables: readonly string[]): string[] {
  return tables.filter((t) => BUILT_INS.some((b) => b.matches(t)));
}

/** A first mapping for an unknown table, from column names and types; the user corrects it in the form. */
export async function suggestMapping(
  sql: SqlRunner,
  d: SqlDialect,
  table: string,
  columns: readonly TableColumn[],
  tables: readonly string[],
): Promise<SourceMapping> {
  return (await builtInMapping(sql, d, table, columns, tables)) ?? { table, ...suggestFromNames(columns) };
}
