import { AppError } from '../../../../shared/errors.ts';

interface MysqlLikeError {
  code?: string;
  errno?: number;
  message?: string;
}

/** Maps mysql2 and server errors to codes a user can act on. */
export function mapMysqlError(err: unknown, where: string): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as MysqlLikeError;
  const message = e.message ?? String(err);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new AppError(
        'CONNECTION_FAILED',
        `Connection refused by ${where}: is MySQL running and the port right?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('CONNECTION_FAILED', `Cannot resolve the host of ${where}`);
    case 'ETIMEDOUT':
      return new AppError('CONNECTION_FAILED', `Cannot reach ${where} (${e.code})`);
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
      return new AppError('CONNECTION_FAILED', `Connection to ${where} was lost`);
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return new AppError('AUTH_FAILED', `Login to ${where} refused: ${message}`);
    case 'ER_BAD_DB_ERROR':
      return new AppError('CONNECTION_FAILED', `Database does not exist at ${where}: ${message}`);
    case 'ER_NO_SUCH_TABLE':
    case 'ER_BAD_FIELD_ERROR':
      return new AppError('SCHEMA_MISSING', `${message} on ${where}`);
    case 'ER_QUERY_INTERRUPTED':
      return new AppError('CANCELLED', 'The query was cancelled');
    // MariaDB's max_statement_time and MySQL's max_execution_time.
    case 'ER_STATEMENT_TIMEOUT':
    case 'ER_QUERY_TIMEOUT':
      return new AppError('TIMEOUT', `The query ran past its statement timeout on ${where}`);
  }
  if (e.errno === 1969 || e.errno === 3024)
    return new AppError('TIMEOUT', `The query ran past its statement timeout on ${where}`);
  return new AppError('QUERY_FAILED', `Query failed on ${where}: ${message}`);
}
