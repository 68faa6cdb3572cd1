import { isAbsolute, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { DirectTarget } from '../../../shared/connection.ts';
import { parseDatabaseUrl } from './connection-url.ts';
import type { MysqlTarget } from './mysql-database.ts';

export type ParsedSourceUrl =
  | { engine: 'postgres'; target: DirectTarget; password: string | undefined }
  | { engine: 'mysql'; target: MysqlTarget; password: string | undefined }
  | { engine: 'sqlite'; file: string };

const SQLITE_PATH = /\.(db|sqlite|sqlite3)$/i;

/** True for what `--url` takes as a SQLite file: `sqlite:///abs/path.db` or a plain path ending .db/.sqlite/.sqlite3. */
export function isSqliteLocation(url: string): boolean {
  return url.startsWith('sqlite:') || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && SQLITE_PATH.test(url));
}

/** `postgres://…`, `mysql://user[:pw]@host[:port]/db`, `sqlite:///abs/path.db` or a plain SQLite path. */
export function parseSourceUrl(url: string, cwd: string = process.cwd()): ParsedSourceUrl {
  if (isSqliteLocation(url)) {
    let file: string;
    if (url.startsWith('sqlite:')) {
      const m = /^sqlite:\/\/(\/.+)$/.exec(url);
      if (!m) throw new AppError('BAD_ARGUMENT', '--url: expected sqlite:///ABSOLUTE/PATH.db (three slashes)');
      file = decodeURIComponent(m[1]!);
    } else file = isAbsolute(url) ? url : resolve(cwd, url);
    return { engine: 'sqlite', file };
  }
  if (/^(mysql|mariadb):/i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppError('BAD_ARGUMENT', '--url: expected mysql://user[:password]@host[:port]/database');
    }
    if (!parsed.hostname) throw new AppError('BAD_ARGUMENT', '--url: the host is missing');
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!database) throw new AppError('BAD_ARGUMENT', '--url: the database name is missing (…/DATABASE)');
    return {
      engine: 'mysql',
      target: {
        host: parsed.hostname.replace(/^\[|\]$/g, ''),
        port: parsed.port ? Number(parsed.port) : 3306,
        database,
        user: decodeURIComponent(parsed.username) || 'root',
      },
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^postgres(ql)?:/i.test(url)) {
    throw new AppError('BAD_ARGUMENT', `--url: expected postgres://, mysql://, sqlite:///PATH.db or a path ending .db/.sqlite/.sqlite3, got "${url.split(':')[0]}:"`);
  }
  return { engine: 'postgres', ...parseDatabaseUrl(url) };
}
