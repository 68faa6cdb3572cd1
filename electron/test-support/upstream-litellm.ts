import { randomUUID } from 'node:crypto';
import type { Exec } from '../engine/demo/loader.ts';
import { insertErrorLogs, insertRows } from '../engine/demo/loader.ts';
import { Random } from '../engine/demo/random.ts';
import { litellmDdl } from '../engine/sources/litellm/ddl.ts';
import type { ErrorLogRow, SpendLogRow } from '../engine/demo/demo-rows.ts';

/**
 * A week of LiteLLM rows shaped the way LiteLLM's own writers shape them (issue 19), for oracle tests.
 * Columns: BerriAI/litellm `schema.prisma` (models LiteLLM_SpendLogs, LiteLLM_ErrorLogs,
 * LiteLLM_VerificationToken, LiteLLM_DailyUserSpend), through our DDL in litellm/ddl.ts.
 * - SpendLogs rows: `litellm/proxy/spend_tracking/spend_tracking_utils.py` `get_logging_payload` —
 *   one row per request, `status` 'success' / 'failure' (column, and `metadata.status` on every
 *   version), `metadata.error_information` {error_class, error_code, error_message, llm_provider,
 *   traceback} on failures, `spend` 0 on a cache hit (`cache_hit` 'True') and on a failure.
 *   Proxy-level failures (auth, budget) are written there too, through the post-call failure hook,
 *   with no deployment: no ErrorLogs row.
 * - ErrorLogs rows: `litellm/proxy/hooks/proxy_failure_handler.py` `_PROXY_failure_handler` — one
 *   row per failed call to a deployment, `request_id = str(uuid.uuid4())` (never a SpendLogs id),
 *   `status_code` the exception's code, also for attempts a retry or a fallback then rescued.
 * - DailyUserSpend rows: the daily spend update (`db_spend_update_writer.py`) — per user, date,
 *   api_key, model, provider: api_requests, successful_requests, failed_requests, tokens, spend. One
 *   aggregate row is left out, as LiteLLM #29292 loses them.
 * - DeletedVerificationToken (newest only): the audit copy `/key/delete` writes of a deleted key
 *   (token, key_name, key_alias, deleted_at; `key_management_endpoints.py`).
 * - A daily row of a key that is in no table and has no SpendLogs row left (`h-gone`), the day before
 *   the week: pruned SpendLogs, deleted key, nothing else knows its alias.
 * Two schema versions: `newest` (the status column; some rows written before it was filled, NULL
 * with `metadata.status`) and `baseline2025` (no `status`, `request_duration_ms`,
 * `mcp_namespaced_tool_name`, `agent_id` columns).
 */
export type UpstreamVersion = 'newest' | 'baseline2025';

export const WEEK = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' };
/** Four hours that are not whole days; rows sit exactly on both edges. */
export const WINDOW = { from: '2026-03-04T10:30:00.000Z', to: '2026-03-04T14:30:00.000Z' };

interface Deployment {
  model: string;
  api_base: string;
  provider: string;
}
const DEPLOYMENTS: Record<'gpt-4o' | 'claude-3-5-sonnet', readonly Deployment[]> = {
  'gpt-4o': [
    { model: 'azure/gpt-4o-eu', api_base: 'https://eu.openai.azure.com/', provider: 'azure' },
    { model: 'azure/gpt-4o-us', api_base: 'https://us.openai.azure.com/', provider: 'azure' },
  ],
  'claude-3-5-sonnet': [
    {
      model: 'anthropic/claude-3-5-sonnet-20241022',
      api_base: 'https://api.anthropic.com/v1/messages',
      provider: 'anthropic',
    },
  ],
};
type Group = keyof typeof DEPLOYMENTS;

/** Keys: `h-deleted` was deleted (not in VerificationToken; its alias lives on in SpendLogs metadata). */
const KEYS = [
  { token: 'h-alpha', alias: 'alpha-key', inTable: true, inMetadata: true, user: 'u-alpha' },
  { token: 'h-beta', alias: 'beta-key', inTable: true, inMetadata: true, user: 'u-beta' },
  { token: 'h-deleted', alias: 'old-batch-key', inTable: false, inMetadata: true, user: 'u-batch' },
  { token: 'h-vt-only', alias: 'vt-only-key', inTable: true, inMetadata: false, user: 'u-vt' },
  { token: 'h-anon', alias: null, inTable: true, inMetadata: false, user: 'u-anon' },
] as const;

const FAILURES = [
  {
    error_class: 'RateLimitError',
    error_code: '429',
    message:
      'litellm.RateLimitError: AzureException RateLimitError - Requests to the ChatCompletions_Create Operation have exceeded call rate limit',
  },
  {
    error_class: 'InternalServerError',
    error_code: '500',
    message: 'litellm.InternalServerError: AnthropicException - Overloaded',
  },
  {
    error_class: 'Timeout',
    error_code: '408',
    message: 'litellm.Timeout: Connection timed out after 600.0 seconds.',
  },
] as const;
const PROXY_FAILURES = [
  {
    error_class: 'ProxyException',
    error_code: '401',
    message: 'Authentication Error, Invalid proxy server token passed.',
  },
  {
    error_class: 'BudgetExceededError',
    error_code: '400',
    message: 'Budget has been exceeded! Current cost: 10.2, Max budget: 10.0',
  },
] as const;

/**
 * A LiteLLM_SpendLogs row as the proxy's spend-log writer fills it: the demo's row type (the same
 * schema.prisma columns), less the columns this fixture leaves to their defaults, plus cache_hit.
 */
type SpendRow = Pick<
  SpendLogRow,
  | 'request_id'
  | 'call_type'
  | 'api_key'
  | 'spend'
  | 'total_tokens'
  | 'prompt_tokens'
  | 'completion_tokens'
  | 'startTime'
  | 'endTime'
  | 'request_duration_ms'
  | 'model'
  | 'model_group'
  | 'custom_llm_provider'
  | 'api_base'
  | 'user'
  | 'metadata'
  | 'status'
> & { cache_hit: string };

export interface UpstreamData {
  spendLogs: SpendRow[];
  errorLogs: ErrorLogRow[]; // the demo writes the same columns (schema.prisma's LiteLLM_ErrorLogs)
}

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const HOUR = 3_600_000;

/** The rows, the same on every run (fixed seed; ErrorLogs ids are random as upstream's are, and matter to nothing). */
export function upstreamData(version: UpstreamVersion): UpstreamData {
  const rnd = new Random(19);
  const data: UpstreamData = { spendLogs: [], errorLogs: [] };
  const start = Date.parse(WEEK.from);
  let n = 0;
  const request = (at: number, kind: string, key: (typeof KEYS)[number], group: Group | null) => {
    const deployments = group ? DEPLOYMENTS[group] : null;
    const served = deployments ? rnd.pick(deployments) : null;
    const durationMs = rnd.int(300, 9000);
    const id = `chatcmpl-${(++n).toString(16).padStart(6, '0')}`;
    const metadata: Record<string, unknown> = {
      user_api_key: key.token,
      user_api_key_alias: key.inMetadata ? key.alias : null,
      user_api_key_team_alias: key.user === 'u-batch' ? 'batch' : 'core',
      user_api_key_user_id: key.user,
      status: 'success',
    };
    const row: SpendRow = {
      request_id: id,
      call_type: 'acompletion',
      api_key: key.token,
      spend: 0,
      total_tokens: 0,
      prompt_tokens: 0,
      completion_tokens: 0,
      startTime: sqlTime(at),
      endTime: sqlTime(at + durationMs),
      request_duration_ms: durationMs,
      model: served?.model ?? '',
      model_group: group ?? '',
      custom_llm_provider: served?.provider ?? '',
      api_base: served?.api_base ?? '',
      user: key.user,
      metadata,
      cache_hit: '',
      status: 'success',
    };
    const attempt = (deployment: Deployment, failure: (typeof FAILURES)[number], offsetMs: number) =>
      data.errorLogs.push({
        request_id: randomUUID(),
        startTime: sqlTime(at + offsetMs),
        endTime: sqlTime(at + offsetMs + 200),
        api_base: deployment.api_base,
        model_group: group!,
        litellm_model_name: deployment.model,
        model_id: `model-id-${deployment.model}`,
        request_kwargs: { model: deployment.model, metadata: { model_group: group } },
        exception_type: failure.error_class,
        exception_string: failure.message,
        status_code: failure.error_code,
      });
    const fail = (f: { error_class: string; error_code: string; message: string }) => {
      row.status = 'failure';
      metadata.status = 'failure';
      metadata.error_information = {
        error_class: f.error_class,
        error_code: f.error_code,
        error_message: f.message,
        llm_provider: served?.provider ?? '',
        traceback: 'Traceback (most recent call last): ...',
      };
    };
    if (kind === 'success' || kind === 'cache' || kind === 'rescued') {
      row.prompt_tokens = rnd.int(50, 2000);
      row.completion_tokens = rnd.int(10, 800);
      row.total_tokens = row.prompt_tokens + row.completion_tokens;
      row.spend = kind === 'cache' ? 0 : Math.round(row.total_tokens * 0.00001 * 1e6) / 1e6;
      if (kind === 'cache') row.cache_hit = 'True';
      if (kind === 'rescued') {
        // The router retried or fell back: the failed attempts are logged, the request succeeded.
        const failure = FAILURES[0];
        for (let i = rnd.int(1, 2); i > 0; i--) attempt(rnd.pick(deployments!), failure, 50 * i);
      }
    } else if (kind === 'failed') {
      const failure = rnd.pick(FAILURES);
      fail(failure);
      for (let i = rnd.int(1, 3); i > 0; i--)
        attempt(rnd.pick(deployments!), failure, Math.min(durationMs - 250, 100 * i));
    } else {
      fail(rnd.pick(PROXY_FAILURES));
    }
    // Rows written before the status column was filled (newest schema only): NULL, metadata.status.
    if (version === 'newest' && row.status === 'failure' && n % 7 === 0) row.status = null;
    data.spendLogs.push(row);
  };
  const kinds = [
    { kind: 'success', weight: 50 },
    { kind: 'cache', weight: 8 },
    { kind: 'rescued', weight: 12 },
    { kind: 'failed', weight: 18 },
    { kind: 'proxy', weight: 8 },
  ];
  for (let day = 0; day < 7; day++) {
    for (let i = 0; i < 40; i++) {
      const at = start + day * 24 * HOUR + rnd.int(0, 24 * 60 - 1) * 60_000 + rnd.int(0, 59) * 1000;
      const { kind } = rnd.weighted(kinds);
      const group: Group | null =
        kind === 'proxy' && rnd.chance(0.5) ? null : rnd.pick(['gpt-4o', 'claude-3-5-sonnet'] as const);
      request(at, kind, rnd.pick(KEYS), group);
    }
  }
  // A busier afternoon inside the window, so four hours hold every shape.
  for (let i = 0; i < 16; i++) {
    const { kind } = rnd.weighted(kinds);
    request(
      Date.parse(WINDOW.from) + rnd.int(1, 4 * 60 - 1) * 60_000,
      kind,
      rnd.pick(KEYS),
      kind === 'proxy' ? null : rnd.pick(['gpt-4o', 'claude-3-5-sonnet'] as const),
    );
  }
  // On the window's edges: a failed request at its first instant (in) and one at its end (out).
  request(Date.parse(WINDOW.from), 'failed', KEYS[0], 'gpt-4o');
  request(Date.parse(WINDOW.to), 'failed', KEYS[1], 'gpt-4o');
  return data;
}

/** LiteLLM_DailyUserSpend as the daily update writes it, from the SpendLogs rows; one aggregate row lost on `lostDay`. */
function dailyRows(rows: SpendRow[], lostDay: string) {
  const out = new Map<string, Record<string, string | number>>();
  for (const r of rows) {
    const date = r.startTime.slice(0, 10);
    const key = [r.user, date, r.api_key, r.model, r.custom_llm_provider].join('|');
    const d = out.get(key) ?? {
      id: randomUUID(),
      user_id: r.user,
      date,
      api_key: r.api_key,
      model: r.model,
      model_group: r.model_group,
      custom_llm_provider: r.custom_llm_provider,
      prompt_tokens: 0,
      completion_tokens: 0,
      spend: 0,
      api_requests: 0,
      successful_requests: 0,
      failed_requests: 0,
    };
    const failed = (r.status ?? r.metadata.status) !== 'success';
    d.prompt_tokens = Number(d.prompt_tokens) + r.prompt_tokens;
    d.completion_tokens = Number(d.completion_tokens) + r.completion_tokens;
    d.spend = Number(d.spend) + r.spend;
    d.api_requests = Number(d.api_requests) + 1;
    d.successful_requests = Number(d.successful_requests) + (failed ? 0 : 1);
    d.failed_requests = Number(d.failed_requests) + (failed ? 1 : 0);
    out.set(key, d);
  }
  const list = [...out.values()];
  const lost = list.findIndex((d) => d.date === lostDay && Number(d.api_requests) > 1);
  return list.filter((_, i) => i !== lost);
}

/** The day before the week: only a daily row of the key `h-gone`, which nothing else remembers. */
export const GONE_DAY = '2026-03-01';

/** The alias every basis must show for each key (DESIGN §2): `h-deleted` keeps its metadata's. */
export const KEY_ALIASES: Record<string, string | null> = {
  ...Object.fromEntries(KEYS.map((k) => [k.token, k.alias])),
  'h-gone': '(deleted key …gone)',
};

/** The day whose daily aggregate lost a row (SpendLogs still holds every request of it). */
export const LOST_DAY = '2026-03-05';

export async function loadUpstream(exec: Exec, version: UpstreamVersion): Promise<UpstreamData> {
  const data = upstreamData(version);
  for (const statement of litellmDdl({ withStatusColumn: version === 'newest', withDailyTables: true }).split(
    ';\n',
  ))
    await exec(statement);
  if (version === 'baseline2025') {
    for (const column of ['request_duration_ms', 'mcp_namespaced_tool_name', 'agent_id'])
      await exec(`ALTER TABLE "LiteLLM_SpendLogs" DROP COLUMN ${column}`);
  }
  const spendColumns = [
    'request_id',
    'call_type',
    'api_key',
    'spend',
    'total_tokens',
    'prompt_tokens',
    'completion_tokens',
    'startTime',
    'endTime',
    'model',
    'model_group',
    'custom_llm_provider',
    'api_base',
    'user',
    'metadata',
    'cache_hit',
    ...(version === 'newest' ? (['request_duration_ms', 'status'] as const) : []),
  ] as const;
  await insertRows(exec, 'LiteLLM_SpendLogs', data.spendLogs, spendColumns, {
    metadata: 'jsonb',
    startTime: 'timestamp',
    endTime: 'timestamp',
  });
  await insertErrorLogs(exec, data.errorLogs);
  const tokens = KEYS.filter((k) => k.inTable).map((k) => ({
    token: k.token,
    key_name: `sk-...${k.token.slice(-4)}`,
    key_alias: k.alias,
    user_id: k.user,
  }));
  await insertRows(exec, 'LiteLLM_VerificationToken', tokens, ['token', 'key_name', 'key_alias', 'user_id']);
  if (version === 'newest') {
    await exec(
      `CREATE TABLE "LiteLLM_DeletedVerificationToken" (id text PRIMARY KEY, token text NOT NULL, key_name text, key_alias text, deleted_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
    );
    await insertRows(
      exec,
      'LiteLLM_DeletedVerificationToken',
      [
        {
          id: randomUUID(),
          token: 'h-deleted',
          key_name: 'sk-...eted',
          key_alias: 'old-batch-key',
          deleted_at: '2026-03-08 09:00:00',
        },
      ],
      ['id', 'token', 'key_name', 'key_alias', 'deleted_at'],
      { deleted_at: 'timestamp' },
    );
  }
  const gone = {
    id: randomUUID(),
    user_id: 'u-gone',
    date: GONE_DAY,
    api_key: 'h-gone',
    model: 'azure/gpt-4o-eu',
    model_group: 'gpt-4o',
    custom_llm_provider: 'azure',
    prompt_tokens: 100,
    completion_tokens: 20,
    spend: 0.01,
    api_requests: 3,
    successful_requests: 2,
    failed_requests: 1,
  };
  await insertRows(
    exec,
    'LiteLLM_DailyUserSpend',
    [...dailyRows(data.spendLogs, LOST_DAY), gone],
    [
      'id',
      'user_id',
      'date',
      'api_key',
      'model',
      'model_group',
      'custom_llm_provider',
      'prompt_tokens',
      'completion_tokens',
      'spend',
      'api_requests',
      'successful_requests',
      'failed_requests',
    ],
  );
  return data;
}
