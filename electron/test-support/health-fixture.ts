import { insertRows, type Exec } from '../engine/demo/loader.ts';
import { litellmDdl } from '../engine/sources/litellm/ddl.ts';

/**
 * A small, healthy LiteLLM database for the health check (issue #25): three hours of steady traffic,
 * two requests a minute, in [2026-03-10T09:00Z, 12:00Z). Tables as LiteLLM's schema.prisma creates them
 * (litellm/ddl.ts); SpendLogs rows with `status` and `metadata.error_information` as
 * litellm/proxy/spend_tracking/spend_tracking_utils.py writes them; ErrorLogs rows with their own
 * random ids as proxy_failure_handler.py does; the daily tables derived from SpendLogs per user (or
 * team), day, key and model, as db_spend_update_writer.py's `_update_daily_spend` upserts them.
 * Each defect is then built on purpose by the test with plain SQL.
 */
export const HEALTH_RANGE = { from: '2026-03-10T09:00:00.000Z', to: '2026-03-10T12:00:00.000Z' };
export const KEYS = [
  { token: 'hash-alpha', alias: 'alpha', user: 'user-a', team: 'team-a' },
  { token: 'hash-beta', alias: 'beta', user: 'user-b', team: 'team-b' },
];
export const MODELS = [
  { model: 'azure/gpt-4o-eu', group: 'gpt-4o', provider: 'azure' },
  { model: 'openai/gpt-4o-mini', group: 'gpt-4o-mini', provider: 'openai' },
];
const MINUTES = 180;
/** Every 40th request fails: 9 failed requests in the range. */
export const FAILED_EVERY = 40;
export const FAILURES = (MINUTES * 2) / FAILED_EVERY;

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function spendRows() {
  const start = Date.parse(HEALTH_RANGE.from);
  return Array.from({ length: MINUTES * 2 }, (_, i) => {
    const at = start + Math.floor(i / 2) * 60_000 + (i % 2) * 20_000;
    const key = KEYS[i % 2]!;
    const m = MODELS[Math.floor(i / 2) % 2]!;
    const failed = i % FAILED_EVERY === FAILED_EVERY - 1;
    return {
      request_id: `chatcmpl-${String(i).padStart(4, '0')}`,
      api_key: key.token,
      user: key.user,
      team_id: key.team,
      model: m.model,
      model_group: m.group,
      custom_llm_provider: m.provider,
      startTime: sqlTime(at),
      endTime: sqlTime(at + 1500),
      prompt_tokens: failed ? 0 : 100 + (i % 7),
      completion_tokens: failed ? 0 : 40,
      total_tokens: failed ? 0 : 140 + (i % 7),
      spend: failed ? 0 : 0.001,
      status: failed ? 'failure' : 'success',
      metadata: failed
        ? {
            user_api_key_alias: key.alias,
            error_information: {
              error_class: 'RateLimitError',
              error_code: '429',
              error_message: 'Rate limit reached',
              llm_provider: m.provider,
            },
          }
        : { user_api_key_alias: key.alias },
    };
  });
}

/** The daily tables from SpendLogs, one upsert per row, each at its own second (no flush near the limit). */
export const DERIVE_DAILY = ['user', 'team'].map((owner) => {
  const table = owner === 'user' ? 'LiteLLM_DailyUserSpend' : 'LiteLLM_DailyTeamSpend';
  const column = owner === 'user' ? '"user"' : 'team_id';
  return `INSERT INTO "${table}" (id, ${owner}_id, date, api_key, model, model_group, custom_llm_provider, prompt_tokens, completion_tokens,
            spend, api_requests, successful_requests, failed_requests, created_at, updated_at)
     SELECT '${owner}-' || row_number() OVER (), ${column}, to_char("startTime", 'YYYY-MM-DD'), api_key, model, max(model_group), max(custom_llm_provider),
            sum(prompt_tokens), sum(completion_tokens), sum(spend), count(*), count(*) FILTER (WHERE status = 'success'),
            count(*) FILTER (WHERE status <> 'success'),
            '2026-03-10 12:00:00'::timestamp + row_number() OVER () * interval '1 second',
            '2026-03-10 12:00:00'::timestamp + row_number() OVER () * interval '1 second'
       FROM "LiteLLM_SpendLogs" GROUP BY ${column}, to_char("startTime", 'YYYY-MM-DD'), api_key, model`;
});

/**
 * Creates the tables and the healthy rows; `beforeDaily` runs before the daily tables are derived
 * (what LiteLLM itself wrote into both), `afterDaily` after (what only one side holds).
 */
export async function loadHealthFixture(
  exec: Exec,
  defect: { beforeDaily?: string[]; afterDaily?: string[] } = {},
): Promise<void> {
  for (const statement of litellmDdl({ withDailyTables: true }).split(';\n')) await exec(statement);
  const rows = spendRows();
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    rows,
    [
      'request_id',
      'api_key',
      'user',
      'team_id',
      'model',
      'model_group',
      'custom_llm_provider',
      'startTime',
      'endTime',
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'spend',
      'status',
      'metadata',
    ],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp' },
  );
  const failures = rows.filter((r) => r.status === 'failure');
  await insertRows(
    exec,
    'LiteLLM_ErrorLogs',
    failures.map((r, i) => ({
      request_id: `5f0c${String(i).padStart(4, '0')}-9a41-4c1e-8d2b-1e7a3c9b0d${String(i).padStart(2, '0')}`,
      startTime: r.startTime,
      endTime: r.endTime,
      model_group: r.model_group,
      litellm_model_name: r.model,
      exception_type: 'RateLimitError',
      status_code: '429',
    })),
    [
      'request_id',
      'startTime',
      'endTime',
      'model_group',
      'litellm_model_name',
      'exception_type',
      'status_code',
    ],
    { startTime: 'timestamp', endTime: 'timestamp' },
  );
  await insertRows(
    exec,
    'LiteLLM_VerificationToken',
    KEYS.map((k) => ({ token: k.token, key_alias: k.alias, user_id: k.user, team_id: k.team })),
    ['token', 'key_alias', 'user_id', 'team_id'],
  );
  for (const statement of defect.beforeDaily ?? []) await exec(statement);
  for (const statement of DERIVE_DAILY) await exec(statement);
  for (const statement of defect.afterDaily ?? []) await exec(statement);
}
