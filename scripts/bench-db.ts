/**
 * A LiteLLM database at a busy gateway's size, generated inside PostgreSQL (generate_series, no row
 * crosses from Node): SpendLogs over `days` days ending at `end`, a share of them failed (with
 * LiteLLM's error_information and a Python traceback in metadata), ErrorLogs twins for most failures
 * plus ErrorLogs-only rows (requests rejected before a SpendLogs row is written), chat messages JSON,
 * and LiteLLM's own indexes only (ErrorLogs has none on "startTime"). Deterministic: row i's values
 * are hashes of i, so every run and every importer (scripts/bench-*.ts) sees the same data.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { litellmDdl } from '../electron/engine/sources/litellm/ddl.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../electron/test-support/pg-server.ts';

export interface BenchDbOptions {
  spendLogs: number;
  days: number;
  /** End of the data, epoch ms (the newest row is just before it). */
  end: number;
  /** Share of SpendLogs rows that failed. */
  failureRate: number;
  /** Share of failures that also have an ErrorLogs row. */
  twinRate: number;
  /** ErrorLogs rows without a SpendLogs row, as a share of the failures. */
  errorOnlyRate: number;
}

export const BENCH_DB_DEFAULTS: BenchDbOptions = {
  spendLogs: 1_000_000,
  days: 7,
  end: Date.UTC(2026, 2, 10, 12),
  failureRate: 0.05,
  twinRate: 0.6,
  errorOnlyRate: 0.1,
};

/** Bumped whenever the generated data changes, so a cached database is regenerated. */
const GENERATOR_VERSION = 4;

export const KEY_ALIASES = [
  'support-bot',
  'search-backend',
  'batch-jobs',
  'mobile-app',
  'web-chat',
  'data-science',
  'eval-harness',
  'internal-tools',
  'billing-agent',
  'docs-qa',
  'voice-assistant',
  'partner-acme',
];
export const MODEL_GROUPS = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-3-5-sonnet',
  'gemini-1.5-pro',
  'llama-3.1-70b',
  'o3-mini',
];
const TEAMS = ['platform', 'growth', 'research', 'support'];

const sqlArray = (values: readonly string[]) => `(ARRAY[${values.map((v) => `'${v}'`).join(', ')}])`;

/**
 * Error kinds: class, status code, message (SQL over `h`, a non-negative hash of the row, and `rid`,
 * its request id). Numbers, ids and hashes vary per row, as in real gateway logs.
 */
const ERROR_KINDS: { cls: string; code: string; message: string }[] = [
  {
    cls: 'RateLimitError',
    code: '429',
    message: `format('litellm.RateLimitError: AzureException RateLimitError - Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-06-01 have exceeded token rate limit of your current tier. Please retry after %s seconds. Received Model Group=%s', 1 + h % 60, grp)`,
  },
  {
    cls: 'Timeout',
    code: '408',
    message: `format('litellm.Timeout: APITimeoutError - Request timed out. Timeout passed=600.0, time taken=%s seconds', round((600 + (h % 9000) / 100.0)::numeric, 2))`,
  },
  {
    cls: 'ContextWindowExceededError',
    code: '400',
    message: `format('litellm.ContextWindowExceededError: litellm.BadRequestError: OpenAIException - This model''s maximum context length is 128000 tokens. However, your messages resulted in %s tokens. Please reduce the length of the messages.', 128001 + h % 90000)`,
  },
  {
    cls: 'InternalServerError',
    code: '500',
    message: `format('litellm.InternalServerError: OpenAIException - Error code: 500 - The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through our help center if the error persists. (Please include the request ID %s in your message.)', 'req_' || substr(md5(rid), 1, 24))`,
  },
  {
    cls: 'APIConnectionError',
    code: '500',
    message: `format('litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error to http://10.%s.%s.%s:8000/v1/chat/completions. Received Model Group=%s Available Model Group Fallbacks=None LiteLLM Retried: %s times, LiteLLM Max Retries: 3', h % 250, (h / 7) % 250, 1 + (h / 11) % 250, grp, 1 + h % 3)`,
  },
  {
    cls: 'ServiceUnavailableError',
    code: '503',
    message: `format('litellm.ServiceUnavailableError: No deployments available for selected model, Try again in %s seconds. Passed model=%s. pre-call-checks=False, cooldown_list=[(''%s'', {''exception_received'': ''litellm.RateLimitError'', ''status_code'': ''429''})]', 5 + h % 55, grp, md5(grp || (h % 4)))`,
  },
  {
    cls: 'BadRequestError',
    code: '400',
    message: `format('litellm.BadRequestError: AzureException BadRequestError - The response was filtered due to the prompt triggering Azure OpenAI''s content management policy. Please modify your prompt and retry. content_filter_result: {''hate'': {''filtered'': False}, ''jailbreak'': {''filtered'': True, ''detected'': True}} request_id=%s', substr(md5(rid || 'x'), 1, 32))`,
  },
  {
    cls: 'AuthenticationError',
    code: '401',
    message: `format('litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}} Key Hash (Token) =%s', md5(grp) || md5(grp || 'k'))`,
  },
];

/** Deterministic hashes of i, each in [0, 2^31). */
const hash = (salt: number) => `(hashint8(i * 131 + ${salt}) & 2147483647)`;

function spendInsertSql(o: BenchDbOptions): string {
  const span = o.days * 86_400;
  const fromSec = o.end / 1000 - span;
  const kinds = ERROR_KINDS.map((k, n) => `WHEN ${n} THEN ${k.message}`).join('\n        ');
  const classes = sqlArray(ERROR_KINDS.map((k) => k.cls));
  const codes = sqlArray(ERROR_KINDS.map((k) => k.code));
  const failPerMille = Math.round(o.failureRate * 1000);
  return `INSERT INTO "LiteLLM_SpendLogs" (request_id, api_key, spend, total_tokens, prompt_tokens, completion_tokens,
    "startTime", "endTime", request_duration_ms, "completionStartTime", model, model_id, model_group, custom_llm_provider,
    api_base, "user", metadata, team_id, requester_ip_address, messages, response, status)
SELECT rid, md5('key-' || kix), CASE WHEN failed THEN 0 ELSE (ptok * 0.0000025 + ctok * 0.00001) END,
       CASE WHEN failed THEN 0 ELSE ptok + ctok END, ptok, CASE WHEN failed THEN 0 ELSE ctok END,
       st, st + make_interval(secs => dur / 1000.0), dur, CASE WHEN failed THEN NULL ELSE st + interval '300 ms' END,
       'azure/' || grp || '-eu', md5(grp || 'deployment'), grp, 'azure', 'https://contoso-eu.openai.azure.com/', '',
       jsonb_build_object(
         'user_api_key_alias', ${sqlArray(KEY_ALIASES)}[kix + 1],
         'user_api_key_team_alias', ${sqlArray(TEAMS)}[kix % 4 + 1],
         'user_api_key_hash', md5('key-' || kix),
         'user_api_key_user_id', 'user-' || (h % 5000),
         'requester_ip_address', '10.1.' || (h % 250) || '.' || ((h / 3) % 250),
         'model_group', grp,
         'hidden_params', jsonb_build_object('litellm_call_id', rid, 'api_base', 'https://contoso-eu.openai.azure.com/', 'response_cost', 0.0012),
         'status', CASE WHEN failed THEN 'failure' ELSE 'success' END,
         'error_information', CASE WHEN failed THEN jsonb_build_object(
            'error_class', ${classes}[kind + 1], 'error_code', ${codes}[kind + 1],
            'error_message', msg, 'llm_provider', 'azure',
            'traceback', format(E'Traceback (most recent call last):\\n  File "/usr/lib/python3.11/site-packages/litellm/main.py", line %s, in acompletion\\n    response = await init_response\\n  File "/usr/lib/python3.11/site-packages/litellm/llms/azure/azure.py", line %s, in acompletion\\n    raise AzureOpenAIError(status_code=%s, message=str(e))\\nlitellm.llms.azure.common_utils.AzureOpenAIError: %s', 400 + h % 200, 600 + h % 300, ${codes}[kind + 1], ${classes}[kind + 1]))
           ELSE NULL END),
       'team-' || (kix % 4), '10.1.' || (h % 250) || '.' || ((h / 3) % 250),
       jsonb_build_array(
         jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant for Acme Corp. Answer concisely, cite the knowledge base article ids you used, and never reveal internal notes.'),
         jsonb_build_object('role', 'user', 'content', format('Ticket %s: customer %s reports that the export of invoice batch %s fails with a timeout after about %s seconds when more than %s line items are selected. They are on plan %s and tried both the web app and the API. Summarise the likely cause, list what to check in the logs, and draft a short reply that sets expectations about a fix. Previous conversation: the customer already cleared caches and retried from another network; the problem persists for every batch above the threshold but smaller batches work.', h % 100000, md5(rid), h % 9000, 30 + h % 90, 100 + h % 900, ${sqlArray(TEAMS)}[h % 4 + 1]))),
       CASE WHEN failed THEN '{}'::jsonb ELSE jsonb_build_object('id', 'chatcmpl-' || substr(md5(rid), 1, 20), 'object', 'chat.completion') END,
       CASE WHEN failed THEN 'failure' ELSE 'success' END
  FROM generate_series(1, ${o.spendLogs}) AS i,
       LATERAL (SELECT ${hash(1)} AS h, ${hash(2)} AS h2, ${hash(3)} AS h3) hs,
       -- An incident for the spike detector: key batch-jobs rate-limited for two hours, a day and a half before the end.
       LATERAL (SELECT (h2 / 7) % ${KEY_ALIASES.length} = 2
                       AND i BETWEEN ${Math.round(o.spendLogs * (1 - 36 / (o.days * 24)))} AND ${Math.round(o.spendLogs * (1 - 34 / (o.days * 24)))} AS spike) sp,
       LATERAL (SELECT 'chatcmpl-' || md5('r' || i) AS rid,
                       to_timestamp(${fromSec} + (i - 1) * ${span}::float8 / ${o.spendLogs} + (h % 1000) / 1000.0) AT TIME ZONE 'UTC' AS st,
                       ${sqlArray(MODEL_GROUPS)}[(h2 % 6) + 1] AS grp,
                       (h2 / 7) % ${KEY_ALIASES.length} AS kix,
                       (h3 % 1000) < ${failPerMille} OR (spike AND h3 % 10 < 4) AS failed,
                       CASE WHEN spike THEN 0 ELSE (h3 / 1000) % ${ERROR_KINDS.length} END AS kind,
                       200 + h % 4000 AS ptok, 20 + (h / 5) % 800 AS ctok,
                       300 + (h / 13) % 9000 AS dur) v,
       LATERAL (SELECT CASE WHEN failed THEN CASE kind
        ${kinds}
       END END AS msg) m`;
}

/** Twins: the failed SpendLogs rows whose hash says so, with LiteLLM's longer exception string. */
function twinInsertSql(o: BenchDbOptions): string {
  const perMille = Math.round(o.twinRate * 1000);
  return `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", api_base, model_group, litellm_model_name,
    model_id, request_kwargs, exception_type, exception_string, status_code)
SELECT s.request_id, s."startTime", s."endTime", s.api_base, s.model_group, s.model, s.model_id,
       jsonb_build_object('model', s.model_group, 'stream', false, 'max_tokens', 1024),
       s.metadata->'error_information'->>'error_class',
       'litellm.proxy.proxy_server.chat_completion(): Exception occured - ' || (s.metadata->'error_information'->>'error_message'),
       s.metadata->'error_information'->>'error_code'
  FROM "LiteLLM_SpendLogs" s
 WHERE s.status = 'failure' AND (hashtext(s.request_id) & 1023) < ${Math.round((perMille * 1024) / 1000)}`;
}

/** Requests refused before LiteLLM wrote a SpendLogs row: budget and key errors, ErrorLogs only. */
function errorOnlyInsertSql(o: BenchDbOptions): string {
  const count = Math.round(o.spendLogs * o.failureRate * o.errorOnlyRate);
  const span = o.days * 86_400;
  return `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", model_group, litellm_model_name,
    exception_type, exception_string, status_code)
SELECT 'err-' || md5('e' || i), st, st + interval '40 ms', grp, 'azure/' || grp || '-eu',
       CASE WHEN h % 2 = 0 THEN 'BudgetExceededError' ELSE 'AuthenticationError' END,
       CASE WHEN h % 2 = 0
            THEN format('Budget has been exceeded! Current cost: %s, Max budget: 100.0', round((100 + (h % 10000) / 100.0)::numeric, 2))
            ELSE format('Authentication Error, Invalid proxy server token passed. Received API Key = sk-...%s, Key Hash (Token) =%s. Unable to find token in cache or LiteLLM_VerificationTokenTable', substr(md5('k' || h), 1, 4), md5('t' || h) || md5('u' || h)) END,
       CASE WHEN h % 2 = 0 THEN '400' ELSE '401' END
  FROM generate_series(1, ${count}) AS i,
       LATERAL (SELECT ${hash(9)} AS h) hs,
       LATERAL (SELECT to_timestamp(${o.end / 1000 - span} + (i - 0.5) * ${span}::float8 / ${count}) AT TIME ZONE 'UTC' AS st,
                       ${sqlArray(MODEL_GROUPS)}[(h / 3) % 6 + 1] AS grp) v`;
}

function tokenInsertSql(): string {
  return `INSERT INTO "LiteLLM_VerificationToken" (token, key_name, key_alias, team_id)
SELECT md5('key-' || k), 'sk-...' || substr(md5('n' || k), 1, 4), (${sqlArray(KEY_ALIASES)})[k + 1], 'team-' || (k % 4)
  FROM generate_series(0, ${KEY_ALIASES.length - 1}) AS k`;
}

/** Creates the tables in `url`'s database and fills them; ends with VACUUM ANALYZE, as autovacuum would. */
export async function generateBenchDb(
  url: string,
  options: Partial<BenchDbOptions> = {},
): Promise<BenchDbOptions> {
  const o = { ...BENCH_DB_DEFAULTS, ...options };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of litellmDdl().split(';\n')) await client.query(statement);
    await client.query(spendInsertSql(o));
    await client.query(twinInsertSql(o));
    await client.query(errorOnlyInsertSql(o));
    await client.query(tokenInsertSql());
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return o;
}

export interface BenchServer {
  server: TestPostgres;
  database: string;
  url: string;
  options: BenchDbOptions;
  /** True when the database came from the cache. */
  cached: boolean;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL holding the bench database. With `cacheDir`, the whole server folder is kept
 * there after the first run (keyed by the options and the generator version) and reused; without it,
 * or when the cache does not match, the data is generated afresh.
 */
export async function startBenchServer(
  options: Partial<BenchDbOptions> = {},
  cacheDir: string | null = join(tmpdir(), 'logdesk-bench-cache'),
): Promise<BenchServer> {
  const o = { ...BENCH_DB_DEFAULTS, ...options };
  const key = JSON.stringify({ v: GENERATOR_VERSION, ...o });
  const database = 'litellm_bench';
  const keyFile = cacheDir ? join(cacheDir, 'key.json') : null;
  const reuse = keyFile !== null && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
  const server = await startPostgres(reuse && cacheDir ? { reuseDir: join(cacheDir, 'server') } : {});
  const handle = (cached: boolean): BenchServer => ({
    server,
    database,
    url: server.url(database),
    options: o,
    cached,
    stop: async () => (cached || cacheDir ? server.stop() : destroyPostgres(server)),
  });
  if (reuse) return handle(true);
  await server.createDatabase(database);
  await generateBenchDb(server.url(database), o);
  if (!cacheDir) return handle(false);
  // Move the freshly generated server into the cache, then serve from there.
  await server.stop();
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const { renameSync } = await import('node:fs');
  renameSync(server.dir, join(cacheDir, 'server'));
  writeFileSync(keyFile!, key);
  const again = await startPostgres({ reuseDir: join(cacheDir, 'server') });
  return {
    server: again,
    database,
    url: again.url(database),
    options: o,
    cached: false,
    stop: () => again.stop(),
  };
}
