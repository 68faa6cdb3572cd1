import type { Exec } from '../engine/demo/loader.ts';
import { insertRows } from '../engine/demo/loader.ts';
import type { DdlOptions } from '../engine/sources/litellm/ddl.ts';
import { loadFixture } from './litellm-fixture.ts';

/**
 * The error fixture (litellm-fixture.ts) plus the traffic edge cases of DESIGN §8: successful
 * requests with and without `request_duration_ms`, streaming (TTFT) and non-streaming rows, zero
 * spend the price table must estimate, cached/reasoning tokens in `usage_object` (and a hostile
 * one), end users and sessions, and rows in the previous period [08:00, 10:00) and just before it.
 */
export const PREVIOUS = { from: '2026-03-10T08:00:00.000Z', to: '2026-03-10T10:00:00.000Z' };

interface TrafficRow {
  request_id: string;
  startTime: string;
  endTime: string;
  request_duration_ms: number | null;
  completionStartTime: string | null;
  status: string | null;
  model: string;
  model_group: string;
  api_base: string;
  end_user: string | null;
  session_id: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  spend: number;
  metadata: Record<string, unknown>;
}

const row = (
  r: Partial<TrafficRow> & Pick<TrafficRow, 'request_id' | 'startTime' | 'endTime'>,
): TrafficRow => ({
  request_duration_ms: null,
  completionStartTime: null,
  status: 'success',
  model: 'azure/gpt-4o-eu',
  model_group: 'gpt-4o',
  api_base: 'https://eu.example/',
  end_user: null,
  session_id: null,
  prompt_tokens: 0,
  completion_tokens: 0,
  total_tokens: 0,
  spend: 0,
  metadata: { user_api_key_alias: 'alpha', user_api_key_team_alias: 'core' },
  ...r,
});

export const TRAFFIC_ROWS: TrafficRow[] = [
  row({
    request_id: 'stream-ok',
    startTime: '2026-03-10 10:45:00',
    endTime: '2026-03-10 10:45:01.200',
    request_duration_ms: 1200,
    completionStartTime: '2026-03-10 10:45:00.300',
    end_user: 'u-1',
    session_id: 's-1',
    prompt_tokens: 1000,
    completion_tokens: 500,
    total_tokens: 1500,
    spend: 0.01,
    metadata: {
      user_api_key_alias: 'alpha',
      user_api_key_team_alias: 'core',
      usage_object: {
        prompt_tokens_details: { cached_tokens: 200 },
        completion_tokens_details: { reasoning_tokens: 50 },
      },
    },
  }),
  row({
    request_id: 'zero-spend',
    startTime: '2026-03-10 10:46:00',
    endTime: '2026-03-10 10:46:08',
    request_duration_ms: 8000,
    completionStartTime: '2026-03-10 10:46:08',
    model: 'openai/gpt-4o',
    api_base: 'https://us.example/',
    end_user: 'u-2',
    session_id: 's-1',
    prompt_tokens: 2000,
    completion_tokens: 100,
    total_tokens: 2100,
    metadata: { user_api_key_alias: 'beta', usage_object: { cache_read_input_tokens: 30 } },
  }),
  row({
    request_id: 'no-duration',
    startTime: '2026-03-10 11:50:00',
    endTime: '2026-03-10 11:50:02.500',
    model: 'ollama/llama-local',
    model_group: 'llama-local',
    api_base: 'http://10.0.0.9:11434',
    end_user: 'u-1',
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    metadata: {
      user_api_key_alias: 'alpha',
      usage_object: { prompt_tokens_details: { cached_tokens: 'lots' } },
    },
  }),
  row({
    request_id: 'prev-ok',
    startTime: '2026-03-10 09:10:00',
    endTime: '2026-03-10 09:10:00.500',
    request_duration_ms: 500,
    spend: 0.002,
    total_tokens: 40,
    prompt_tokens: 30,
    completion_tokens: 10,
  }),
  row({
    request_id: 'prev-fail',
    startTime: '2026-03-10 08:00:00',
    endTime: '2026-03-10 08:00:03',
    status: 'failure',
    metadata: {
      user_api_key_alias: 'alpha',
      error_information: { error_class: 'Timeout', error_code: '408' },
    },
  }),
  row({
    request_id: 'before-prev',
    startTime: '2026-03-10 07:59:59.999',
    endTime: '2026-03-10 08:00:00',
    request_duration_ms: 1,
  }),
];

export async function loadTrafficFixture(exec: Exec, ddl: DdlOptions = {}): Promise<void> {
  await loadFixture(exec, ddl);
  const withStatus = ddl.withStatusColumn ?? true;
  const rows = TRAFFIC_ROWS.map((r) =>
    withStatus ? r : { ...r, metadata: { status: r.status, ...r.metadata } },
  );
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    rows,
    [
      'request_id',
      'startTime',
      'endTime',
      'request_duration_ms',
      'completionStartTime',
      'model',
      'model_group',
      'api_base',
      'end_user',
      'session_id',
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'spend',
      'metadata',
      ...(withStatus ? (['status'] as const) : []),
    ],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp', completionStartTime: 'timestamp' },
  );
  if (ddl.withErrorLogs ?? true) {
    await exec(
      `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", model_group, litellm_model_name, exception_type, status_code)
       VALUES ('7c9e2a41-5b3d-4f6e-8a1c-2d3e4f5a6b07', '2026-03-10 09:30:00', '2026-03-10 09:30:01', 'gpt-4o', 'azure/gpt-4o-eu', 'RateLimitError', '429')`,
    );
  }
}
