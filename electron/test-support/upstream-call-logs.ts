/**
 * The three call-log systems of DESIGN §9 as their frameworks create them, for PostgreSQL (Django:
 * timestamptz, bigint ids), MariaDB (DATETIME(6), tinyint(1), char(32) uuids) and SQLite (Django's text
 * times). Shapes copied from upstream:
 * - `auth_user`: django.contrib.auth's User (the columns a FK name lookup reads).
 * - `llm_tracker_usage`: agentcore_metering's `LLMUsage` migration (db_table `llm_tracker_usage`, user FK → `user_id`).
 * - `llm_llmcalllog`, `llm_llmmodelprice`, `llm_llmtokenusage`: the `LLMCallLog`, `LLMModelPrice` and
 *   `LLMTokenUsage` Django models of an app `llm` (status pending/processing/success/failed/timeout/cancelled,
 *   `model_name`, `currency` USD/CNY/EUR, `is_active`, `effective_date`; roll-ups by `date`, `hour`, `period`).
 * - `request_logs` + `providers`: a router's SQLAlchemy `RequestLog` (provider_id, status_code with no code on
 *   a timeout, error_message, latency_ms, cost, user_id; naive `DateTime`).
 * Data spans two whole UTC days (RANGE2D); rows with no user, an empty model and no HTTP code are there on purpose.
 */
export const RANGE2D = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' };
const T0 = Date.parse(RANGE2D.from);
const MIN = 60_000;

export type Kind =
  | 'pk'
  | 'bigpk'
  | 'uuid'
  | 'int'
  | 'bigint'
  | 'str'
  | 'text'
  | 'bool'
  | 'json'
  | 'tz'
  | 'naive'
  | 'date'
  | 'dec6'
  | 'dec4'
  | 'float';
export type Value = string | number | boolean | null;
export interface FixtureTable {
  name: string;
  columns: [string, Kind][];
  rows: Record<string, Value>[];
}

export const USERS: [number, string][] = [
  [1, 'alice'],
  [2, 'bob'],
  [3, 'carol'],
];

const uuid = (prefix: string, i: number) => `${prefix}000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();

function authUser(): FixtureTable {
  return {
    name: 'auth_user',
    columns: [
      ['id', 'pk'],
      ['password', 'str'],
      ['last_login', 'tz'],
      ['is_superuser', 'bool'],
      ['username', 'str'],
      ['email', 'str'],
      ['is_active', 'bool'],
      ['date_joined', 'tz'],
    ],
    rows: USERS.map(([id, username]) => ({
      id,
      password: 'pbkdf2_sha256$x',
      last_login: null,
      is_superuser: false,
      username,
      email: `${username}@example.com`,
      is_active: true,
      date_joined: '2026-01-01T00:00:00.000Z',
    })),
  };
}

function tracker(): FixtureTable {
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < 30; i++) {
    const fail = i % 5 === 2;
    rows.push({
      id: uuid('a0', i),
      model: i === 12 ? '' : ['gpt-4o', 'claude-3-5-sonnet'][i % 2]!,
      prompt_tokens: 100 + i,
      completion_tokens: fail ? 0 : 20 + i,
      total_tokens: fail ? 100 + i : 120 + 2 * i,
      cached_tokens: i % 3 === 0 ? 10 : 0,
      reasoning_tokens: 0,
      success: !fail,
      error: fail ? `APIConnectionError: upstream closed connection (${i})` : null,
      metadata: JSON.stringify({ node_name: `node-${i % 2}`, source_type: 'task' }),
      created_at: iso(T0 + i * 96 * MIN + 17_000),
      user_id: i % 4 === 3 ? null : USERS[i % 4]![0],
    });
  }
  return {
    name: 'llm_tracker_usage',
    columns: [
      ['id', 'uuid'],
      ['model', 'str'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['cached_tokens', 'int'],
      ['reasoning_tokens', 'int'],
      ['success', 'bool'],
      ['error', 'text'],
      ['metadata', 'json'],
      ['created_at', 'tz'],
      ['user_id', 'int'],
    ],
    rows,
  };
}

const STATUSES = [
  'success',
  'success',
  'failed',
  'success',
  'timeout',
  'success',
  'pending',
  'success',
  'cancelled',
  'processing',
  'success',
  'success',
];
const CALL_MODELS: [string, string][] = [
  ['gpt-4o', 'openai'],
  ['glm-4', 'zhipu'],
  ['deepseek-chat', 'deepseek'],
];

function callLog(): FixtureTable {
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < 40; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const open = status === 'pending' || status === 'processing';
    const failed = !open && status !== 'success';
    const [model, vendor] = CALL_MODELS[i % 3]!;
    const noTokens = open || i % 5 === 4;
    const at = T0 + i * 72 * MIN + 13_000;
    rows.push({
      id: uuid('c0', i),
      request_id: `req-${String(i).padStart(4, '0')}`,
      user_id: i % 4 === 2 ? null : USERS[i % 3]![0],
      session_id: i % 6 === 0 ? null : `s-${i % 5}`,
      call_type: 'chat',
      model_name: i === 16 ? '' : model,
      model_id: i === 16 ? '' : `${model}-2026`,
      vendor_name: vendor,
      vendor_id: vendor,
      endpoint: `https://api.${vendor}.example/v1/chat/completions`,
      request_messages: '[]',
      request_params: '{}',
      request_headers: '{}',
      request_timestamp: iso(at),
      response_content: failed || open ? '' : 'ok',
      response_raw: '{}',
      response_timestamp: open ? null : iso(at + 900 + i),
      error_message: failed ? `${status}: upstream ${vendor} answered ${status} (${i})` : '',
      error_code: status === 'timeout' ? '504' : status === 'failed' ? '429' : '',
      status,
      duration_ms: open ? null : 900 + i,
      retry_count: i % 4 === 0 ? 1 : 0,
      is_stream: i % 2 === 0,
      prompt_tokens: noTokens ? null : 1000 + 10 * i,
      completion_tokens: noTokens ? null : status === 'timeout' ? 0 : 200 + i,
      total_tokens: noTokens ? null : 1200 + 11 * i - (status === 'timeout' ? 200 + i : 0),
      // A recorded cost is the spend (0 for a timeout is a real 0); NULL is left to the price table.
      estimated_cost: i % 3 === 0 || open ? null : status === 'timeout' ? 0 : Math.round(i * 137) / 1e6,
      source_app: ['chat', 'agentic', 'knowledge'][i % 3]!,
      source_function: 'answer',
      metadata: '{}',
      ip_address: null,
      user_agent: null,
      created_at: iso(at),
      updated_at: iso(at + 1000),
    });
  }
  return {
    name: 'llm_llmcalllog',
    columns: [
      ['id', 'uuid'],
      ['request_id', 'str'],
      ['user_id', 'int'],
      ['session_id', 'str'],
      ['call_type', 'str'],
      ['model_name', 'str'],
      ['model_id', 'str'],
      ['vendor_name', 'str'],
      ['vendor_id', 'str'],
      ['endpoint', 'str'],
      ['request_messages', 'json'],
      ['request_params', 'json'],
      ['request_headers', 'json'],
      ['request_timestamp', 'tz'],
      ['response_content', 'text'],
      ['response_raw', 'json'],
      ['response_timestamp', 'tz'],
      ['error_message', 'text'],
      ['error_code', 'str'],
      ['status', 'str'],
      ['duration_ms', 'int'],
      ['retry_count', 'int'],
      ['is_stream', 'bool'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['estimated_cost', 'dec6'],
      ['source_app', 'str'],
      ['source_function', 'str'],
      ['metadata', 'json'],
      ['ip_address', 'str'],
      ['user_agent', 'str'],
      ['created_at', 'tz'],
      ['updated_at', 'tz'],
    ],
    rows,
  };
}

/** Price rows: a gpt-4o price change on the second day, an inactive and a future price that must never apply, CNY prices. */
export const PRICES: [number, string, string, number, number, string, boolean, string][] = [
  [1, 'gpt-4o', 'openai', 0.005, 0.015, 'USD', true, '2026-01-01'],
  [2, 'gpt-4o', 'openai', 0.0025, 0.01, 'USD', true, '2026-11-21'],
  [3, 'gpt-4o', 'openai', 0.5, 1.5, 'USD', false, '2026-06-01'],
  [4, 'glm-4', 'zhipu', 0.1, 0.1, 'CNY', true, '2026-01-01'],
  [5, 'deepseek-chat', 'deepseek', 0.001, 0.002, 'CNY', true, '2026-01-01'],
  [6, 'deepseek-chat', 'deepseek', 0.004, 0.016, 'CNY', true, '2027-01-01'],
];

function modelPrice(): FixtureTable {
  return {
    name: 'llm_llmmodelprice',
    columns: [
      ['id', 'bigpk'],
      ['model_name', 'str'],
      ['vendor_name', 'str'],
      ['input_price_per_1k', 'dec6'],
      ['output_price_per_1k', 'dec6'],
      ['currency', 'str'],
      ['is_active', 'bool'],
      ['effective_date', 'date'],
      ['expiry_date', 'date'],
      ['description', 'text'],
      ['created_at', 'tz'],
      ['updated_at', 'tz'],
    ],
    rows: PRICES.map(([id, model_name, vendor_name, input, output, currency, is_active, effective_date]) => ({
      id,
      model_name,
      vendor_name,
      input_price_per_1k: input,
      output_price_per_1k: output,
      currency,
      is_active,
      effective_date,
      expiry_date: null,
      description: '',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    })),
  };
}

/** LLMTokenUsage rows (hourly and daily, per user and model) from the calls; the user FK is NOT NULL, so calls without a user are not rolled up. */
function tokenUsage(calls: FixtureTable): FixtureTable {
  const groups = new Map<string, Record<string, Value>>();
  for (const period of ['hourly', 'daily'] as const) {
    for (const c of calls.rows) {
      if (c.user_id === null) continue;
      const at = new Date(String(c.request_timestamp));
      const date = at.toISOString().slice(0, 10);
      const hour = period === 'hourly' ? at.getUTCHours() : null;
      const key = `${period}|${date}|${hour}|${c.user_id}|${c.model_name}`;
      const g: Record<string, Value> = groups.get(key) ?? {
        id: groups.size + 1,
        user_id: c.user_id ?? null,
        model_name: c.model_name ?? null,
        vendor_name: c.vendor_name ?? null,
        date,
        hour,
        period,
        call_count: 0,
        success_count: 0,
        failed_count: 0,
        total_prompt_tokens: 0,
        total_completion_tokens: 0,
        total_tokens: 0,
        total_cost: 0,
        avg_duration_ms: null,
        metadata: '{}',
        created_at: '2026-11-23T00:00:00.000Z',
        updated_at: '2026-11-23T00:00:00.000Z',
      };
      const n = (v: Value | undefined) => Number(v ?? 0);
      g.call_count = n(g.call_count) + 1;
      if (c.status === 'success') g.success_count = n(g.success_count) + 1;
      else if (c.status !== 'pending' && c.status !== 'processing') g.failed_count = n(g.failed_count) + 1;
      g.total_prompt_tokens = n(g.total_prompt_tokens) + n(c.prompt_tokens);
      g.total_completion_tokens = n(g.total_completion_tokens) + n(c.completion_tokens);
      g.total_tokens = n(g.total_tokens) + n(c.total_tokens);
      g.total_cost = Math.round((n(g.total_cost) + n(c.estimated_cost)) * 1e4) / 1e4;
      groups.set(key, g);
    }
  }
  return {
    name: 'llm_llmtokenusage',
    columns: [
      ['id', 'bigpk'],
      ['user_id', 'int'],
      ['model_name', 'str'],
      ['vendor_name', 'str'],
      ['date', 'date'],
      ['hour', 'int'],
      ['period', 'str'],
      ['call_count', 'int'],
      ['success_count', 'int'],
      ['failed_count', 'int'],
      ['total_prompt_tokens', 'bigint'],
      ['total_completion_tokens', 'bigint'],
      ['total_tokens', 'bigint'],
      ['total_cost', 'dec4'],
      ['avg_duration_ms', 'int'],
      ['metadata', 'json'],
      ['created_at', 'tz'],
      ['updated_at', 'tz'],
    ],
    rows: [...groups.values()],
  };
}

function providers(): FixtureTable {
  return {
    name: 'providers',
    columns: [
      ['id', 'pk'],
      ['name', 'str'],
      ['base_url', 'str'],
      ['api_key', 'str'],
      ['created_at', 'naive'],
    ],
    rows: ['openai-east', 'anthropic', 'local-vllm'].map((name, i) => ({
      id: i + 1,
      name,
      base_url: `https://${name}.example/v1`,
      api_key: `sk-provider-secret-${i}`,
      created_at: '2026-01-01T00:00:00.000Z',
    })),
  };
}

/** HTTP codes in turn; null is a timeout or a refused connection: no code, an error message. */
const CODES: (number | null)[] = [200, 200, 429, 200, null, 200, 500, 200, null, 200];

function requestLogs(): FixtureTable {
  const rows: Record<string, Value>[] = [];
  for (let i = 0; i < 30; i++) {
    const code = CODES[i % CODES.length]!;
    const ok = code !== null && code < 400;
    rows.push({
      id: i + 1,
      provider_id: i % 7 === 6 ? null : (i % 3) + 1,
      model: i === 14 ? null : ['gpt-4o', 'claude-3-5-sonnet'][i % 2]!,
      endpoint: '/v1/chat/completions',
      method: 'POST',
      status_code: code,
      error_message: ok
        ? null
        : code === null
          ? i % 2
            ? 'ConnectError: connection refused'
            : 'ReadTimeout: upstream read timed out'
          : `HTTP ${code}: provider error (${i})`,
      latency_ms: 300 + 7 * i,
      prompt_tokens: ok ? 50 + i : 0,
      completion_tokens: ok ? 10 + i : 0,
      total_tokens: ok ? 60 + 2 * i : 0,
      cost: ok ? Math.round(i * 91) / 1e6 : null,
      user_id: [`team-a`, `team-b`, null, ''][i % 4]!,
      ip_address: '10.0.0.1',
      created_at: iso(T0 + i * 96 * MIN + 29_000),
    });
  }
  return {
    name: 'request_logs',
    columns: [
      ['id', 'pk'],
      ['provider_id', 'int'],
      ['model', 'str'],
      ['endpoint', 'str'],
      ['method', 'str'],
      ['status_code', 'int'],
      ['error_message', 'text'],
      ['latency_ms', 'int'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['cost', 'float'],
      ['user_id', 'str'],
      ['ip_address', 'str'],
      ['created_at', 'naive'],
    ],
    rows,
  };
}

export function upstreamTables(): FixtureTable[] {
  const calls = callLog();
  return [authUser(), tracker(), calls, modelPrice(), tokenUsage(calls), providers(), requestLogs()];
}
