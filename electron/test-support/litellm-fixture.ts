import type { SqlParam } from '../engine/db/database.ts';
import type { Exec } from '../engine/demo/loader.ts';
import { insertRows } from '../engine/demo/loader.ts';
import { litellmDdl, type DdlOptions } from '../engine/sources/litellm/ddl.ts';

/**
 * Hand-written LiteLLM rows, each one an edge case of DESIGN §2, in the range
 * [2026-03-10T10:00:00Z, 2026-03-10T12:00:00Z).
 */
export const RANGE = { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z' };
export const HOSTILE_ALIAS = "'; drop table x; --";

interface Spend {
  request_id: string;
  startTime: string;
  status?: string | null;
  metadata: Record<string, unknown>;
  model?: string;
  model_group?: string;
  api_key?: string;
  total_tokens?: number;
}

const info = (error_class: string, error_code: string, error_message: string) => ({
  error_class,
  error_code,
  error_message,
  llm_provider: 'azure',
});

export const SPEND_ROWS: Spend[] = [
  {
    request_id: 'ok-1',
    startTime: '2026-03-10 10:30:00',
    status: 'success',
    metadata: { user_api_key_alias: 'alpha' },
  },
  {
    request_id: 'twin-1',
    startTime: '2026-03-10 10:31:00',
    status: 'failure',
    model: 'azure/gpt-4o-eu',
    model_group: 'gpt-4o',
    total_tokens: 17,
    metadata: {
      user_api_key_alias: "o'brien",
      user_api_key_team_alias: 'research',
      error_information: info('RateLimitError', '429', 'rate limited'),
    },
  },
  {
    request_id: 'legacy-1',
    startTime: '2026-03-10 10:32:00',
    status: null,
    model: 'openai/gpt-4o-mini',
    model_group: '',
    metadata: {
      status: 'failure',
      user_api_key_alias: 'équipe-données',
      error_information: info('Timeout', '408', 'Request timed out after 600s'),
    },
  },
  {
    request_id: 'legacy-ok',
    startTime: '2026-03-10 10:33:00',
    status: null,
    metadata: { status: 'success' },
  },
  {
    request_id: 'no-status',
    startTime: '2026-03-10 10:34:00',
    status: null,
    metadata: { user_api_key_alias: 'alpha' },
  },
  {
    request_id: 'edge-from',
    startTime: '2026-03-10 10:00:00',
    status: 'failure',
    model_group: 'gpt-4o',
    model: 'openai/gpt-4o',
    metadata: {
      user_api_key_alias: 'alpha',
      error_information: info('Timeout', '408', 'timeout at the start'),
    },
  },
  {
    request_id: 'edge-to',
    startTime: '2026-03-10 12:00:00',
    status: 'failure',
    model_group: 'gpt-4o',
    metadata: {
      user_api_key_alias: 'alpha',
      error_information: info('Timeout', '408', 'timeout at the end'),
    },
  },
  {
    request_id: 'before',
    startTime: '2026-03-10 09:59:59.999',
    status: 'failure',
    model_group: 'gpt-4o',
    metadata: { user_api_key_alias: 'alpha', error_information: info('Timeout', '408', 'just before') },
  },
  {
    request_id: 'hostile-1',
    startTime: '2026-03-10 10:40:00',
    status: 'failure',
    model_group: 'gpt-4o',
    metadata: {
      user_api_key_alias: HOSTILE_ALIAS,
      error_information: info('BadRequestError', '400', `100% of quota_used \\ "quoted" 'single' $1`),
    },
  },
  {
    request_id: 'via-token',
    startTime: '2026-03-10 10:50:00',
    status: 'failure',
    model_group: 'claude-3-5-sonnet',
    api_key: 'hashed-token-1',
    metadata: { error_information: info('InternalServerError', '500', 'Overloaded') },
  },
  {
    request_id: 'empty-status',
    startTime: '2026-03-10 11:00:00',
    status: '',
    model_group: 'gpt-4o',
    metadata: {
      status: 'failure',
      user_api_key_alias: 'alpha',
      error_information: info('RateLimitError', '429', 'slow down'),
    },
  },
  {
    request_id: 'success-twin',
    startTime: '2026-03-10 11:10:00',
    status: 'success',
    model_group: 'gpt-4o',
    metadata: { user_api_key_alias: 'beta' },
  },
];

/**
 * ErrorLogs ids: random UUIDs as `_PROXY_failure_handler` writes them (litellm/proxy/hooks/
 * proxy_failure_handler.py: `request_id=str(uuid.uuid4())`), fixed here so tests can name them.
 * None equals a SpendLogs id: an attempt is never "the same request" as a SpendLogs row.
 */
export const ATTEMPT_IDS = {
  /** A failed attempt of the failed request twin-1 (same model group, same second). */
  ofTwin: '3b1f6c2e-8d4a-4e0b-9f5c-1a2b3c4d5e01',
  /** An attempt whose request is not in SpendLogs (written by an older proxy, or pruned). */
  only: '3b1f6c2e-8d4a-4e0b-9f5c-1a2b3c4d5e02',
  edgeTo: '3b1f6c2e-8d4a-4e0b-9f5c-1a2b3c4d5e03',
  unknown: '3b1f6c2e-8d4a-4e0b-9f5c-1a2b3c4d5e04',
  /** A failed attempt of the request success-twin, which a fallback then rescued. */
  rescued: '3b1f6c2e-8d4a-4e0b-9f5c-1a2b3c4d5e05',
} as const;

interface ErrorLog {
  request_id: string;
  startTime: string;
  model_group: string;
  litellm_model_name: string;
  exception_type: string;
  exception_string: string;
  status_code: string;
}

export const ERROR_ROWS: ErrorLog[] = [
  {
    request_id: ATTEMPT_IDS.ofTwin,
    startTime: '2026-03-10 10:31:00',
    model_group: 'gpt-4o',
    litellm_model_name: 'azure/gpt-4o-eu',
    exception_type: 'RateLimitError',
    exception_string: 'litellm.RateLimitError: AzureException - rate limited, retry after 20 seconds',
    status_code: '429',
  },
  {
    request_id: ATTEMPT_IDS.only,
    startTime: '2026-03-10 11:20:00',
    model_group: 'claude-3-5-sonnet',
    litellm_model_name: 'anthropic/claude-3-5-sonnet',
    exception_type: 'InternalServerError',
    exception_string: 'litellm.InternalServerError: AnthropicException - Overloaded',
    status_code: '500',
  },
  {
    request_id: ATTEMPT_IDS.edgeTo,
    startTime: '2026-03-10 12:00:00',
    model_group: 'gpt-4o',
    litellm_model_name: 'openai/gpt-4o',
    exception_type: 'Timeout',
    exception_string: 'at the end',
    status_code: '408',
  },
  {
    request_id: ATTEMPT_IDS.unknown,
    startTime: '2026-03-10 11:30:00',
    model_group: '',
    litellm_model_name: 'ollama/llama3',
    exception_type: '',
    exception_string: 'something odd',
    status_code: '',
  },
  {
    request_id: ATTEMPT_IDS.rescued,
    startTime: '2026-03-10 11:10:00',
    model_group: 'gpt-4o',
    litellm_model_name: 'openai/gpt-4o',
    exception_type: 'APIConnectionError',
    exception_string: 'litellm.APIConnectionError: connection reset by peer',
    status_code: '500',
  },
];

/** The request ids DESIGN §2 counts as errors in RANGE: the failed requests (issue 19: attempts are not errors). */
export const EXPECTED_ERROR_IDS = [
  'twin-1',
  'legacy-1',
  'edge-from',
  'hostile-1',
  'via-token',
  'empty-status',
].sort();

/** The failed attempts (ErrorLogs rows) in RANGE: [from, to) leaves out the one at 12:00. */
export const EXPECTED_ATTEMPT_IDS = [
  ATTEMPT_IDS.ofTwin,
  ATTEMPT_IDS.only,
  ATTEMPT_IDS.unknown,
  ATTEMPT_IDS.rescued,
].sort();

/** Creates the tables and loads the fixture rows (status column dropped for the old-schema variant). */
export async function loadFixture(exec: Exec, ddl: DdlOptions = {}): Promise<void> {
  for (const statement of litellmDdl(ddl).split(';\n')) await exec(statement);
  const withStatus = ddl.withStatusColumn ?? true;
  const spend = SPEND_ROWS.map((r) => ({
    request_id: r.request_id,
    startTime: r.startTime,
    endTime: r.startTime,
    model: r.model ?? '',
    model_group: r.model_group ?? '',
    api_key: r.api_key ?? '',
    total_tokens: r.total_tokens ?? 0,
    metadata: withStatus ? r.metadata : { ...r.metadata, status: r.metadata.status ?? r.status ?? undefined },
    status: r.status ?? null,
  }));
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    spend,
    [
      'request_id',
      'startTime',
      'endTime',
      'model',
      'model_group',
      'api_key',
      'total_tokens',
      'metadata',
      ...(withStatus ? (['status'] as const) : []),
    ],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp' },
  );
  if (ddl.withErrorLogs ?? true) {
    const rows = ERROR_ROWS.map((r) => ({ ...r, endTime: r.startTime }));
    await insertRows(
      exec,
      'LiteLLM_ErrorLogs',
      rows,
      [
        'request_id',
        'startTime',
        'endTime',
        'model_group',
        'litellm_model_name',
        'exception_type',
        'exception_string',
        'status_code',
      ],
      { startTime: 'timestamp', endTime: 'timestamp' },
    );
  }
  if (ddl.withVerificationToken ?? true) {
    await exec(`INSERT INTO "LiteLLM_VerificationToken" (token, key_alias) VALUES ($1, $2)`, [
      'hashed-token-1',
      'vt-alias',
    ] as SqlParam[]);
  }
}
