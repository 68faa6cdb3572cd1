import { AppError } from '../../../../shared/errors.ts';

/** SQLite's messages as codes a user can act on; `busyMs` is how long a writer's lock was waited for. */
export function mapSqliteError(message: string, where: string, busyMs: number): AppError {
  if (/database is locked|SQLITE_BUSY/i.test(message))
    return new AppError(
      'QUERY_FAILED',
      `${where} is locked by a writer that held it for more than ${Math.round(busyMs / 1000)} s; nothing uncommitted was read: try again once it commits (${message})`,
    );
  if (/no such table|no such column/i.test(message))
    return new AppError('SCHEMA_MISSING', `${message} in ${where}`);
  if (/readonly|read-only|query_only/i.test(message))
    return new AppError(
      'QUERY_FAILED',
      `Refused: ${where} is opened read-only (${message}); where no write was asked for, SQLite itself had to write beside the file (a WAL database without its -shm file, or a crashed writer's journal) in a folder this user cannot write: read a copy of it`,
    );
  if (/unable to open|not a database|no such file/i.test(message))
    return new AppError('CONNECTION_FAILED', `Cannot open ${where}: ${message}`);
  return new AppError('QUERY_FAILED', `Query failed on ${where}: ${message}`);
}
