/**
 * A standalone bench (the scale bench measures reads on every transport): reading every matching error of a large incident — what pattern
 * grouping and the CSV export do — from a throwaway PostgreSQL (Debian `postgresql`), through a
 * server-side cursor (direct, SSH, demo) and through keyset pages (psql over exec). `--errors N`.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Filters } from '../shared/filters.ts';
import { parsePostgresUrl } from '../shared/source-url.ts';
import type { Database } from '../electron/engine/db/database.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { insertRows } from '../electron/engine/demo/loader.ts';
import { litellmDdl } from '../electron/engine/sources/litellm/ddl.ts';
import { forEachErrorPage } from '../electron/engine/sources/litellm/error-pages.ts';
import { investigate } from '../electron/engine/sources/litellm/investigate.ts';
import { resolveQuery } from '../electron/engine/query/resolve-query.ts';
import { destroyPostgres, startPostgres } from '../electron/test-support/pg-server.ts';
import { fmt, machineLine, writeBenchSection } from './bench-file.ts';
import { withoutCursors } from '../electron/test-support/without-cursors.ts';

const { values } = parseArgs({
  options: {
    errors: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const ERRORS = Number(values.errors);
if (!Number.isInteger(ERRORS) || ERRORS < 1_000)
  throw new Error('--errors: expected a whole number of at least 1000');

const END = Date.UTC(2026, 2, 10, 12);
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-1.5-pro'];
const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function load(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const exec = (sql: string, params?: readonly unknown[]) => client.query(sql, params as unknown[]);
  for (const statement of litellmDdl().split(';\n')) await exec(statement);
  // Failed calls every 250 ms: each in SpendLogs (status failure) and, as LiteLLM writes them, its ErrorLogs twin.
  const at = (i: number) => sqlTime(END - i * 250);
  const ids = Array.from({ length: ERRORS }, (_, i) => `req-${String(i).padStart(7, '0')}`);
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    ids.map((request_id, i) => ({
      request_id,
      startTime: at(i),
      endTime: at(i),
      model: `azure/${MODELS[i % 4]}`,
      model_group: MODELS[i % 4]!,
      status: 'failure',
      metadata: JSON.stringify({
        user_api_key_alias: `key-${i % 7}`,
        status: 'failure',
        error_information: {
          error_class: 'RateLimitError',
          error_message: `litellm.RateLimitError: limit reached (${i})`,
        },
      }),
    })),
    ['request_id', 'startTime', 'endTime', 'model', 'model_group', 'status', 'metadata'],
    { startTime: 'timestamp', endTime: 'timestamp', metadata: 'jsonb' },
    2_000,
  );
  await insertRows(
    exec,
    'LiteLLM_ErrorLogs',
    ids.map((request_id, i) => ({
      request_id,
      startTime: at(i),
      endTime: at(i),
      model_group: MODELS[i % 4]!,
      exception_type: 'RateLimitError',
      exception_string: `litellm.RateLimitError: limit reached (${i})`,
      status_code: '429',
    })),
    [
      'request_id',
      'startTime',
      'endTime',
      'model_group',
      'exception_type',
      'exception_string',
      'status_code',
    ],
    { startTime: 'timestamp', endTime: 'timestamp' },
    2_000,
  );
  await exec('ANALYZE');
  await client.end();
}

async function timeRead(
  db: Database,
  query: ReturnType<typeof resolveQuery>,
): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const rows = await forEachErrorPage(db, query, () => undefined, { timeoutMs: 300_000 });
  return { ms: performance.now() - started, rows };
}

const load0 = loadavg()[0]!;
const server = await startPostgres();
try {
  await server.createDatabase('bench');
  await load(server.url('bench'));
  const db = new PgDatabase({ target: parsePostgresUrl(server.url('bench')).target });
  try {
    const filters = Filters.parse({
      timeRange: {
        kind: 'absolute',
        from: new Date(END - ERRORS * 250 - 60_000).toISOString(),
        to: new Date(END + 60_000).toISOString(),
      },
    });
    const query = resolveQuery(filters, END);
    const started = performance.now();
    const totals = await investigate(db, filters, { now: END, timeoutMs: 300_000 });
    const investigateMs = performance.now() - started;
    // Warm once, then measure each path twice and keep the better run.
    await timeRead(db, query);
    const best = async (source: Database) => {
      const a = await timeRead(source, query);
      const b = await timeRead(source, query);
      return a.ms <= b.ms ? a : b;
    };
    const cursor = await best(db);
    const keyset = await best(withoutCursors(db));
    if (cursor.rows !== totals.total || keyset.rows !== totals.total)
      throw new Error(`read ${cursor.rows}/${keyset.rows} errors, expected ${totals.total}`);
    const section = await writeBenchSection(
      values.out!,
      'reads',
      `## Reading every matching error (\`node --import tsx scripts/bench-reads.ts\`; the scale bench measures reads on every transport)

${fmt(totals.total)} failed requests, each in LiteLLM_SpendLogs and as its LiteLLM_ErrorLogs twin (merged into one error
per request id), read newest first in pages of 5,000 inside one read-only snapshot, as pattern grouping and the
CSV export read them. A throwaway PostgreSQL ${(await db.readOnly((sql) => sql.query<{ server_version: string }>('SHOW server_version')))[0]!.server_version} on the same machine.
${machineLine(load0)}

| Measure | Result |
|---|---|
| Totals, breakdowns, timeline and newest 1,000 rows (\`investigate\`), ms | ${fmt(investigateMs)} |
| All errors through a server-side cursor (direct, SSH tunnel, demo), ms | **${fmt(cursor.ms)}** (${fmt(cursor.rows / (cursor.ms / 1000))} errors/s) |
| All errors through keyset pages (psql over docker/kubectl exec), ms | ${fmt(keyset.ms)} (${fmt(keyset.rows / (keyset.ms / 1000))} errors/s) |`,
    );
    console.log(section);
  } finally {
    await db.close();
  }
} finally {
  await destroyPostgres(server);
}
