import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../../shared/filters.ts';
import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import type { Database } from '../../db/database.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';
import { destroyPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../../test-support/shared-postgres.ts';
import { forEachErrorPage } from './error-pages.ts';
import { errorSetParams, rowsSql } from './error-query.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { detectSchema } from './schema.ts';
import { withoutCursors } from '../../../test-support/without-cursors.ts';

let server: TestPostgres;
let db: PgDatabase;
let query: ResolvedQuery;

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  // Five failed requests within one millisecond (LiteLLM's columns are timestamp(3); a hand-made table
  // may keep microseconds): a page boundary among them must neither skip nor repeat one.
  await client.query('ALTER TABLE "LiteLLM_SpendLogs" ALTER COLUMN "startTime" TYPE timestamp(6)');
  for (let i = 0; i < 5; i++) {
    await client.query(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model_group, status, metadata)
       VALUES ($1, $2::timestamp, $2::timestamp, 'gpt-4o', 'failure', $3::jsonb)`,
      [
        `same-ms-${i}`,
        `2026-03-10 11:30:00.1234${9 - i}`,
        JSON.stringify({
          error_information: { error_class: 'RateLimitError', error_code: '429', error_message: 'burst' },
        }),
      ],
    );
  }
  await client.end();
  db = new PgDatabase({ target: parsePostgresUrl(server.url('gateway')).target });
  query = resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), Date.parse(RANGE.to));
});

afterAll(async () => {
  await db?.close();
  if (server) await destroyPostgres(server);
});

async function pages(source: Database, pageSize: number): Promise<string[][]> {
  const out: string[][] = [];
  await forEachErrorPage(source, query, (rows) => void out.push(rows.map((r) => r.requestId)), { pageSize });
  return out;
}

describe('forEachErrorPage', () => {
  it('reads every match once, newest first, through a cursor and through keyset pages alike', async () => {
    const all = await db.readOnly(async (sql) => {
      const rows = await sql.query(rowsSql(await detectSchema(sql)), [...errorSetParams(query), 100_000]);
      return rows.map((r) => String(r.request_id));
    });
    expect(all).toEqual(expect.arrayContaining(['same-ms-0', 'same-ms-4']));
    for (const pageSize of [1, 2, 3, 1000]) {
      const viaCursor = await pages(db, pageSize);
      expect(viaCursor.flat()).toEqual(all);
      expect(viaCursor.every((p, i) => p.length === pageSize || i === viaCursor.length - 1)).toBe(true);
      expect(await pages(withoutCursors(db), pageSize)).toEqual(viaCursor);
    }
  });

  it('stops when the page handler says so', async () => {
    let calls = 0;
    const seen = await forEachErrorPage(db, query, () => ++calls < 2, { pageSize: 2 });
    expect([calls, seen]).toEqual([2, 4]);
  });
});
