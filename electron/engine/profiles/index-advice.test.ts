import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { loadFixture, RANGE } from '../../test-support/litellm-fixture.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { indexSuggestions } from './index-advice.ts';

let server: TestPostgres;
let db: PgDatabase;
const indexes = async () =>
  (
    await server.exec(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'LiteLLM_ErrorLogs' ORDER BY 1`,
      [],
      'fixture',
    )
  ).rows.map((r: { indexname: string }) => r.indexname);

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('fixture');
  const client = new pg.Client({ connectionString: server.url('fixture') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.query('ANALYZE');
  await client.end();
  db = new PgDatabase({ target: parsePostgresUrl(server.url('fixture')).target });
});

afterAll(async () => {
  await db?.close();
  if (server) await destroyPostgres(server);
});

describe('index advice of the connection test', () => {
  it('suggests the exact CREATE INDEX CONCURRENTLY for ErrorLogs."startTime", with what it measured, and creates nothing', async () => {
    const before = await indexes();
    const [suggestion, ...rest] = await indexSuggestions(db, Date.parse(RANGE.to));
    expect(rest).toEqual([]);
    expect(suggestion!.statement).toBe(
      'CREATE INDEX CONCURRENTLY "LiteLLM_ErrorLogs_startTime_idx" ON "LiteLLM_ErrorLogs" ("startTime");',
    );
    expect(suggestion!.benefit).toMatch(/reads all its ≈ [\d,]+ rows \(a 24 h count took \d+ ms here\)/);
    expect(await indexes()).toEqual(before);
  });

  it('says nothing once such an index exists', async () => {
    await server.exec(`CREATE INDEX ON "LiteLLM_ErrorLogs" ("startTime")`, [], 'fixture');
    expect(await indexSuggestions(db, Date.parse(RANGE.to))).toEqual([]);
  });
});
