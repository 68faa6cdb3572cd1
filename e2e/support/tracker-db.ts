import type { TestPostgres } from '../../electron/test-support/pg-server.ts';

/** The burst of one error the mapped table holds: same message shape, one model, one user, 7 minutes inside one quarter hour, about 3 h ago. */
export const TRACKER_BURST = {
  size: 14,
  model: 'gpt-4o',
  user: 'batch-worker',
  message: (i: number) =>
    `RateLimitError: Rate limit reached for gpt-4o in organization org-${200 + i} on tokens per min`,
};
/** A value a terminal would act on, and one too long for a grid cell. */
export const HOSTILE_ERROR = 'Upstream said \u001b[31mred\u001b[0m then hung up';
export const LONG_ERROR = `APIConnectionError: ${'connection reset by peer; '.repeat(8)}gave up`;

const BACKGROUND = [
  'APIConnectionError: upstream closed connection after 30000 ms',
  'Timeout: request took longer than 600 s',
  'BadRequestError: context length exceeded for model claude-3-5-sonnet',
];

/**
 * A Django llm_tracker app's `llm_tracker_usage` (DESIGN §9) over the last 24 hours, plus an
 * `app_name` column the built-in mapping does not know: 200 calls, one in ten failing with a
 * background error, and a burst of one error 3 h ago.
 */
export async function createTrackerDatabase(
  server: TestPostgres,
  database: string,
  now = Date.now(),
): Promise<void> {
  await server.createDatabase(database);
  await server.exec(
    `CREATE TABLE llm_tracker_usage (
       id uuid PRIMARY KEY, user_id text, model text, prompt_tokens integer, completion_tokens integer,
       total_tokens integer, cached_tokens integer, reasoning_tokens integer, success boolean NOT NULL,
       error text, metadata jsonb, created_at timestamptz NOT NULL, app_name text)`,
    [],
    database,
  );
  const rows: unknown[][] = [];
  const id = (prefix: string, i: number) => `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  for (let i = 0; i < 200; i++) {
    const fail = i % 10 === 4;
    // The first failure lands in the form's five sample rows.
    const error = !fail ? null : i === 4 ? `${HOSTILE_ERROR} ${LONG_ERROR}` : BACKGROUND[i % 3]!;
    const tokens = i % 9 === 0 ? null : 100 + i;
    rows.push([
      id('a', i),
      ['alice', 'bob', 'carol'][i % 3],
      i % 2 ? 'claude-3-5-sonnet' : 'gpt-4o',
      tokens,
      tokens && 20,
      tokens && tokens + 20,
      0,
      0,
      !fail,
      error,
      JSON.stringify({ node_name: `node-${i % 2}` }),
      new Date(now - (i * 7 + 1) * 60_000),
      i % 2 ? 'search' : 'summariser',
    ]);
  }
  // Inside one 15-minute bucket (buckets start on the epoch's quarter hours), whenever the test runs.
  const quarter = 15 * 60_000;
  const burstAt = Math.floor((now - 3 * 3600_000) / quarter) * quarter + 60_000;
  for (let i = 0; i < TRACKER_BURST.size; i++) {
    rows.push([
      id('b', i),
      TRACKER_BURST.user,
      TRACKER_BURST.model,
      null,
      null,
      null,
      null,
      null,
      false,
      TRACKER_BURST.message(i),
      '{}',
      new Date(burstAt + i * 30_000),
      'batch',
    ]);
  }
  const width = rows[0]!.length;
  const values = rows
    .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`)
    .join(', ');
  await server.exec(`INSERT INTO llm_tracker_usage VALUES ${values}`, rows.flat(), database);
}

/** Failures of the table in [from, to), counted by SQL written here, not by Logdesk. */
export async function countTrackerFailures(
  server: TestPostgres,
  database: string,
  range: { from: string; to: string },
): Promise<number> {
  const result = await server.exec(
    `SELECT count(*)::int AS n FROM llm_tracker_usage WHERE NOT success AND created_at >= $1 AND created_at < $2`,
    [range.from, range.to],
    database,
  );
  return Number(result.rows[0].n);
}
