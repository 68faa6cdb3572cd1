import type { Exec } from '../engine/demo/loader.ts';
import { insertRows } from '../engine/demo/loader.ts';
import { litellmDdl } from '../engine/sources/litellm/ddl.ts';
import { HOSTILE_CELLS } from './hostile-values.ts';

/** Errors in [10:00, 12:00) UTC on 2026-03-10, plus rows outside it that a report must not include. */
export const REPORT_RANGE = { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z' };

/**
 * Secrets planted in the data and in the settings: none may appear in any report file. Some have a
 * recognisable shape (sk-…, Bearer, a URL password); others are plain words only the engine knows.
 */
export const PLANTED = {
  openaiKey: 'sk-proj-PLANTEDkey0123456789abcdef',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.cGxhbnRlZA.PLANTEDsig',
  dbUrlPassword: 'Pl4nted-DB-pass',
  apiBasePassword: 'ApiBasePlanted99',
  /** The password of the database user the report reads with (in the --url). */
  sourcePassword: 'S0urce-Planted-pw',
  /** LOGDESK_LLM_API_KEY: a shape no pattern knows. */
  llmKey: 'llmkey_PLANTED_0123456789',
  /** LOGDESK_SECRET_PROD, a saved profile's password. */
  profileSecret: 'profile-PLANTED-secret',
  email: 'oncall.planted@acme.example',
};

const MODELS = [
  ['gpt-4o', 'azure/gpt-4o-eu'],
  ['gpt-4o-mini', 'openai/gpt-4o-mini'],
  ['claude-3-5-sonnet', 'anthropic/claude-3-5-sonnet'],
] as const;
const KEYS = ['support-bot', 'search-backend', "o'brien-notebook"];
const TYPES = [
  ['RateLimitError', '429', 'Rate limit reached for gpt-4o, retry after {n} ms'],
  ['Timeout', '408', 'Request timed out after {n} seconds'],
  ['InternalServerError', '500', 'Overloaded (request {n})'],
] as const;

interface SpendRow {
  request_id: string;
  startTime: string;
  endTime: string;
  model: string;
  model_group: string;
  api_base: string;
  status: string;
  metadata: Record<string, unknown>;
}

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function failure(
  id: string,
  ms: number,
  i: number,
  message: string,
  extra: Partial<SpendRow> = {},
): SpendRow {
  const [group, deployment] = MODELS[i % MODELS.length]!;
  const [errorClass, code] = TYPES[i % TYPES.length]!;
  return {
    request_id: id,
    startTime: sqlTime(ms),
    endTime: sqlTime(ms + 1_500),
    model: deployment,
    model_group: group,
    api_base: 'https://api.openai.com/v1',
    status: 'failure',
    metadata: {
      user_api_key_alias: KEYS[i % KEYS.length],
      user_api_key_team_alias: 'platform',
      status: 'failure',
      error_information: {
        error_class: errorClass,
        error_code: code,
        error_message: message,
        llm_provider: 'openai',
      },
    },
    ...extra,
  };
}

/** Request ids of the rows whose message is one of HOSTILE_CELLS, in that order. */
export const hostileId = (i: number) => `hostile-${String(i).padStart(2, '0')}`;
export const SECRET_IDS = ['secret-key', 'secret-bearer', 'secret-plain', 'secret-apibase', 'secret-elog'];

/**
 * `bulk` generated failures (with a burst at 11:00 so the report finds a spike), the hostile and the
 * secret-bearing rows, one success and errors outside the range.
 */
export async function loadReportFixture(exec: Exec, bulk: number): Promise<{ inRange: number }> {
  for (const statement of litellmDdl().split(';\n')) await exec(statement);
  const from = Date.parse(REPORT_RANGE.from);
  const span = Date.parse(REPORT_RANGE.to) - from;
  const rows: SpendRow[] = [];
  for (let i = 0; i < bulk; i++) {
    // A third of the rows fall in the 11:00–11:10 burst.
    const ms = i % 3 === 0 ? from + 3_600_000 + ((i * 7919) % 600_000) : from + ((i * 104_729) % span);
    const template = TYPES[i % TYPES.length]![2];
    rows.push(
      failure(`bulk-${String(i).padStart(6, '0')}`, ms, i, template.replace('{n}', String((i * 31) % 997))),
    );
  }
  HOSTILE_CELLS.forEach((cell, i) => rows.push(failure(hostileId(i), from + 60_000 + i * 1000, i, cell)));
  rows.push(
    failure(
      'secret-key',
      from + 120_000,
      0,
      `Incorrect API key provided: ${PLANTED.openaiKey}. Contact ${PLANTED.email}`,
    ),
    failure(
      'secret-bearer',
      from + 121_000,
      1,
      `upstream said 401 for header Authorization: Bearer ${PLANTED.bearer}`,
    ),
    failure(
      'secret-plain',
      from + 122_000,
      2,
      `login failed, tried ${PLANTED.sourcePassword} then ${PLANTED.profileSecret}`,
    ),
    failure('secret-apibase', from + 123_000, 0, 'Connection refused', {
      api_base: `https://proxyuser:${PLANTED.apiBasePassword}@proxy.internal.example/v1`,
    }),
    // Issue 19: failed requests are SpendLogs rows; this secret rides in one (an ErrorLogs attempt carries it too, below).
    failure(
      'secret-elog',
      from + 124_000,
      0,
      `could not reach postgresql://admin:${PLANTED.dbUrlPassword}@db.internal:5432/litellm from 10.1.2.3`,
    ),
    failure('outside-before', from - 1, 0, 'before the range'),
    failure('outside-after', from + span, 0, 'at the end of the range: excluded'),
    { ...failure('ok-1', from + 200_000, 0, ''), status: 'success', metadata: { status: 'success' } },
  );
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    rows,
    ['request_id', 'startTime', 'endTime', 'model', 'model_group', 'api_base', 'status', 'metadata'],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp' },
  );
  await insertRows(
    exec,
    'LiteLLM_ErrorLogs',
    [
      {
        // ErrorLogs ids are LiteLLM's own uuid4s (proxy_failure_handler.py), never a SpendLogs id.
        request_id: '5d0c1f3a-2b4e-4c6d-8e9f-0a1b2c3d4e5f',
        startTime: sqlTime(from + 124_000),
        endTime: sqlTime(from + 125_000),
        model_group: 'gpt-4o',
        litellm_model_name: 'azure/gpt-4o-eu',
        exception_type: 'APIConnectionError',
        exception_string: `could not reach postgresql://admin:${PLANTED.dbUrlPassword}@db.internal:5432/litellm from 10.1.2.3`,
        status_code: '500',
      },
    ],
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
  return { inRange: bulk + HOSTILE_CELLS.length + SECRET_IDS.length };
}
