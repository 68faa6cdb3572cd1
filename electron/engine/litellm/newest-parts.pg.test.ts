import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { parseDatabaseUrl } from '../db/connection-url.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { litellmDdl } from './ddl.ts';
import { errorSetParams, NEWEST_PART_ROWS, rowsSql } from './error-query.ts';
import { investigate, mapErrorRow, resolveQuery } from './investigate.ts';
import { detectSchema } from './schema.ts';

/** More errors than fit in two parts, many sharing a start time, so ties must keep their order. */
const ERRORS = 2 * NEWEST_PART_ROWS + 345;
const RANGE = { from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' };
const NOW = Date.parse('2026-03-12T00:00:00Z');

let server: TestPostgres;
let db: PgDatabase;

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('parts');
  const client = new pg.Client({ connectionString: server.url('parts') });
  await client.connect();
  for (const statement of litellmDdl().split(';\n')) await client.query(statement);
  await client.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, status, metadata)
     SELECT 'req-' || i, ts, ts + interval '2 second', 'gpt-4o', 'gpt-4o', CASE WHEN i % 7 = 0 THEN 'success' ELSE 'failure' END,
            jsonb_build_object('error_information', jsonb_build_object('error_class', 'Timeout', 'error_message', 'took too long ' || i))
       FROM generate_series(1, $1::int) i,
            LATERAL (SELECT timestamp '2026-03-10 00:00:00' + (i / 3) * interval '10 second' AS ts) t`,
    [Math.ceil((ERRORS * 7) / 6) + 7],
  );
  await client.query(
    `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", exception_type, exception_string, status_code)
     SELECT 'only-' || i, timestamp '2026-03-10 06:00:00', timestamp '2026-03-10 06:00:01', 'BadRequestError', 'bad ' || i, '400'
       FROM generate_series(1, 40) i`,
  );
  await client.end();
  db = new PgDatabase({ target: parseDatabaseUrl(server.url('parts')).target });
}, 120_000);

afterAll(async () => {
  await db?.close();
  if (server) await destroyPostgres(server);
});

describe('the investigation reads its newest rows in parts', () => {
  it('gives every row, in the order of the plain newest-rows statement, across part boundaries', async () => {
    const filters = Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 100_000 });
    const result = await investigate(db, filters, { now: NOW });
    const query = resolveQuery(filters, NOW);
    const expected = await db.readOnly(async (sql) => {
      const schema = await detectSchema(sql);
      return (await sql.query(rowsSql(schema), [...errorSetParams(query), query.limit])).map((r) => mapErrorRow(r));
    });
    expect(expected.length).toBeGreaterThan(2 * NEWEST_PART_ROWS);
    expect(result.total).toBe(expected.length);
    expect(result.errors).toEqual(expected);
  });

  it('keeps to the limit, and an empty range has no part at all', async () => {
    const limited = await investigate(db, Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: NEWEST_PART_ROWS + 1 }), { now: NOW });
    expect(limited.errors).toHaveLength(NEWEST_PART_ROWS + 1);
    const empty = await investigate(
      db,
      Filters.parse({ timeRange: { kind: 'absolute', from: '2020-01-01T00:00:00.000Z', to: '2020-01-02T00:00:00.000Z' }, limit: 100_000 }),
      { now: NOW },
    );
    expect(empty.total).toBe(0);
    expect(empty.errors).toEqual([]);
  });
});
