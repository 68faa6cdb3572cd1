import type { Dialect } from '../../shared/source-mapping.ts';
import { djangoLiteral, quoteName } from './fixture-sql.ts';

/**
 * The three shapes of DESIGN §9 with known data, as SQL for each engine: `llm_tracker_usage`
 * (boolean success, NULL tokens), `app_llmcalllog` with `app_llmmodelprice` (a status column with
 * several failure values, per-call cost) and a router's `request_logs` (HTTP status), each with a
 * burst of one error, plus a canary table that must never change.
 */
export const T0 = Date.parse('2026-11-20T08:00:00.000Z');
export const RANGE = { from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T14:00:00.000Z' };
/** The burst: 12 identical-shaped failures within 6 minutes, 3 h in. */
export const BURST = {
  at: T0 + 3 * 3600_000,
  size: 12,
  message: (i: number) =>
    `RateLimitError: Rate limit reached for gpt-4o in organization org-${100 + i} on tokens per min`,
};

type Kind = 'id' | 'text' | 'longtext' | 'int' | 'float' | 'bool' | 'json' | 'time' | 'timetz';
type Value = string | number | boolean | null;
interface Table {
  name: string;
  columns: [string, Kind][];
  rows: Value[][];
}

const USERS = ['alice', 'bob', 'carol'];
const MODELS = ['gpt-4o', 'claude-3-5-sonnet'];
const iso = (ms: number) => new Date(ms).toISOString();

function trackerTable(): Table {
  const rows: Value[][] = [];
  for (let i = 0; i < 60; i++) {
    const at = T0 + i * 6 * 60_000 + 17_000;
    const fail = i % 10 === 3;
    const nullTokens = i % 7 === 0;
    rows.push([
      `a0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      USERS[i % 3]!,
      MODELS[i % 2]!,
      nullTokens ? null : 100 + i,
      nullTokens ? null : 20 + i,
      nullTokens ? null : 120 + 2 * i,
      0,
      0,
      !fail,
      fail ? `APIConnectionError: upstream closed connection after ${i} ms` : null,
      JSON.stringify({ node_name: `node-${i % 2}`, source_type: 'task' }),
      iso(at),
    ]);
  }
  for (let i = 0; i < BURST.size; i++) {
    rows.push([
      `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      'bob',
      'gpt-4o',
      null,
      null,
      null,
      null,
      null,
      false,
      BURST.message(i),
      '{}',
      iso(BURST.at + i * 30_000),
    ]);
  }
  // Outside the range: must never be counted.
  rows.push([
    'c0000000-0000-4000-8000-000000000001',
    'alice',
    'gpt-4o',
    1,
    1,
    2,
    0,
    0,
    false,
    'Outside the range',
    '{}',
    iso(T0 - 60_000),
  ]);
  return {
    name: 'llm_tracker_usage',
    columns: [
      ['id', 'id'],
      ['user_id', 'text'],
      ['model', 'text'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['cached_tokens', 'int'],
      ['reasoning_tokens', 'int'],
      ['success', 'bool'],
      ['error', 'longtext'],
      ['metadata', 'json'],
      ['created_at', 'timetz'],
    ],
    rows,
  };
}

const CALL_STATUSES = [
  'success',
  'success',
  'failed',
  'success',
  'timeout',
  'success',
  'rate_limited',
  'success',
];

function callLogTable(): Table {
  const rows: Value[][] = [];
  for (let i = 0; i < 48; i++) {
    const status = CALL_STATUSES[i % CALL_STATUSES.length]!;
    rows.push([
      `req-${String(i).padStart(4, '0')}`,
      USERS[i % 3]!,
      `s-${i % 5}`,
      MODELS[i % 2]!,
      status === 'success' ? null : `${status}: upstream answered ${status} for call ${i}`,
      status,
      200 + i * 10,
      i % 4 === 0 ? 1 : 0,
      i % 6 === 0 ? null : 1000 + i,
      i % 6 === 0 ? null : 200 + i,
      i % 6 === 0 ? null : 1200 + 2 * i,
      i % 3 === 0 ? null : 0.001 * i,
      i % 2 ? 'billing' : 'search',
      iso(T0 + i * 7 * 60_000 + 3_000),
    ]);
  }
  for (let i = 0; i < BURST.size; i++) {
    rows.push([
      `req-burst-${i}`,
      'carol',
      's-b',
      'gpt-4o',
      BURST.message(i),
      'rate_limited',
      50,
      0,
      null,
      null,
      null,
      null,
      'search',
      iso(BURST.at + i * 30_000),
    ]);
  }
  return {
    name: 'app_llmcalllog',
    columns: [
      ['request_id', 'text'],
      ['user', 'text'],
      ['session_id', 'text'],
      ['model_name', 'text'],
      ['error_message', 'longtext'],
      ['status', 'text'],
      ['duration_ms', 'int'],
      ['retry_count', 'int'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['estimated_cost', 'float'],
      ['source_app', 'text'],
      ['request_timestamp', 'time'],
    ],
    rows,
  };
}

function priceTable(): Table {
  return {
    name: 'app_llmmodelprice',
    columns: [
      ['model', 'text'],
      ['input_price_per_1k', 'float'],
      ['output_price_per_1k', 'float'],
      ['currency', 'text'],
    ],
    rows: [
      ['gpt-4o', 0.0025, 0.01, 'USD'],
      ['claude-3-5-sonnet', 0.003, 0.015, 'USD'],
    ],
  };
}

const HTTP = [200, 200, 429, 200, 200, 500, 200, 200, 200, 200];

function requestLogsTable(): Table {
  const rows: Value[][] = [];
  for (let i = 0; i < 50; i++) {
    const code = HTTP[i % HTTP.length]!;
    rows.push([
      i + 1,
      iso(T0 + i * 7 * 60_000 + 11_000),
      MODELS[i % 2]!,
      `provider-${i % 2}`,
      `key-${i % 4}`,
      code,
      code >= 400 ? `HTTP ${code}: provider error on attempt ${i}` : null,
      300 + i,
    ]);
  }
  for (let i = 0; i < BURST.size; i++) {
    rows.push([
      1000 + i,
      iso(BURST.at + i * 30_000),
      'gpt-4o',
      'provider-0',
      'key-9',
      429,
      BURST.message(i),
      40,
    ]);
  }
  return {
    name: 'request_logs',
    columns: [
      ['id', 'int'],
      ['created_at', 'time'],
      ['model', 'text'],
      ['provider', 'text'],
      ['api_key_name', 'text'],
      ['status_code', 'int'],
      ['error', 'longtext'],
      ['latency_ms', 'int'],
    ],
    rows,
  };
}

/** Per-call spend as Logdesk reads it: the recorded cost when positive, else tokens × the price table. */
const PRICE_PER_1K: Record<string, [number, number]> = {
  'gpt-4o': [0.0025, 0.01],
  'claude-3-5-sonnet': [0.003, 0.015],
};

/**
 * `app_llmtokenusage`: LLMTokenUsage roll-ups of app_llmcalllog per hour and per day, user and model,
 * computed here from the same rows, so a roll-up read must equal the row-level one.
 */
function tokenUsageTable(): Table {
  const calls = callLogTable();
  const col = (name: string) => calls.columns.findIndex(([c]) => c === name);
  const groups = new Map<string, Value[]>();
  for (const period of ['hour', 'day'] as const) {
    for (const r of calls.rows) {
      const at = Date.parse(String(r[col('request_timestamp')]));
      const start =
        period === 'hour' ? Math.floor(at / 3_600_000) * 3_600_000 : Math.floor(at / 86_400_000) * 86_400_000;
      const [user, model] = [r[col('user')] as string, r[col('model_name')] as string];
      const key = `${period}|${start}|${user}|${model}`;
      const g = groups.get(key) ?? [period, iso(start), user, model, 0, 0, 0, 0, 0, 0, 0];
      const num = (c: string) => r[col(c)] as number | null;
      const [prompt, completion, total, cost] = [
        num('prompt_tokens'),
        num('completion_tokens'),
        num('total_tokens'),
        num('estimated_cost'),
      ];
      const failed = r[col('status')] !== 'success';
      const [pin, pout] = PRICE_PER_1K[model]!;
      const spend =
        (cost ?? 0) > 0
          ? cost!
          : (prompt ?? 0) + (completion ?? 0) > 0
            ? ((prompt ?? 0) * pin + (completion ?? 0) * pout) / 1000
            : 0;
      const add = [
        1,
        failed ? 0 : 1,
        failed ? 1 : 0,
        prompt ?? 0,
        completion ?? 0,
        total ?? (prompt !== null && completion !== null ? prompt + completion : 0),
        spend,
      ];
      add.forEach((v, i) => (g[4 + i] = (g[4 + i] as number) + v));
      groups.set(key, g);
    }
  }
  return {
    name: 'app_llmtokenusage',
    columns: [
      ['period', 'text'],
      ['period_start', 'time'],
      ['user', 'text'],
      ['model_name', 'text'],
      ['call_count', 'int'],
      ['success_count', 'int'],
      ['failed_count', 'int'],
      ['prompt_tokens', 'int'],
      ['completion_tokens', 'int'],
      ['total_tokens', 'int'],
      ['total_cost', 'float'],
    ],
    rows: [...groups.values()],
  };
}

const CANARY: Table = { name: 'logdesk_canary', columns: [['note', 'text']], rows: [['untouched']] };

const TYPES: Record<Dialect, Record<Kind, string>> = {
  postgres: {
    id: 'uuid',
    text: 'varchar(255)',
    longtext: 'text',
    int: 'integer',
    float: 'double precision',
    bool: 'boolean',
    json: 'jsonb',
    time: 'timestamp(6)',
    timetz: 'timestamp(6) with time zone',
  },
  mysql: {
    id: 'char(36)',
    text: 'varchar(255)',
    longtext: 'longtext',
    int: 'int',
    float: 'double',
    bool: 'tinyint(1)',
    json: 'json',
    time: 'datetime(6)',
    timetz: 'datetime(6)',
  },
  sqlite: {
    id: 'char(32)',
    text: 'varchar(255)',
    longtext: 'text',
    int: 'integer',
    float: 'real',
    bool: 'bool',
    json: 'text',
    time: 'datetime',
    timetz: 'datetime',
  },
};

const literal = (dialect: Dialect, kind: Kind, v: Value): string =>
  djangoLiteral(dialect, v, kind === 'timetz' ? 'tz' : kind === 'time' ? 'naive' : undefined);
const quote = quoteName;

/** DDL and inserts for every table, one statement per entry. */
export function fixtureStatements(dialect: Dialect): string[] {
  const out: string[] = [];
  for (const t of [
    trackerTable(),
    callLogTable(),
    priceTable(),
    tokenUsageTable(),
    requestLogsTable(),
    CANARY,
  ]) {
    out.push(
      `CREATE TABLE ${quote(dialect, t.name)} (${t.columns.map(([c, k]) => `${quote(dialect, c)} ${TYPES[dialect][k]}`).join(', ')})`,
    );
    out.push(
      `INSERT INTO ${quote(dialect, t.name)} VALUES ${t.rows.map((r) => `(${r.map((v, i) => literal(dialect, t.columns[i]![1], v)).join(', ')})`).join(', ')}`,
    );
  }
  out.push(
    `CREATE INDEX ix_tracker_created ON ${quote(dialect, 'llm_tracker_usage')} (${quote(dialect, 'created_at')})`,
  );
  return out;
}
