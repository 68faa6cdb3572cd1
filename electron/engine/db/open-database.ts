import { resolve } from 'node:path';
import type { DirectTarget } from '../../../shared/connection.ts';
import { parseSourceUrl, type MysqlTarget, type SourceUrlOptions } from '../../../shared/source-url.ts';
import type { Database } from './database.ts';
import { MysqlDatabase } from './mysql-database.ts';
import { PgDatabase } from './pg-database.ts';
import { SqliteDatabase } from './sqlite-database.ts';

/** A database this process reaches itself, by driver: a server over TCP or a SQLite file. */
export type DirectDatabase =
  | { engine: 'postgres'; target: DirectTarget; password?: string | undefined }
  | { engine: 'mysql'; target: MysqlTarget; password?: string | undefined }
  | { engine: 'sqlite'; file: string };

/** The one place a driver class is picked for a direct connection (URLs and direct/file profiles). */
export function openDatabase(where: DirectDatabase, statementTimeoutMs?: number): Database {
  const timeout = statementTimeoutMs ? { statementTimeoutMs } : {};
  switch (where.engine) {
    case 'sqlite':
      return new SqliteDatabase(where.file, statementTimeoutMs);
    case 'mysql':
      return new MysqlDatabase({ target: where.target, password: where.password, ...timeout });
    case 'postgres':
      return new PgDatabase({ target: where.target, password: where.password, ...timeout });
  }
}

/** How this process reads a URL: PGUSER when a postgres:// URL names no user, a relative SQLite path from the working folder. */
export const localUrlOptions = (): SourceUrlOptions => ({
  pgUser: process.env.PGUSER,
  resolvePath: (path) => resolve(path),
});

/** The bare database a `--url` names (no table mapping); the password from the URL or the engine's variable. */
export function databaseForUrl(url: string, statementTimeoutSeconds?: number): Database {
  const parsed = parseSourceUrl(url, localUrlOptions());
  const timeoutMs = statementTimeoutSeconds ? statementTimeoutSeconds * 1000 : undefined;
  if (parsed.engine === 'sqlite') return openDatabase(parsed, timeoutMs);
  const fromEnv = parsed.engine === 'mysql' ? process.env.MYSQL_PWD : process.env.PGPASSWORD;
  return openDatabase({ ...parsed, password: parsed.password ?? fromEnv } as DirectDatabase, timeoutMs);
}
