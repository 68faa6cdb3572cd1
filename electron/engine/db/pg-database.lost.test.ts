import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from './pg-database.ts';

let server: TestPostgres;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  if (server) await destroyPostgres(server);
});

describe('a server that goes away while a read holds its connection', () => {
  it('fails that read with a connection error instead of crashing the process, and reads again once it is back', async () => {
    const db = new PgDatabase({ target: parsePostgresUrl(server.url()).target });
    try {
      const err = await db
        .readOnly(async (sql) => {
          await sql.query('SELECT 1');
          // Between two statements (e.g. while a page of errors is grouped) the server stops.
          await server.stop();
          await new Promise((r) => setTimeout(r, 500));
          return sql.query('SELECT 2');
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('CONNECTION_FAILED');
      await server.start();
      const [row] = await db.readOnly((sql) => sql.query<{ n: number }>('SELECT 3 AS n'));
      expect(row?.n).toBe(3);
    } finally {
      await db.close();
    }
  });
});
