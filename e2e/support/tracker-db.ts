import { execFileSync } from 'node:child_process';
import type { TestMariaDb } from '../../electron/test-support/mariadb-server.ts';
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

/**
 * A router's `request_logs` as SQL both SQLite and MariaDB run, over the 24 hours before `now`: 150
 * calls, HTTP 500 on one in fifteen (fewer than the burst), and the same burst of rate limits (HTTP 429).
 */
function routerSql(now: number, timeType: string): string {
  const at = (ms: number) => `'${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')}000'`;
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const rows: string[] = [];
  for (let i = 0; i < 150; i++) {
    const code = i % 15 === 4 ? 500 : 200;
    const error = code === 500 ? quote(`HTTP 500: provider error on attempt ${i}`) : 'NULL';
    rows.push(
      `(${i + 1}, ${at(now - (i * 9 + 1) * 60_000)}, ${quote(i % 2 ? 'claude-3-5-sonnet' : 'gpt-4o')}, 'provider-${i % 2}', 'key-${i % 4}', ${code}, ${error}, ${300 + i})`,
    );
  }
  const quarter = 15 * 60_000;
  const burstAt = Math.floor((now - 3 * 3600_000) / quarter) * quarter + 60_000;
  for (let i = 0; i < TRACKER_BURST.size; i++) {
    rows.push(
      `(${1000 + i}, ${at(burstAt + i * 30_000)}, 'gpt-4o', 'provider-0', ${quote(TRACKER_BURST.user)}, 429, ${quote(TRACKER_BURST.message(i))}, 40)`,
    );
  }
  return `CREATE TABLE providers (id integer PRIMARY KEY, name varchar(255));
CREATE TABLE request_logs (id integer PRIMARY KEY, created_at ${timeType} NOT NULL, model varchar(255), provider varchar(255),
  api_key_name varchar(255), status_code integer, error text, latency_ms integer);
INSERT INTO request_logs VALUES ${rows.join(',\n')};
`;
}

/** The router's `request_logs` in a SQLite file. */
export function createRouterSqlite(file: string, now = Date.now()): void {
  execFileSync('sqlite3', [file], { input: routerSql(now, 'datetime') });
}

/** The same router table in a MariaDB database (milliseconds kept: `datetime(3)`). */
export async function createRouterMariaDb(
  server: TestMariaDb,
  database: string,
  now = Date.now(),
): Promise<void> {
  await server.exec(routerSql(now, 'datetime(3)'), [], database);
}

/** Failures (outside HTTP 200–399) of the SQLite table in [from, to), counted by sqlite3 itself. */
export function countRouterFailures(file: string, range: { from: string; to: string }): number {
  const text = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
  const sql = `SELECT count(*) FROM request_logs WHERE status_code NOT BETWEEN 200 AND 399 AND created_at >= '${text(range.from)}' AND created_at < '${text(range.to)}'`;
  return Number(execFileSync('sqlite3', ['-readonly', file, sql], { encoding: 'utf8' }).trim());
}
