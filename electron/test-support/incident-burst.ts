/**
 * The incident of issue #22 on an `llm_tracker_usage` table: 120 throttled calls on qwen-plus
 * 09:00–09:20 and 42 context-length failures spread over the day. Messages in the shape the OpenAI
 * Python SDK (used against DashScope's OpenAI-compatible mode) raises: `Error code: NNN - {body}`
 * (openai/_exceptions.py, `APIStatusError` message), with DashScope's error codes
 * (`Throttling.RateQuota`, `invalid_parameter_error`) as named in its error-code documentation.
 */
export const INCIDENT_DAY = { from: '2026-11-21T08:00:00.000Z', to: '2026-11-21T14:00:00.000Z' };
export const INCIDENT = { at: Date.parse('2026-11-21T09:00:00.000Z'), size: 120, model: 'qwen-plus' };
export const CONTEXT_ERRORS = 42;

const uuid = (i: number) => `5e1f0c2a-9b7d-4c3e-8a6f-${String(i).padStart(12, '0')}`;

export const throttled = (i: number) =>
  `Error code: 429 - {'error': {'code': 'Throttling.RateQuota', 'message': 'Requests rate limit exceeded, please try again later.', 'type': 'Throttling.RateQuota'}, 'request_id': '${uuid(i)}'}`;
export const tooLong = (i: number) =>
  `Error code: 400 - {'error': {'code': 'invalid_parameter_error', 'message': 'maximum context length is 128000 tokens, requested ${128_001 + i * 97}', 'type': 'invalid_request_error'}, 'request_id': '${uuid(1000 + i)}'}`;

export interface TrackerRow {
  id: string;
  user: string;
  model: string;
  error: string | null;
  at: number;
}

/** The failed and a few successful calls, oldest first. */
export function incidentRows(): TrackerRow[] {
  const rows: TrackerRow[] = [];
  for (let i = 0; i < INCIDENT.size; i++)
    rows.push({
      id: `t-${i}`,
      user: 'agent',
      model: INCIDENT.model,
      error: throttled(i),
      at: INCIDENT.at + i * 10_000,
    });
  const day = Date.parse(INCIDENT_DAY.from);
  for (let i = 0; i < CONTEXT_ERRORS; i++)
    rows.push({
      id: `c-${i}`,
      user: 'batch',
      model: 'qwen-max',
      error: tooLong(i),
      at: day + i * 8 * 60_000 + 3_000,
    });
  for (let i = 0; i < 30; i++)
    rows.push({
      id: `ok-${i}`,
      user: 'agent',
      model: INCIDENT.model,
      error: null,
      at: day + i * 11 * 60_000,
    });
  return rows.sort((a, b) => a.at - b.at);
}

const lit = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);

/** The table as SQLite statements (the column types of the built-in `llm_tracker_usage` shape). */
export function incidentSqlite(): string {
  const values = incidentRows().map(
    (r) =>
      `(${lit(r.id)}, ${lit(r.user)}, ${lit(r.model)}, 10, 0, 10, ${r.error ? 0 : 1}, ${lit(r.error)}, '{}', '${new Date(r.at).toISOString().replace('T', ' ').replace('Z', '')}')`,
  );
  return `CREATE TABLE llm_tracker_usage (id TEXT PRIMARY KEY, user_id TEXT, model TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, total_tokens INTEGER, success bool, error TEXT, metadata TEXT, created_at datetime);
INSERT INTO llm_tracker_usage VALUES ${values.join(',\n')};
`;
}
