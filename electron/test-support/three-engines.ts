import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../../shared/source-mapping.ts';
import type { Database } from '../engine/db/database.ts';
import { MysqlDatabase } from '../engine/db/mysql-database.ts';
import { PgDatabase } from '../engine/db/pg-database.ts';
import { parsePostgresUrl } from '../../shared/source-url.ts';
import { SqliteDatabase } from '../engine/db/sqlite-database.ts';
import { fixtureStatements } from './call-log-fixture.ts';
import { destroyMariaDb, startMariaDb, type TestMariaDb } from './mariadb-server.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from './pg-server.ts';

export const MYSQL_USER = { user: 'logdesk', password: 's3cret \'pw" $x' };

/** A real PostgreSQL, a real MariaDB and a SQLite file, each loaded with the call-log fixture. */
export interface ThreeEngines {
  pg: TestPostgres;
  maria: TestMariaDb;
  sqliteFile: string;
  /** Independent SQL, run as the fixture's owner (not through Logdesk). */
  oracle: Record<Dialect, (sql: string) => Promise<Record<string, unknown>[]>>;
  open(dialect: Dialect): Database;
  stop(): Promise<void>;
}

/** The three engines, loaded with `statements` (the call-log fixture unless another is given). */
export async function startThreeEngines(
  statements: (dialect: Dialect) => string[] = fixtureStatements,
): Promise<ThreeEngines> {
  const [pg, maria] = await Promise.all([startPostgres(), startMariaDb()]);
  await pg.createDatabase('calls');
  for (const s of statements('postgres')) await pg.exec(s, [], 'calls');
  await maria.createDatabase('calls', MYSQL_USER.user, MYSQL_USER.password);
  for (const s of statements('mysql')) await maria.exec(s, [], 'calls');
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-sqlite-'));
  const sqliteFile = join(dir, 'calls.db');
  execFileSync('sqlite3', [sqliteFile], { input: statements('sqlite').join(';\n') + ';\n' });
  const opened: Database[] = [];
  const sqliteRows = async (sql: string) =>
    JSON.parse(
      execFileSync('sqlite3', ['-readonly', '-json', sqliteFile, sql], { encoding: 'utf8' }) || '[]',
    ) as Record<string, unknown>[];
  return {
    pg,
    maria,
    sqliteFile,
    oracle: {
      postgres: async (sql) => (await pg.exec(sql, [], 'calls')).rows,
      mysql: async (sql) => (await maria.exec(sql, [], 'calls')) as Record<string, unknown>[],
      sqlite: sqliteRows,
    },
    open(dialect) {
      const db =
        dialect === 'postgres'
          ? new PgDatabase({ target: parsePostgresUrl(pg.url('calls')).target })
          : dialect === 'mysql'
            ? new MysqlDatabase({
                target: { host: maria.host, port: maria.port, database: 'calls', user: MYSQL_USER.user },
                password: MYSQL_USER.password,
              })
            : new SqliteDatabase(sqliteFile);
      opened.push(db);
      return db;
    },
    async stop() {
      await Promise.all(opened.map((db) => db.close()));
      await Promise.all([destroyPostgres(pg), destroyMariaDb(maria)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
