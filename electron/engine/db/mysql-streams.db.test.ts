import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariaDb, type TestMariaDb } from '../../test-support/mariadb-server.ts';
import type { SqlRunner } from './database.ts';
import { MysqlDatabase } from './mysql-database.ts';

/**
 * A full read of a MySQL/MariaDB source (patterns, exports) paged its statement with OFFSET, running
 * the scan and sort of the whole range once per page (10 times for 50k failures: 40 s at 1M rows);
 * the session now streams one statement's rows a page at a time.
 */
let maria: TestMariaDb;
let db: MysqlDatabase;
const USER = { user: 'reader', password: 'pw-streams' };

beforeAll(async () => {
  maria = await startMariaDb();
  await maria.createDatabase('streams', USER.user, USER.password);
  await maria.exec('CREATE TABLE n (i INT PRIMARY KEY)', [], 'streams');
  await maria.exec('INSERT INTO n (i) SELECT seq FROM seq_1_to_25', [], 'streams');
  // Columns as wide as llm_tracker_usage's model and user_id, one group per row.
  await maria.exec(
    `CREATE TABLE calls (model varchar(100), user_id varchar(64), created_at datetime(6));
     INSERT INTO calls SELECT concat('model-', seq % 7), concat('user', seq), TIMESTAMP'2026-11-01 00:00:00' + INTERVAL seq SECOND
       FROM seq_1_to_40000`,
    [],
    'streams',
  );
  db = new MysqlDatabase({
    target: { host: maria.host, port: maria.port, database: 'streams', user: USER.user },
    password: USER.password,
  });
}, 120_000);

afterAll(async () => {
  await db?.close();
  await maria?.stop();
});

async function pagesOf(sql: SqlRunner, where: string, pageSize = 10): Promise<number[][]> {
  const pages = sql.stream!(`SELECT i FROM n WHERE ${where} ORDER BY i`, [], pageSize);
  const out: number[][] = [];
  for (;;) {
    const rows = await pages.next();
    if (rows.length) out.push(rows.map((r) => Number(r.i)));
    if (rows.length < pageSize) return out;
  }
}

/** A counter of this session's status (information_schema.SESSION_STATUS). */
async function sessionStatus(sql: SqlRunner, name: string): Promise<number> {
  const [row] = await sql.query(
    'SELECT VARIABLE_VALUE AS v FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = ?',
    [name],
  );
  return Number(row!.v);
}

describe('MySQL/MariaDB streamed reads', () => {
  it('hands out one statement in pages, in order, and a drained stream frees the session', async () => {
    const count = (sql: SqlRunner) => sessionStatus(sql, 'COM_STMT_EXECUTE');
    await db.readOnly(async (sql) => {
      expect(sql.stream).toBeTypeOf('function');
      const before = await count(sql);
      const pages = await pagesOf(sql, 'i > 0');
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(pages.flat()).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
      // One execution for the three pages (and the status read itself).
      expect((await count(sql)) - before).toBe(2);

      // Abandoned after its first page: drained, and the session answers the next statement.
      const partial = sql.stream!('SELECT i FROM n ORDER BY i', [], 4);
      expect((await partial.next()).map((r) => Number(r.i))).toEqual([1, 2, 3, 4]);
      await partial.drain();
      expect(await sql.query('SELECT count(*) AS c FROM n WHERE i > ?', [20])).toEqual([{ c: 5 }]);
    });
    // And the next session streams from the start.
    expect((await db.readOnly((sql) => pagesOf(sql, 'i > 20'))).flat()).toEqual([21, 22, 23, 24, 25]);
  }, 60_000);
});

describe('MySQL/MariaDB read sessions', () => {
  it('group tens of thousands of keys in memory, not in a temporary table on disk', async () => {
    // usage's grouping by bucket, model and key at 1M rows: 32,550 groups of ≈ 700 bytes went past the
    // default 16 MiB and MariaDB moved the table to disk (10.1 s against 5.4 s in memory).
    const onDisk = (sql: SqlRunner) => sessionStatus(sql, 'CREATED_TMP_DISK_TABLES');
    await db.readOnly(async (sql) => {
      const before = await onDisk(sql);
      const groups = await sql.query<{ groups: number }>(
        `SELECT count(*) AS \`groups\` FROM (
           SELECT floor(UNIX_TIMESTAMP(created_at) / 3600) AS b, CAST(model AS CHAR) AS model, CAST(user_id AS CHAR) AS k, count(*) AS n
             FROM calls GROUP BY b, model, k) g`,
      );
      expect(Number(groups[0]!.groups)).toBe(40_000);
      expect((await onDisk(sql)) - before).toBe(0);
    });
  }, 60_000);
});
